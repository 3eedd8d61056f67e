package dev.tenantpool.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Conditional;

/**
 * Matches when {@code spring.datasource.url} is a TenantPool URL, one that starts with
 * {@code jdbc:tenantpool:}. Every part of the starter is behind it: with any other URL the
 * application's DataSource is Spring Boot's own and the starter does nothing.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(OnTenantPoolUrlCondition.class)
public @interface ConditionalOnTenantPoolUrl {}
