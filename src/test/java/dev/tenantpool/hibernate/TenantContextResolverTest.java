package dev.tenantpool.hibernate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tenantpool.TenantContext;
import org.junit.jupiter.api.Test;

class TenantContextResolverTest {
  @Test
  void answersTheTenantOfTheCurrentContext() {
    TenantContextResolver resolver = new TenantContextResolver();
    try (TenantContext.Scope scope = TenantContext.use("acme")) {
      assertThat(resolver.resolveCurrentTenantIdentifier()).isEqualTo("acme");
    }
  }

  @Test
  void answersNoTenantOutsideAnyContextUnlessADefaultTenantIsConfigured() {
    TenantContextResolver resolver = new TenantContextResolver();
    resolver.configure("template", null);
    assertThat(resolver.resolveCurrentTenantIdentifier()).as("never the root tenant").isEqualTo(TenantContextResolver.NO_TENANT);
    assertThat(TenantContextResolver.NO_TENANT).doesNotMatch(dev.tenantpool.TenantPoolProperty.TENANT_PATTERN.defaultValue());
    resolver.configure("template", "fallback");
    assertThat(resolver.resolveCurrentTenantIdentifier()).isEqualTo("fallback");
    try (TenantContext.Scope scope = TenantContext.use("acme")) {
      assertThat(resolver.resolveCurrentTenantIdentifier()).isEqualTo("acme");
    }
  }

  @Test
  void reportsOnlyTheRootTenantAsRoot() {
    TenantContextResolver resolver = new TenantContextResolver();
    assertThat(resolver.isRoot("template")).isFalse();
    resolver.configure("template", null);
    assertThat(resolver.isRoot("template")).isTrue();
    assertThat(resolver.isRoot("acme")).isFalse();
    assertThat(resolver.isRoot(null)).isFalse();
  }

  @Test
  void keepsSettingsGivenToTheConstructor() {
    TenantContextResolver resolver = new TenantContextResolver("root", " ");
    resolver.configure("other", "fallback");
    assertThat(resolver.rootTenant()).isEqualTo("root");
    assertThat(resolver.defaultTenant()).isNull();
    assertThat(resolver.validateExistingCurrentSessions()).isTrue();
  }
}
