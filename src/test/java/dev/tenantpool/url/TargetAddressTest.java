package dev.tenantpool.url;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.tenantpool.testing.SecretCases;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TargetAddressTest {
  // Characters a description, a server key or a part may hold: the allow-list's, plus the
  // punctuation that joins them.
  private static final String SAFE_OUTPUT = "[A-Za-z0-9._$\\-\\[\\]:%\\\\/,?{}]*";

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      # URL                                                          | described as                              | server key       | address       | port | database
      jdbc:postgresql://h:5432/db?x=1                                 | jdbc:postgresql://h:5432/db               | h:5432           | h             | 5432 | db
      jdbc:postgresql://h1:5432,h2:5433/db                            | jdbc:postgresql://h1:5432,h2:5433/db      | h1:5432,h2:5433  | h1            | 5432 | db
      jdbc:postgresql://[::1]:5432/db                                 | jdbc:postgresql://[::1]:5432/db           | [::1]:5432       | [::1]         | 5432 | db
      jdbc:postgresql://user:pw@h/db                                  | jdbc:postgresql://h/db                    | h:5432           | h             | -1   | db
      jdbc:postgresql://h/db;x=y                                      | jdbc:postgresql://h/db                    | h:5432           | h             | -1   | db
      jdbc:pgsql://h/db                                               | jdbc:postgresql://h/db                    | h:5432           | h             | -1   | db
      jdbc:postgresql:db?user=x&password=y                            | jdbc:postgresql:db                        | ?                |               | -1   | db
      jdbc:mysql://h:3306/db                                          | jdbc:mysql://h:3306/db                    | h:3306           | h             | 3306 | db
      jdbc:mysql://app:p%40ss@h/db?password=y                         | jdbc:mysql://h/db                         | h:3306           | h             | -1   | db
      jdbc:mysql:loadbalance://b,a:3307/db                            | jdbc:mysql://b,a:3307/db                  | a:3307,b:3306    | b             | -1   | db
      jdbc:mariadb://h/db                                             | jdbc:mariadb://h/db                       | h:3306           | h             | -1   | db
      jdbc:sqlserver://h:1433;databaseName=db;password=pw             | jdbc:sqlserver://h:1433/db                | h:1433           | h             | 1433 | db
      jdbc:sqlserver://h;password=P@ss/w;database=db                  | jdbc:sqlserver://h/db                     | h:1433           | h             | -1   | db
      jdbc:sqlserver://h\\instance;databaseName=db;password=pw        | jdbc:sqlserver://h\\instance/db           | h\\instance      | h             | -1   | db
      jdbc:sqlserver://h;password={a;databaseName=x};databaseName=db  | jdbc:sqlserver://h/db                     | h:1433           | h             | -1   | db
      jdbc:oracle:thin:@h:1521:sid                                    | jdbc:oracle://h:1521/sid                  | h:1521           | h             | 1521 | sid
      jdbc:oracle:thin:@//h:1521/svc                                  | jdbc:oracle://h:1521/svc                  | h:1521           | h             | 1521 | svc
      jdbc:oracle:thin:user/pw@//h:1521/svc                           | jdbc:oracle://h:1521/svc                  | h:1521           | h             | 1521 | svc
      jdbc:oracle:thin:user/"p@s?s/w"@h/svc?x=y@z                     | jdbc:oracle://h/svc                       | h:1521           | h             | -1   | svc
      jdbc:oracle:thin:@(DESCRIPTION=(ADDRESS=(HOST=h)(PORT=1521)))   | jdbc:oracle://?                           | ?                |               | -1   |
      jdbc:oracle:thin:scott/tiger                                    | jdbc:oracle://?                           | ?                |               | -1   |
      jdbc:derby://h:1527/db;user=u;password=pw                       | jdbc:derby://h:1527/db                    | h:1527           | h             | 1527 | db
      jdbc:derby://h/memory:db;create=true                            | jdbc:derby://h/db                         | h:1527           | h             | -1   | db
      jdbc:derby:memory:db;create=true                                | jdbc:derby:db                             | ?                |               | -1   | db
      jdbc:derby:/opt/dbs/db;password=pw                              | jdbc:derby:db                             | ?                |               | -1   | db
      jdbc:h2:mem:db;PASSWORD=pw                                      | jdbc:h2:db                                | ?                |               | -1   | db
      jdbc:h2:tcp://h/~/db                                            | jdbc:h2://h/db                            | h                | h             | -1   | db
      jdbc:h2:file:C:/data/db;PASSWORD=pw                             | jdbc:h2:db                                | ?                |               | -1   | db
      jdbc:db2://h:50000/db:user=x;password=y;                        | jdbc:db2://h:50000/db                     | h:50000          | h             | 50000| db
      jdbc:db2:db:user=x;password=y;                                  | jdbc:db2:db                               | ?                |               | -1   | db
      jdbc:foo:anything                                               | jdbc:foo:?                                | ?                |               | -1   | ?
      jdbc:foo://H.Example.com:7000/db?secret=x                       | jdbc:foo://H.Example.com:7000/db          | h.example.com:7000 | H.Example.com | 7000 | db
      jdbc:postgresql://db-{tenant}.local/app_{tenant}                | jdbc:postgresql://db-{tenant}.local/app_{tenant} | db-{tenant}.local:5432 | db-{tenant}.local | -1 | app_{tenant}
      jdbc:postgresql://h%2Fx/db'1                                     | jdbc:postgresql://?/?                     | ?                |               | -1   | ?
      jdbc:postgresql://h:54x2/db                                     | jdbc:postgresql://?/db                    | ?                |               | -1   | db
      jdbc:postgresql://h:70000/db                                    | jdbc:postgresql://?/db                    | ?                |               | -1   | db
      jdbc:postgresql://user:12;34@h/db                               | jdbc:postgresql://h/db                    | h:5432           | h             | -1   | db
      jdbc:sqlserver://h:1433;password=P@ss;databaseName=db           | jdbc:sqlserver://h:1433/db                | h:1433           | h             | 1433 | db
      """)
  void readsSystemHostsPortsAndDatabaseOfEveryShape(
      String url, String described, String serverKey, String address, int port, String database) {
    TargetAddress target = TargetAddress.parse(url);
    assertThat(target.describe()).isEqualTo(described);
    assertThat(target.toString()).isEqualTo(described);
    assertThat(target.serverKey()).isEqualTo(serverKey);
    assertThat(target.address()).isEqualTo(address);
    assertThat(target.port()).isEqualTo(port);
    assertThat(target.database()).isEqualTo(database);
  }

  @Test
  void namesTheSystemByItsSubprotocol() {
    assertThat(TargetAddress.parse("jdbc:PostgreSQL://h/db").system()).isEqualTo("postgresql");
    assertThat(TargetAddress.parse("jdbc:oracle:thin:@h:1521:x").system()).isEqualTo("oracle");
    assertThat(TargetAddress.parse("jdbc:foo").system()).isEqualTo("foo");
    assertThat(TargetAddress.parse("jdbc:fo'o:x").system()).isEqualTo("?");
    assertThat(TargetAddress.parse("postgresql://h/db").system()).isNull();
    assertThat(TargetAddress.parse(null).describe()).isEqualTo("?");
  }

  @Test
  void keysOneServerHoweverItsAddressIsWritten() {
    List<String> same = List.of("jdbc:postgresql://db/a", "jdbc:postgresql://db:5432/b", "jdbc:postgresql://DB:5432/c",
        "jdbc:postgresql://app:pw@Db/d?sslmode=require");
    for (String url : same) {
      assertThat(TargetAddress.parse(url).serverKey()).as(url).isEqualTo("db:5432");
    }
    assertThat(TargetAddress.parse("jdbc:postgresql://b:5433,A/x").serverKey())
        .isEqualTo(TargetAddress.parse("jdbc:postgresql://a:5432,b:5433/y").serverKey()).isEqualTo("a:5432,b:5433");
    assertThat(TargetAddress.parse("jdbc:postgresql://db:5433/a").serverKey()).isEqualTo("db:5433");
    assertThat(TargetAddress.parse("jdbc:sqlserver://Db;databaseName=x").serverKey()).isEqualTo("db:1433");
    assertThat(TargetAddress.parse("jdbc:oracle:thin:@DB:1521:x").serverKey()).isEqualTo("db:1521");
    assertThat(TargetAddress.parse("jdbc:db2://db/x").serverKey()).isEqualTo("db:50000");
    assertThat(TargetAddress.parse("jdbc:derby://db/x").serverKey()).isEqualTo("db:1527");
    assertThat(TargetAddress.parse("jdbc:foo://db/x").serverKey()).as("a system it does not know: no port").isEqualTo("db");
  }

  @Test
  void neverThrowsAndShowsOnlySafeCharactersForAnyInput() {
    List<String> inputs = new ArrayList<>(List.of("", "jdbc:", "jdbc::", "jdbc:x", "jdbc:oracle:", "jdbc:oracle:thin:@",
        "jdbc:oracle:thin:@//", "jdbc:oracle:thin:\"@", "jdbc:oracle:thin:@[::1", "jdbc:oracle:thin:@h:", "jdbc:postgresql://",
        "jdbc:postgresql://[", "jdbc:postgresql://[]:/", "jdbc:postgresql://[::1]x/db", "jdbc:sqlserver://;",
        "jdbc:sqlserver://h;databaseName=", "jdbc:sqlserver://h;{;;", "jdbc:x://@@@", "jdbc:h2:file:C:",
        "jdbc:h2:mem:mem:mem:", "jdbc:h2:tcp://h/", "jdbc:db2://h:/:", "jdbc:x:a:b:c:d=e", "jdbc:x://h\\", "jdbc:x://\\i",
        "jdbc:sqlserver://h\\;", "jdbc:postgresql://h:/", "jdbc:postgresql://h:0/d", "jdbc:postgresql://,,/", "jdbc:derby:",
        "jdbc:postgresql://h/{tenant", "jdbc:postgresql://h/}{", "jdbc:\u0000:\uFFFF", "jdbc:p://h:99999999999999999999/x"));
    Random random = new Random(42);
    String alphabet = "jdbc:/@?;&=#,[]{}\\\"'%.-_~ $()+!*tenantpoolrxhAZ09:////@@";
    for (int i = 0; i < 20_000; i++) {
      StringBuilder url = new StringBuilder(random.nextBoolean() ? "jdbc:" : "");
      url.append(List.of("postgresql:", "oracle:thin:", "sqlserver:", "h2:", "derby:", "db2:", "x:", "").get(random.nextInt(8)));
      int length = random.nextInt(40);
      for (int j = 0; j < length; j++) {
        url.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      inputs.add(url.toString());
    }
    for (String url : inputs) {
      assertThatCode(() -> {
        TargetAddress target = TargetAddress.parse(url);
        assertThat(target.describe()).as(url).matches(SAFE_OUTPUT);
        assertThat(target.serverKey()).as(url).matches(SAFE_OUTPUT);
        assertThat(SafeText.url(url)).as(url).matches(SAFE_OUTPUT + "|");
        target.address();
        target.port();
      }).as(url).doesNotThrowAnyException();
    }
  }

  @Test
  void noGeneratedSecretReachesAnyPart() {
    SecretCases cases = new SecretCases(7);
    for (int i = 0; i < 5_000; i++) {
      SecretCases.Case c = cases.next();
      TargetAddress target = TargetAddress.parse(c.targetUrl());
      assertThat(List.of(target.describe(), target.serverKey(), String.valueOf(target.address()),
          String.valueOf(target.database()), SafeText.url(c.url()), SafeText.properties(c.properties()).toString()))
          .as("%s: %s", c.kind(), c.url())
          .noneMatch(shown -> shown.contains(SecretCases.MARKER));
    }
  }
}
