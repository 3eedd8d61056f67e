package dev.tenantpool.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every method of each JDBC interface (its super-interfaces {@code Wrapper} and
 * {@code AutoCloseable} and its default methods included) must be implemented by the TenantPool
 * wrapper class hierarchy itself: an interface default that is merely inherited would bypass the
 * delegate (for example {@code Connection.beginRequest()} or {@code Statement.enquoteLiteral}
 * would then run the JDK's generic code instead of the target driver's).
 */
class WrapperCompletenessTest {

  static Stream<Arguments> wrappers() {
    return Stream.of(
        Arguments.of(Connection.class, TenantConnection.class),
        Arguments.of(Statement.class, TenantStatement.class),
        Arguments.of(PreparedStatement.class, TenantPreparedStatement.class),
        Arguments.of(CallableStatement.class, TenantCallableStatement.class),
        Arguments.of(ResultSet.class, TenantResultSet.class),
        Arguments.of(DatabaseMetaData.class, TenantDatabaseMetaData.class));
  }

  @ParameterizedTest(name = "{1} implements every method of {0}")
  @MethodSource("wrappers")
  void wrapperClassDeclaresEveryMethodOfItsInterface(Class<?> jdbcInterface, Class<?> wrapper) throws Exception {
    assertThat(jdbcInterface).isInterface();
    assertThat(jdbcInterface.isAssignableFrom(wrapper)).isTrue();
    List<String> notDeclared = new ArrayList<>();
    int checked = 0;
    for (Method method : jdbcInterface.getMethods()) {
      if (Modifier.isStatic(method.getModifiers())) {
        continue;
      }
      checked++;
      Method implementation = wrapper.getMethod(method.getName(), method.getParameterTypes());
      Class<?> owner = implementation.getDeclaringClass();
      if (owner.isInterface() || !owner.getPackageName().equals(wrapper.getPackageName())) {
        notDeclared.add(signature(method) + " comes from " + owner.getName());
      }
    }
    assertThat(checked).as("methods checked").isGreaterThan(2);
    assertThat(notDeclared).as("methods of %s that %s does not implement itself", jdbcInterface.getName(), wrapper.getName())
        .isEmpty();
  }

  @ParameterizedTest(name = "{1} is a final, hand-written class")
  @MethodSource("wrappers")
  void wrapperIsAFinalHandWrittenClass(Class<?> jdbcInterface, Class<?> wrapper) {
    assertThat(Modifier.isFinal(wrapper.getModifiers())).as("%s is final", wrapper.getName()).isTrue();
    assertThat(java.lang.reflect.Proxy.isProxyClass(wrapper)).isFalse();
    assertThat(wrapper.getSimpleName()).startsWith("Tenant");
  }

  @ParameterizedTest(name = "{1} covers the wrapper and closing contract")
  @MethodSource("wrappers")
  void wrapperImplementsUnwrapIsWrapperForAndClose(Class<?> jdbcInterface, Class<?> wrapper) throws Exception {
    List<Method> contract = new ArrayList<>(Arrays.asList(
        wrapper.getMethod("unwrap", Class.class),
        wrapper.getMethod("isWrapperFor", Class.class)));
    if (AutoCloseable.class.isAssignableFrom(jdbcInterface)) {
      contract.add(wrapper.getMethod("close"));
    }
    assertThat(contract.stream().map(Method::getDeclaringClass).filter(Class::isInterface).collect(Collectors.toList()))
        .isEmpty();
  }

  private static String signature(Method method) {
    return method.getName() + Arrays.stream(method.getParameterTypes())
        .map(Class::getSimpleName)
        .collect(Collectors.joining(", ", "(", ")"));
  }
}
