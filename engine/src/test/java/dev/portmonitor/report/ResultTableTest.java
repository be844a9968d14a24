package dev.portmonitor.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portmonitor.probe.Outcome;
import dev.portmonitor.probe.ProbeResult;
import dev.portmonitor.target.TargetParser;
import dev.portmonitor.verify.VerifyReport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultTableTest {

    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

    private static InetSocketAddress address(String ip, int port) throws UnknownHostException {
        return new InetSocketAddress(InetAddress.getByName(ip), port);
    }

    @Test
    void shouldRenderATableAndAFailingSummary() throws UnknownHostException {
        VerifyReport report = new VerifyReport(List.of(
                new ProbeResult(TargetParser.parse("orders-db=db.test:5432"), Outcome.OPEN, 214,
                        address("127.0.0.1", 5432), null, NOW),
                ProbeResult.failed(TargetParser.parse("cache.test:6390"), Outcome.REFUSED, address("127.0.0.1", 6390),
                        "connection refused", NOW),
                ProbeResult.failed(TargetParser.parse("search:9200", false), Outcome.UNRESOLVED, null,
                        "name does not resolve", NOW),
                new ProbeResult(TargetParser.parse("[::1]:22"), Outcome.OPEN, 1_530_000, address("::1", 22), null, NOW)),
                Duration.ofMillis(12));

        assertThat(ResultTable.render(report)).isEqualTo("""
                OUTCOME     TARGET                    ADDRESS          LATENCY  REASON
                OPEN        orders-db (db.test:5432)  127.0.0.1:5432  0.214 ms
                REFUSED     cache.test:6390           127.0.0.1:6390         -  connection refused
                UNRESOLVED  search:9200 [optional]    -                      -  name does not resolve
                OPEN        [::1]:22                  [::1]:22         1530 ms
                4 targets in 12.0 ms: 2 open, 1 refused, 1 unresolved
                Slowest: [::1]:22 1530 ms
                FAILED: 1 required target is not open: cache.test:6390 (refused)
                Not open but optional: search:9200 (unresolved)
                """);
    }

    @Test
    void shouldSayNothingFailedWhenAllAreOpen() throws UnknownHostException {
        VerifyReport report = new VerifyReport(List.of(new ProbeResult(TargetParser.parse("db.test:5432"), Outcome.OPEN,
                90, address("127.0.0.1", 5432), null, NOW)), Duration.ofMillis(3));

        assertThat(ResultTable.summary(report)).isEqualTo("""
                1 target in 3.000 ms: 1 open
                Slowest: db.test:5432 0.090 ms
                """);
    }
}
