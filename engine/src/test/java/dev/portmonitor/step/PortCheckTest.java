package dev.portmonitor.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portmonitor.config.ConfigLoader;
import dev.portmonitor.config.PortMonitorConfig;
import dev.portmonitor.target.InvalidTargetException;
import dev.portmonitor.target.Target;
import dev.portmonitor.testing.LoopbackServers;
import dev.portmonitor.verify.PortVerifier;
import dev.portmonitor.verify.VerifyOptions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PortCheckTest {

    private static PortMonitorConfig config(int open, int closed) throws Exception {
        return ConfigLoader.parse("""
                portMonitor:
                  monitors:
                    - {id: orders-db, host: db.test, port: %d, interval: 1m, tags: [db]}
                    - {id: cache, host: cache.test, port: %d, interval: 1m, tags: [cache]}
                """.formatted(open, closed), "test.yaml");
    }

    @Test
    void shouldCollectTargetsFromStringsMapsMonitorsAndTags() throws Exception {
        PortCheck.Request request = new PortCheck.Request(List.of("db.test:5432"),
                List.of(Map.of("host", "cache.test", "port", 6379, "name", "sessions", "critical", false)),
                List.of("orders-db"), List.of("cache"));

        List<Target> targets = PortCheck.targets(request, config(5432, 6379));

        assertThat(targets).extracting(Target::toString)
                .containsExactly("db.test:5432", "sessions=cache.test:6379", "orders-db=db.test:5432", "cache=cache.test:6379");
        assertThat(targets).extracting(Target::required).containsExactly(true, false, true, true);
    }

    @Test
    void shouldKeepTheWrittenOrderOfStringsAndMapsInOneList() throws Exception {
        // verifyPorts targets: ['db.test:5432', [host: 'cache.test', port: 6379], 'db.test:70000', 42]
        PortCheck.Request mixed = new PortCheck.Request(List.of("db.test:5432", Map.of("host", "cache.test", "port", 6379),
                "cache.test:6380"), null, null);
        assertThat(PortCheck.targets(mixed, null)).extracting(Target::toString)
                .containsExactly("db.test:5432", "cache.test:6379", "cache.test:6380");

        PortCheck.Request bad = new PortCheck.Request(List.of("db.test:5432", Map.of("host", "db"), "db.test:70000", 42),
                null, null);
        assertThatThrownBy(() -> PortCheck.targets(bad, null)).hasMessage(String.join("\n",
                "targets[1]: a target map needs host and port, like [host: 'db', port: 5432]",
                "targets[2]: \"db.test:70000\": port must be between 1 and 65535",
                "targets[3]: expected \"host:port\" or a map like [host: 'db', port: 5432], not Integer 42"));
    }

    @Test
    void shouldSplitAWrittenListIntoLeadingStringsAndMapsInTheSameOrder() {
        // verifyPorts targets: ['db.test:5432', "${host}:6380", [host: 'cache.test', port: 6379, critical: false, warnDays: 30],
        //                       'orders=postgres://db.test?database=orders']
        CharSequence interpolated = new StringBuilder("cache.test:6380");
        Map<String, Object> cache = new java.util.LinkedHashMap<>();
        cache.put("host", "cache.test");
        cache.put("port", 6379);
        cache.put("check", "tls");
        cache.put("warnDays", 30);
        cache.put("critical", false);

        PortCheck.Written written = PortCheck.split(List.of("db.test:5432", interpolated, cache,
                "orders=postgres://db.test?database=orders"));

        assertThat(written.strings()).containsExactly("db.test:5432", "cache.test:6380");
        assertThat(written.maps()).containsExactly(
                Map.of("host", "cache.test", "port", 6379, "check", "tls", "warnDays", "30", "critical", false),
                Map.of("host", "db.test", "port", 5432, "name", "orders", "check", "postgres", "database", "orders",
                        "critical", true));
        assertThat(written.maps().get(1).keySet()).containsExactly("host", "port", "name", "check", "database", "critical");
        // written back as strings then maps, the list names the same checks in the same order
        List<Object> back = new java.util.ArrayList<>(written.strings());
        back.addAll(written.maps());
        assertThat(PortCheck.checks(new PortCheck.Request(back, null, null), null))
                .extracting(check -> check.target().toString() + " " + check.kind().name() + " " + check.options())
                .containsExactly("db.test:5432 tcp {}", "cache.test:6380 tcp {}", "tls://cache.test:6379 tls {warnDays=30}",
                        "orders=postgres://db.test:5432 postgres {database=orders}");
    }

    @Test
    void shouldBindAWrittenMapsPortAndCriticalAsTheEngineReadThem() {
        PortCheck.Written written = PortCheck.split(List.of(Map.of("host", "db.test", "port", " 5432", "critical", "no"),
                Map.of("host", "db.test", "check", "postgres")));

        assertThat(written.maps().get(0)).containsEntry("port", 5432).containsEntry("critical", true);
        assertThat(written.maps().get(1)).as("a port left out stays out: the kind's default").doesNotContainKey("port");
    }

    @Test
    void shouldRefuseAWrittenListWithEveryBadEntryAndItsIndex() {
        assertThatThrownBy(() -> PortCheck.split(List.of("db.test:5432", Map.of("host", "db", "prot", 1), "db.test:70000")))
                .isInstanceOf(InvalidTargetException.class)
                .hasMessage(String.join("\n",
                        "targets[1]: unknown key \"prot\"; allowed: host, port, name, critical, check",
                        "targets[2]: \"db.test:70000\": port must be between 1 and 65535"));
    }

    @Test
    void shouldListEveryBadEntryAtOnce() throws Exception {
        PortCheck.Request request = new PortCheck.Request(List.of("db:70000"),
                List.of(Map.of("host", "db", "prot", 1), Map.of("host", "db", "port", "five")),
                List.of("ordres-db"), List.of("web"));

        assertThatThrownBy(() -> PortCheck.targets(request, config(5432, 6379)))
                .isInstanceOf(InvalidTargetException.class)
                .hasMessage(String.join("\n",
                        "targets[0]: \"db:70000\": port must be between 1 and 65535",
                        "targets[1]: unknown key \"prot\"; allowed: host, port, name, critical, check",
                        "targets[2]: port \"five\" is not a number; expected 1 to 65535",
                        "monitors: no configured monitor \"ordres-db\"; configured: orders-db, cache",
                        "tags: no configured monitor has the tag \"web\""));
        assertThatThrownBy(() -> PortCheck.targets(new PortCheck.Request(null, null, null, null), null))
                .hasMessage("no targets: give targets, monitors or tags");
    }

    @Test
    void shouldFailOnCriticalPortsAndBeUnstableOnOthers() throws Exception {
        try (LoopbackServers servers = new LoopbackServers(); PortVerifier verifier = PortVerifier.create()) {
            int open = servers.open();
            int closed = servers.refused();

            PortCheck.Result unstable = PortCheck.run(verifier, PortCheck.checks(new PortCheck.Request(
                    List.of("db.test:" + open), List.of(Map.of("host", "127.0.0.1", "port", closed, "critical", false)), null, null),
                    null), VerifyOptions.defaults());
            PortCheck.Result failed = PortCheck.run(verifier, PortCheck.checks(new PortCheck.Request(null, null,
                    List.of("orders-db", "cache"), null), config(open, closed)), VerifyOptions.defaults());

            assertThat(unstable.failure()).isNull();
            assertThat(unstable.unstable()).isTrue();
            assertThat(unstable.results().get(0)).containsEntry("name", "db.test:" + open).containsEntry("outcome", "OPEN")
                    .containsEntry("critical", true).containsEntry("address", "127.0.0.1:" + open).containsEntry("message", null);
            assertThat(unstable.results().get(0).get("latencyMs")).isInstanceOf(Double.class);
            assertThat(unstable.results().get(1)).containsEntry("outcome", "REFUSED").containsEntry("critical", false)
                    .containsEntry("latencyMs", null).containsEntry("message", "connection refused");
            assertThat(failed.failure()).isEqualTo("1 critical port is not open: cache (cache.test:" + closed
                    + ") refused: connection refused");
            assertThat(failed.unstable()).isFalse();
            assertThat(failed.table()).contains("REFUSED").contains("cache (cache.test:" + closed + ")");
            assertThat(unstable.warning()).isEqualTo("1 optional port is not open: 127.0.0.1:" + closed
                    + " refused: connection refused");
            assertThat(failed.warning()).isNull();
            assertThat(unstable.results()).isInstanceOf(java.util.ArrayList.class)
                    .allMatch(map -> map instanceof java.util.LinkedHashMap);

            // An agent sends the result back to the controller serialized.
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
                out.writeObject(unstable);
            }
            try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
                assertThat(in.readObject()).isEqualTo(unstable);
            }
        }
    }

    @Test
    void shouldTakeAKindOfCheckInEitherFormWithItsOptions() {
        PortCheck.Request request = new PortCheck.Request(List.of("redis://cache.test"),
                List.of(Map.of("host", "db.test", "check", "postgres", "database", "orders")), null, null);

        List<dev.portmonitor.verify.Check> checks = PortCheck.checks(request, null);

        assertThat(checks).extracting(c -> c.target().toString()).containsExactly("redis://cache.test:6379",
                "postgres://db.test:5432");
        assertThat(checks.get(1).options()).containsEntry("database", "orders");
        assertThat(checks.get(1).settings().fingerprint()).contains("database=orders");
        assertThatThrownBy(() -> PortCheck.checks(new PortCheck.Request(List.of(),
                List.of(Map.of("host", "db.test", "check", "postgres", "databse", "x")), null, null), null))
                .hasMessage("targets[0]: unknown key \"databse\"; allowed: host, port, name, critical, check, and for a"
                        + " postgres check user, database, tls, serverName, caFile, warnDays, critDays");
    }
}
