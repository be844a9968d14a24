package dev.portmonitor.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TargetParserTest {

    static Stream<Arguments> validTargets() {
        return Stream.of(
                // input, host, port, name, hostPort
                Arguments.of("db.internal:5432", "db.internal", 5432, null, "db.internal:5432"),
                Arguments.of("localhost:1", "localhost", 1, null, "localhost:1"),
                Arguments.of("cache:65535", "cache", 65535, null, "cache:65535"),
                Arguments.of("127.0.0.1:6379", "127.0.0.1", 6379, null, "127.0.0.1:6379"),
                Arguments.of("[::1]:5432", "::1", 5432, null, "[::1]:5432"),
                Arguments.of("[2001:DB8::A]:443", "2001:db8::a", 443, null, "[2001:db8::a]:443"),
                Arguments.of("[::ffff:127.0.0.1]:80", "::ffff:127.0.0.1", 80, null, "[::ffff:127.0.0.1]:80"),
                Arguments.of("  db:5432\t", "db", 5432, null, "db:5432"),
                Arguments.of("DB.Internal:5432", "db.internal", 5432, null, "db.internal:5432"),
                Arguments.of("db.internal.:5432", "db.internal", 5432, null, "db.internal:5432"),
                Arguments.of("tcp://db:5432", "db", 5432, null, "db:5432"),
                Arguments.of("TCP://db:5432", "db", 5432, null, "db:5432"),
                Arguments.of("tcp://[::1]:22", "::1", 22, null, "[::1]:22"),
                Arguments.of("orders-db=db.internal:5432", "db.internal", 5432, "orders-db", "db.internal:5432"),
                Arguments.of("Orders database = tcp://db:5432", "db", 5432, "Orders database", "db:5432"),
                Arguments.of("my_service:8080", "my_service", 8080, null, "my_service:8080"),
                Arguments.of("db:0080", "db", 80, null, "db:80"),
                Arguments.of("xn--bcher-kva.example:25", "xn--bcher-kva.example", 25, null, "xn--bcher-kva.example:25"),
                Arguments.of("1password.com:443", "1password.com", 443, null, "1password.com:443"),
                Arguments.of("0.0.0.0:80", "0.0.0.0", 80, null, "0.0.0.0:80"),
                Arguments.of("0xdb.example:80", "0xdb.example", 80, null, "0xdb.example:80"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("validTargets")
    void shouldParseAndNormalise(String input, String host, int port, String name, String hostPort) {
        Target target = TargetParser.parse(input);

        assertThat(target.host()).isEqualTo(host);
        assertThat(target.port()).isEqualTo(port);
        assertThat(target.name()).isEqualTo(name);
        assertThat(target.hostPort()).isEqualTo(hostPort);
        assertThat(target.required()).isTrue();
    }

    static Stream<Arguments> badTargets() {
        String longLabel = "a".repeat(64);
        String longHost = ("a".repeat(60) + ".").repeat(4) + "abcdefghijklmnop";
        String longName = "n".repeat(101);
        return Stream.of(
                Arguments.of("", "\"\": empty target; expected host:port, for example db.internal:5432"),
                Arguments.of("   ", "\"   \": empty target; expected host:port, for example db.internal:5432"),
                Arguments.of("db", "\"db\": missing port; expected host:port, for example db.internal:5432"),
                Arguments.of("db:", "\"db:\": missing port after \":\"; expected a port between 1 and 65535"),
                Arguments.of(":5432", "\":5432\": missing host before \":5432\"; expected host:port, for example db.internal:5432"),
                Arguments.of("db:70000", "\"db:70000\": port must be between 1 and 65535"),
                Arguments.of("db:0", "\"db:0\": port must be between 1 and 65535"),
                Arguments.of("db:65536", "\"db:65536\": port must be between 1 and 65535"),
                Arguments.of("db:99999999999", "\"db:99999999999\": port must be between 1 and 65535"),
                Arguments.of("db:-1", "\"db:-1\": port \"-1\" is not a number; expected 1 to 65535"),
                Arguments.of("db:+80", "\"db:+80\": port \"+80\" is not a number; expected 1 to 65535"),
                Arguments.of("db:http", "\"db:http\": port \"http\" is not a number; expected 1 to 65535"),
                Arguments.of("db:5 432", "\"db:5 432\": port \"5 432\" is not a number; expected 1 to 65535"),
                Arguments.of("db:80:90", "\"db:80:90\": more than one \":\"; write an IPv6 address in brackets, for example [2001:db8::1]:5432"),
                Arguments.of("::1:5432", "\"::1:5432\": more than one \":\"; write an IPv6 address in brackets, for example [2001:db8::1]:5432"),
                Arguments.of("[::1]", "\"[::1]\": missing port; expected [IPv6]:port, for example [::1]:5432"),
                // Issue 11: told "more than one ':'", with the password quoted back.
                Arguments.of("tcp://admin:s3cret@db.internal:5432", "\"tcp://****@db.internal:5432\": a target has no user "
                        + "or password (a connect check needs none); drop the \"user:password@\""),
                // Issue 11, item 10: the zone was accepted and dropped from reports; the %25 form was UNRESOLVED.
                Arguments.of("[fe80::1%eth0]:80", "\"[fe80::1%eth0]:80\": \"fe80::1%eth0\" has a zone id (%eth0), which is not "
                        + "supported; give the address without it, or a host name"),
                Arguments.of("[fe80::1%25eth0]:80", "\"[fe80::1%25eth0]:80\": \"fe80::1%25eth0\" has a zone id (%25eth0), "
                        + "which is not supported; give the address without it, or a host name"),
                Arguments.of("[::1]5432", "\"[::1]5432\": expected \":\" and a port after \"]\", for example [2001:db8::1]:5432"),
                Arguments.of("[::1:5432", "\"[::1:5432\": missing \"]\" after the IPv6 address; for example [2001:db8::1]:5432"),
                Arguments.of("[]:80", "\"[]:80\": empty IPv6 address in brackets; for example [2001:db8::1]:5432"),
                Arguments.of("[db]:80", "\"[db]:80\": \"db\" is not a valid IPv6 address; for example [2001:db8::1]:5432"),
                Arguments.of("[1:2:3:4:5:6:7:8:9]:80", "\"[1:2:3:4:5:6:7:8:9]:80\": \"1:2:3:4:5:6:7:8:9\" is not a valid IPv6 address; for example [2001:db8::1]:5432"),
                Arguments.of("http://db:80", "\"http://db:80\": scheme \"http\" is not supported; write host:port or tcp://host:port"),
                Arguments.of("udp://dns:53", "\"udp://dns:53\": scheme \"udp\" is not supported; write host:port or tcp://host:port"),
                Arguments.of("tcp://", "\"tcp://\": missing host and port; expected host:port, for example db.internal:5432"),
                Arguments.of("tcp://db:80/health", "\"tcp://db:80/health\": unexpected path \"/health\" after the port; a tcp check has no path"),
                Arguments.of("-db:80", "\"-db:80\": host \"-db\" has a label that starts or ends with \"-\""),
                Arguments.of("db-.internal:80", "\"db-.internal:80\": host \"db-.internal\" has a label that starts or ends with \"-\""),
                Arguments.of("db..internal:80", "\"db..internal:80\": host \"db..internal\" has an empty label between dots; write names like db.internal"),
                Arguments.of(".db:80", "\".db:80\": host \".db\" has an empty label between dots; write names like db.internal"),
                Arguments.of("db..:80", "\"db..:80\": host \"db..\" has an empty label between dots; write names like db.internal"),
                Arguments.of("db$:80", "\"db$:80\": host \"db$\" has an invalid character \"$\"; allowed: letters, digits, \"-\", \"_\" and \".\""),
                Arguments.of("db internal:80", "\"db internal:80\": host \"db internal\" has an invalid character \" \"; allowed: letters, digits, \"-\", \"_\" and \".\""),
                Arguments.of("bücher.example:80", "\"bücher.example:80\": host \"bücher.example\" has an invalid character \"ü\"; allowed: letters, digits, \"-\", \"_\" and \".\"; write an international name in its xn-- form"),
                Arguments.of("db\t1:80", "\"db\\t1:80\": host \"db\\t1\" has an invalid character \"\\t\"; allowed: letters, digits, \"-\", \"_\" and \".\""),
                Arguments.of(longLabel + ".example:80", "\"" + longLabel + ".example:80\": host \"" + longLabel + ".example\" has a label longer than 63 characters"),
                Arguments.of(longHost + ":80", "\"" + longHost + ":80\": host name is longer than 253 characters"),
                Arguments.of("256.1.1.1:80", "\"256.1.1.1:80\": \"256.1.1.1\" is not a valid IPv4 address; expected four numbers 0-255 without leading zeros, like 127.0.0.1"),
                Arguments.of("127.0.0.01:80", "\"127.0.0.01:80\": \"127.0.0.01\" is not a valid IPv4 address; expected four numbers 0-255 without leading zeros, like 127.0.0.1"),
                Arguments.of("127.1:80", "\"127.1:80\": \"127.1\" is not a valid IPv4 address; expected four numbers 0-255 without leading zeros, like 127.0.0.1"),
                Arguments.of("2130706433:80", "\"2130706433:80\": \"2130706433\" is not a valid IPv4 address; expected four numbers 0-255 without leading zeros, like 127.0.0.1"),
                Arguments.of("=db:80", "\"=db:80\": empty name before \"=\"; write name=host:port, for example orders-db=db.internal:5432"),
                Arguments.of(longName + "=db:80", "\"" + longName + "=db:80\": name is longer than 100 characters"),
                Arguments.of("a\u0001b=db:80", "\"a\\u0001b=db:80\": name contains an invisible or control character; use printable characters only"),
                Arguments.of("a\u202eb=db:80", "\"a\u202eb=db:80\": name contains an invisible or control character; use printable characters only"),
                Arguments.of("0x7f.1:80", "\"0x7f.1:80\": \"0x7f.1\" is not a valid IPv4 address; expected four numbers 0-255 without leading zeros, like 127.0.0.1"),
                Arguments.of("0x7f000001:80", "\"0x7f000001:80\": \"0x7f000001\" is not a valid IPv4 address; expected four numbers 0-255 without leading zeros, like 127.0.0.1"),
                Arguments.of("say \"hi\"", "\"say \\\"hi\\\"\": missing port; expected host:port, for example db.internal:5432"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("badTargets")
    void shouldRejectWithAMessageThatQuotesTheInput(String input, String message) {
        assertThatThrownBy(() -> TargetParser.parse(input))
                .isInstanceOf(InvalidTargetException.class)
                .hasMessage(message);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("badTargets")
    void shouldNotAttachAStackTraceWorthShowing(String input, String message) {
        assertThatThrownBy(() -> TargetParser.parse(input)).hasNoCause();
    }

    static Stream<Arguments> structuredTargets() {
        return Stream.of(
                Arguments.of("DB.internal", 5432, " orders-db ", "db.internal:5432", "orders-db"),
                Arguments.of("::1", 22, null, "[::1]:22", null),
                Arguments.of("[::1]", 22, "", "[::1]:22", null));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("structuredTargets")
    void shouldValidateTheStructuredForm(String host, int port, String name, String hostPort, String expectedName) {
        Target target = TargetParser.structured(host, port, name, false);

        assertThat(target.hostPort()).isEqualTo(hostPort);
        assertThat(target.name()).isEqualTo(expectedName);
        assertThat(target.required()).isFalse();
    }

    static Stream<Arguments> badStructuredTargets() {
        return Stream.of(
                Arguments.of("db", 70000, null, "\"db:70000\": port must be between 1 and 65535"),
                Arguments.of("", 80, null, "\":80\": host must not be empty"),
                Arguments.of(null, 80, null, "\":80\": host must not be empty"),
                Arguments.of("db$", 80, null, "\"db$:80\": host \"db$\" has an invalid character \"$\"; allowed: letters, digits, \"-\", \"_\" and \".\""),
                Arguments.of("fe80::zz", 80, null, "\"[fe80::zz]:80\": \"fe80::zz\" is not a valid IPv6 address; for example [2001:db8::1]:5432"));
    }

    @ParameterizedTest(name = "[{index}] {0}:{1}")
    @MethodSource("badStructuredTargets")
    void shouldRejectABadStructuredTarget(String host, int port, String name, String message) {
        assertThatThrownBy(() -> TargetParser.structured(host, port, name, true))
                .isInstanceOf(InvalidTargetException.class)
                .hasMessage(message);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "[{index}] {0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "postgres://db.internal | postgres | db.internal | 5432 | | {}",
        "orders=postgres://DB.internal:6432 | postgres | db.internal | 6432 | orders | {}",
        "tls://shop.example.com?warnDays=30&critDays=10 | tls | shop.example.com | 443 | | {warnDays=30, critDays=10}",
        "REDIS://[::1] | redis | ::1 | 6379 | | {}",
        "tcp://db:1 | tcp | db | 1 | | {}",
        "postgres://db?user=a%20b | postgres | db | 5432 | | {user=a b}",
    })
    void shouldReadAKindItsDefaultPortAndItsOptions(String text, String kind, String host, int port, String name, String options) {
        TargetParser.Parsed parsed = TargetParser.parse(text, true, SCHEMES);

        assertThat(parsed.target().kind()).isEqualTo(kind);
        assertThat(parsed.target().host()).isEqualTo(host);
        assertThat(parsed.target().port()).isEqualTo(port);
        assertThat(parsed.target().name()).isEqualTo(name);
        assertThat(parsed.options().toString()).isEqualTo(options);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "[{index}] {0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "ftp://db:21 | \"ftp://db:21\": unknown kind \"ftp\"; the kinds are tcp, postgres, redis, tls",
        "tcp://db | \"tcp://db\": missing port; expected host:port, for example db.internal:5432",
        "postgres://db/x | \"postgres://db/x\": unexpected path \"/x\" after the port; a postgres check has no path",
        "tls://db?warnDays | \"tls://db?warnDays\": option \"warnDays\" has no value; write ?key=value, for example ?warnDays=30",
        "tls://db?a=1&a=2 | \"tls://db?a=1&a=2\": option \"a\" is given twice",
        "tls://db?a=%zz | \"tls://db?a=%zz\": option \"a=%zz\" has a bad %-escape; write %XX with two hex digits",
        "postgres://u:secret@db | \"postgres://****@db\": a target has no user or password (a connect check needs none); drop the \"user:password@\"",
    })
    void shouldRefuseABadKindOrOptionNamingIt(String text, String message) {
        assertThatThrownBy(() -> TargetParser.parse(text, true, SCHEMES)).isInstanceOf(InvalidTargetException.class)
                .hasMessage(message);
    }

    /** The kinds of this test: the parser knows them only through Schemes. */
    private static final Schemes SCHEMES = new Schemes() {
        private final java.util.Map<String, Integer> ports = new java.util.LinkedHashMap<>(java.util.Map.of());

        {
            ports.put("tcp", 0);
            ports.put("postgres", 5432);
            ports.put("redis", 6379);
            ports.put("tls", 443);
        }

        @Override
        public int defaultPort(String scheme) {
            return ports.getOrDefault(scheme, -1);
        }

        @Override
        public boolean takesPath(String scheme) {
            return false;
        }

        @Override
        public String names() {
            return String.join(", ", ports.keySet());
        }
    };
    @org.junit.jupiter.params.ParameterizedTest(name = "[{index}] {0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "https://localhost:8443/health?status=200 | https | 8443 | {status=200, path=/health}",
        "https://shop.example.com | https | 443 | {}",
        "https://shop.example.com/ | https | 443 | {path=/}",
        "http://db:8080/health/db?body=%22UP%22 | http | 8080 | {body=\"UP\", path=/health/db}",
        "http://db/a%20b | http | 80 | {path=/a%20b}",
        "expect://127.0.0.1:6379?send=PING%5Cr%5Cn&expect=PONG | expect | 6379 | {send=PING\\r\\n, expect=PONG}",
        "expect://127.0.0.1:6379?expect=%5E%5C%2BPONG | expect | 6379 | {expect=^\\+PONG}",
        "expect://127.0.0.1:6379?expect=^\\+PONG | expect | 6379 | {expect=^\\ PONG}",
    })
    void shouldReadAPathForTheKindsThatTakeOneAndPercentDecodeOptions(String text, String kind, int port, String options) {
        // The path is kept as written (it goes on the request line, %-escapes and all); the options are
        // %-decoded as a form is, so a "+" is a space: a regex's + is written %2B.
        Schemes schemes = new Schemes() {
            @Override
            public int defaultPort(String scheme) {
                return switch (scheme) {
                    case "http" -> 80;
                    case "https" -> 443;
                    case "expect" -> 0;
                    default -> -1;
                };
            }

            @Override
            public boolean takesPath(String scheme) {
                return scheme.startsWith("http");
            }

            @Override
            public String names() {
                return "http, https, expect";
            }
        };
        TargetParser.Parsed parsed = TargetParser.parse(text, true, schemes);

        assertThat(parsed.target().kind()).isEqualTo(kind);
        assertThat(parsed.target().port()).isEqualTo(port);
        assertThat(parsed.options().toString()).isEqualTo(options);
    }

    @org.junit.jupiter.api.Test
    void shouldReadAnEqualsSignInTheQueryAsAnOptionNotAName() {
        Schemes schemes = new Schemes() {
            @Override
            public int defaultPort(String scheme) {
                return scheme.equals("tls") ? 443 : -1;
            }

            @Override
            public boolean takesPath(String scheme) {
                return false;
            }

            @Override
            public String names() {
                return "tls";
            }
        };
        TargetParser.Parsed plain = TargetParser.parse("tls://mail.test:993?caFile=/etc/ca.pem&warnDays=10", true, schemes);
        TargetParser.Parsed named = TargetParser.parse("imap=tls://mail.test?caFile=/etc/ca.pem", true, schemes);

        assertThat(plain.target().name()).isNull();
        assertThat(plain.target().port()).isEqualTo(993);
        assertThat(plain.options()).containsEntry("caFile", "/etc/ca.pem").containsEntry("warnDays", "10");
        assertThat(named.target().name()).isEqualTo("imap");
        assertThat(named.options()).containsEntry("caFile", "/etc/ca.pem");
    }
}
