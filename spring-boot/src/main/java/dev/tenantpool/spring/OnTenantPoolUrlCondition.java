package dev.tenantpool.spring;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** The condition of {@link ConditionalOnTenantPoolUrl}. */
final class OnTenantPoolUrlCondition extends SpringBootCondition {
  static final String URL_PROPERTY = "spring.datasource.url";
  static final String PREFIX = "jdbc:tenantpool:";

  @Override
  public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
    ConditionMessage.Builder message = ConditionMessage.forCondition(ConditionalOnTenantPoolUrl.class);
    String url;
    try {
      url = context.getEnvironment().getProperty(URL_PROPERTY);
    } catch (IllegalArgumentException e) {
      // An unresolvable placeholder: Boot's own DataSource set-up reports it.
      return ConditionOutcome.noMatch(message.because(URL_PROPERTY + " cannot be resolved"));
    }
    if (url != null && url.trim().startsWith(PREFIX)) {
      return ConditionOutcome.match(message.because(URL_PROPERTY + " starts with " + PREFIX));
    }
    return ConditionOutcome.noMatch(message.because(url == null ? URL_PROPERTY + " is not set"
        : URL_PROPERTY + " does not start with " + PREFIX));
  }
}
