package dev.tenantpool.observe;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;

/**
 * A statement's span while it runs, made current so that spans the target driver or the
 * application start meanwhile nest under it. Exists only while tracing is on.
 */
public final class StatementTrace {
  final Span span;
  final Scope scope;

  StatementTrace(Span span) {
    this.span = span;
    this.scope = span.makeCurrent();
  }
}
