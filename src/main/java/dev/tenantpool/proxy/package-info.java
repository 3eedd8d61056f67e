/**
 * The JDBC wrappers an application holds: hand-written, delegating, final. They add only the
 * tenant guard, closing into the right pool, and the hooks through which statement outcomes are
 * reported. No {@code java.lang.reflect.Proxy} anywhere.
 */
package dev.tenantpool.proxy;
