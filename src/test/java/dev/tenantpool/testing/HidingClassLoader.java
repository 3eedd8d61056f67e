package dev.tenantpool.testing;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;

/**
 * Loads {@code dev.tenantpool.*} itself from the driver's classes and pretends the packages
 * {@code hidden} names do not exist: how a test runs the driver without one of its optional
 * dependencies on the class path.
 */
public final class HidingClassLoader extends URLClassLoader {
  private final List<String> hidden;
  private final String why;

  /**
   * @param hidden package prefixes (with their trailing dot) whose classes are not found
   * @param why the reason a {@link ClassNotFoundException} gives, e.g. "Hibernate is optional"
   */
  public HidingClassLoader(URL classes, ClassLoader parent, List<String> hidden, String why) {
    super(new URL[] {classes}, parent);
    this.hidden = List.copyOf(hidden);
    this.why = why;
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    for (String prefix : hidden) {
      if (name.startsWith(prefix)) {
        throw new ClassNotFoundException(name + " (hidden: " + why + ")");
      }
    }
    if (name.startsWith("dev.tenantpool.")) {
      synchronized (getClassLoadingLock(name)) {
        Class<?> loaded = findLoadedClass(name);
        return loaded != null ? loaded : findClass(name);
      }
    }
    return super.loadClass(name, resolve);
  }
}
