/**
 * Fault containment: a Resilience4j circuit breaker per tenant, and the one table that decides
 * which failures count against it ({@link dev.tenantpool.resilience.FailureClassifier}).
 */
package dev.tenantpool.resilience;
