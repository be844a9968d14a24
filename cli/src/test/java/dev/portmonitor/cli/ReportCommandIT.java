package dev.portmonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portmonitor.history.History;
import dev.portmonitor.monitor.CheckResult;
import dev.portmonitor.probe.Outcome;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;

/**
 * {@code port-monitor report} over a state directory as {@code run} leaves it: a month of checks of
 * two monitors, one down on three Tuesday nights; the HTML review is opened in headless Chromium and
 * a screenshot kept in target/screenshots/review.png for people to look at.
 */
class ReportCommandIT {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @TempDir
    Path dir;

    private static Instant berlin(String text) {
        return LocalDateTime.parse(text).atZone(BERLIN).toInstant();
    }

    private void plant(String id, String address, String... outages) throws Exception {
        History history = new History();
        for (Instant at = berlin("2026-10-01T00:00"); at.isBefore(berlin("2026-12-01T00:00")); at = at.plusSeconds(60)) {
            boolean down = false;
            for (String outage : outages) {
                Instant start = berlin(outage);
                down |= !at.isBefore(start) && at.isBefore(start.plus(Duration.ofMinutes(15)));
            }
            history.record(down ? new CheckResult(Outcome.REFUSED, -1, address, "connection refused", at)
                    : new CheckResult(Outcome.OPEN, 1_500 + (at.getEpochSecond() % 7) * 100, address, null, at));
        }
        int n = 0;
        for (String outage : outages) {
            Instant start = berlin(outage);
            history.openIncident(start, start.plusSeconds(60), "REFUSED", "refused: connection refused", id + "-" + n++);
            history.closeIncident(start.plus(Duration.ofMinutes(15)));
        }
        new dev.portmonitor.store.StateFiles(dir.resolve("state")).save(id, new dev.portmonitor.store.MonitorRecord(
                dev.portmonitor.monitor.MonitorState.initial(berlin("2026-10-01T00:00")), history));
    }

    private int report(StringWriter out, StringWriter err, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "report";
        System.arraycopy(args, 0, all, 1, args.length);
        return PortMonitorCli.run(all, InputStream.nullInputStream(), new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void shouldWriteTheReviewOfAMonthAndShowItInABrowser() throws Exception {
        plant("cache", "10.0.0.7:6379", "2026-11-03T03:00", "2026-11-10T03:00", "2026-11-24T03:00");
        plant("orders-db", "10.0.0.5:5432");
        Path config = dir.resolve("monitors.yaml");
        Files.writeString(config, """
                portMonitor:
                  history: {timezone: Europe/Berlin}
                  monitors:
                    - {id: orders-db, name: Orders database, host: db.internal, port: 5432, interval: 1m}
                    - {id: cache, name: Session cache, host: cache.internal, port: 6379, interval: 1m}
                """);
        Path html = dir.resolve("review.html");
        StringWriter err = new StringWriter();

        int code = report(new StringWriter(), err, "--month", "2026-11", "--state-dir", dir.resolve("state").toString(),
                "--config", config.toString(), "--format", "html", "--output", html.toString());

        assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(err.toString()).contains("Port Monitor review of November 2026 (2 monitors) written to " + html);
        StringWriter markdown = new StringWriter();
        assertThat(report(markdown, new StringWriter(), "--month", "2026-11", "--state-dir", dir.resolve("state").toString(),
                "--config", config.toString())).isEqualTo(ExitCodes.OK);
        // 3 x 15 minutes down of 43,200 checks: 99.896%
        assertThat(markdown.toString()).contains("| Session cache (cache.internal:6379) | 99.896% | 3 | 45m | 15m | 15m |")
                .contains("| Orders database (db.internal:5432) | 100.000% | 0 | 0s | 0s | – |")
                .contains("Session cache (cache.internal:6379) went down on 3 of the last 4 Tuesdays between 03:00 and 03:01"
                        + " Europe/Berlin (Nov 3, 10, 24)");

        try (Browser browser = new Browser(dir.resolve("chromium"), 1200, 900)) {
            browser.driver.get(html.toUri().toString());
            assertThat(browser.driver.findElement(By.tagName("h1")).getText()).isEqualTo("Port Monitor review of November 2026");
            assertThat(browser.driver.findElements(By.cssSelector("tbody tr"))).hasSize(2);
            assertThat(browser.driver.findElements(By.cssSelector("svg rect"))).hasSize(7 * 24);
            browser.screenshot("review");
        }
    }

    @Test
    void shouldNameWhatIsWrongWithTheOptions() {
        StringWriter err = new StringWriter();
        assertThat(report(new StringWriter(), err, "--month", "November", "--state-dir", dir.toString())).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("port-monitor report: --month November is not a month like 2026-11");

        StringWriter format = new StringWriter();
        assertThat(report(new StringWriter(), format, "--format", "pdf", "--state-dir", dir.toString())).isEqualTo(ExitCodes.USAGE);
        assertThat(format.toString()).contains("--format pdf is not one of html, md, json");

        StringWriter missing = new StringWriter();
        assertThat(report(new StringWriter(), missing, "--state-dir", dir.resolve("nothing").toString())).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.toString()).contains("is not a directory");
    }
}
