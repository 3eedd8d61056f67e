package dev.tenantpool.observe;

import io.opentelemetry.api.GlobalOpenTelemetry;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the application (or the Java agent) has set the global OpenTelemetry, asked without
 * setting it. {@code GlobalOpenTelemetry.get()} cannot be used for that: when nothing is set it
 * installs a no-op global for good, and the application's own {@code set} then fails.
 *
 * <p>{@code GlobalOpenTelemetry.isSet()} exists only since OpenTelemetry 1.57, and Spring Boot
 * 4.0 pins 1.55. So the probe is chosen once, from what the API on the class path offers:
 * {@code isSet()} where it exists; else the static field that has held the global since 1.0 (an
 * automatic module opens its packages, so this works on the module path too); else none, in
 * which case spans go only to an OpenTelemetry given to the builder, and one line says so.
 */
final class GlobalOpenTelemetryProbe {
  private static final Logger LOG = LoggerFactory.getLogger(GlobalOpenTelemetryProbe.class);
  private static final MethodHandle IS_SET = find();

  private GlobalOpenTelemetryProbe() {}

  /** True once a global OpenTelemetry is set; false too when no probe works on this API version. */
  static boolean isSet() {
    if (IS_SET == null) {
      return false;
    }
    try {
      return (boolean) IS_SET.invokeExact();
    } catch (Throwable e) {
      // Neither form throws; an API that does is treated as having no global.
      return false;
    }
  }

  private static MethodHandle find() {
    MethodHandles.Lookup lookup = MethodHandles.publicLookup();
    try {
      return lookup.findStatic(GlobalOpenTelemetry.class, "isSet", MethodType.methodType(boolean.class));
    } catch (NoSuchMethodException | IllegalAccessException e) {
      // OpenTelemetry before 1.57: read the field isSet() reads.
    }
    try {
      Field field = GlobalOpenTelemetry.class.getDeclaredField("globalOpenTelemetry");
      if (Modifier.isStatic(field.getModifiers())) {
        field.setAccessible(true);
        MethodHandle getter = MethodHandles.lookup().unreflectGetter(field);
        MethodHandle notNull = MethodHandles.lookup().findStatic(
            GlobalOpenTelemetryProbe.class, "notNull", MethodType.methodType(boolean.class, Object.class));
        return MethodHandles.filterReturnValue(getter.asType(MethodType.methodType(Object.class)), notNull);
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      // Fall through: no probe.
    }
    LOG.info("this OpenTelemetry API version offers no way to see whether a global OpenTelemetry is set"
        + " without setting one; TenantPool's spans go only to an OpenTelemetry given to"
        + " TenantPoolDataSource.builder().openTelemetry(...)");
    return null;
  }

  @SuppressWarnings("unused") // through the method handle above
  private static boolean notNull(Object value) {
    return value != null;
  }
}
