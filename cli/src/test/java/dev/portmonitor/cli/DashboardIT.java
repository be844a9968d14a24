package dev.portmonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.portmonitor.testing.LoopbackServers;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The status page of a real {@code port-monitor run} (the jar, as a process) in headless Chromium,
 * against real listeners on loopback: it loads without console errors, a port that closes turns its
 * row DOWN without a reload, the filters and the detail's charts work, the access token is enforced,
 * and the page holds 1,000 monitors. Screenshots go to target/screenshots; the figures a benchmark
 * reports (time to the first drawn status, time from an event to its row) to target/dashboard-figures.txt.
 */
class DashboardIT {

    private static final Path JAR = Path.of(System.getProperty("portmonitor.jar", "target/port-monitor.jar"));
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path FIGURES = Path.of("target", "dashboard-figures.txt");

    @TempDir
    Path dir;

    private final LoopbackServers servers = new LoopbackServers();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private Process process;

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        if (process != null) {
            process.destroyForcibly().waitFor();
        }
        servers.close();
    }

    /** A listener that accepts and closes each connection until it is closed itself; then the port refuses. */
    private static final class Door implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());

        Door() throws IOException {
            Thread accepting = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket ignored = server.accept()) {
                        // accepted and closed
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "door-" + server.getLocalPort());
            accepting.setDaemon(true);
            accepting.start();
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    private Door door() throws IOException {
        Door door = new Door();
        closing.add(door);
        return door;
    }

    private int run(String yaml, String... extra) throws Exception {
        Path config = dir.resolve("monitors.yaml");
        Files.writeString(config, yaml);
        int http = LoopbackServers.freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djdk.net.hosts.file=" + System.getProperty("test.hosts.file"), "-jar", JAR.toString(), "run",
                "--config", config.toString(), "--state-dir", dir.resolve("state").toString(),
                "--http-port", String.valueOf(http), "--cluster-name", "pm-dash-" + http));
        command.addAll(List.of(extra));
        process = new ProcessBuilder(command).redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile()).start();
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("port-monitor run stopped: " + Files.readString(dir.resolve("err.txt")));
            }
            return get(http, "/status", null).statusCode() != 500;
        });
        return http;
    }

    private static HttpResponse<String> get(int port, String path, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10));
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private Browser browser(int width, int height) throws IOException {
        Browser browser = new Browser(dir.resolve("chromium-" + closing.size()), width, height);
        closing.add(browser);
        return browser;
    }

    private static String rowStatus(Browser browser, String id) {
        return (String) browser.script("var r = document.querySelector('tr[data-id=\"' + arguments[0] + '\"]');"
                + " return r ? r.getAttribute('data-status') : null;", id);
    }

    @SuppressWarnings("unchecked")
    private static List<String> visibleIds(Browser browser) {
        return (List<String>) browser.script("return Array.from(document.querySelectorAll('.pm-table tbody tr'))"
                + ".map(function (r) { return r.getAttribute('data-id'); });");
    }

    private static void figure(String line) throws IOException {
        Files.createDirectories(FIGURES.getParent());
        Files.writeString(FIGURES, Instant.now() + " " + line + "\n", java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
    }

    @Test
    void shouldShowTheMonitorsTurnARowDownWithoutAReloadFilterAndDrawTheDetail() throws Exception {
        Door web = door();
        Door db = door();
        int refused = servers.refused();
        Instant now = Instant.now();
        int http = run("""
                portMonitor:
                  defaults: {timeout: 300ms, failuresBeforeAlert: 1, successesBeforeRecovery: 1}
                  tiers:
                    - {id: critical, interval: 500ms}
                    - {id: standard, interval: 1s}
                  channels: [{id: console, log: {}}]
                  monitors:
                    - {id: web, name: Web front, host: 127.0.0.1, port: %d, tier: critical, channels: [console], tags: [frontend]}
                    - {id: orders-db, name: Orders database, host: db.test, port: %d, tier: critical, tags: [database]}
                    - {id: search, name: Search, host: 127.0.0.1, port: %d, tier: standard, tags: [search]}
                    - {id: cache, name: Session cache, host: cache.test, port: %d, tier: standard, tags: [cache]}
                  maintenance:
                    - {id: cache-upgrade, start: "%s", end: "%s", monitors: [cache]}
                """.formatted(web.port(), db.port(), refused, db.port(), now.minusSeconds(3600), now.plusSeconds(3600)));
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            String status = get(http, "/status", null).body();
            return status.contains("\"status\" : \"DOWN\"") && !status.contains("\"status\" : \"UNKNOWN\"");
        });

        Browser browser = browser(1280, 900);
        browser.driver.get("http://127.0.0.1:" + http + "/");
        browser.await(Duration.ofSeconds(15)).until(d -> rowStatus(browser, "web") != null);

        // down and degraded first, then the rest in configuration order
        assertThat(visibleIds(browser)).containsExactly("search", "web", "orders-db", "cache");
        assertThat(rowStatus(browser, "search")).isEqualTo("DOWN");
        assertThat(rowStatus(browser, "web")).isEqualTo("UP");
        assertThat(browser.driver.findElement(By.cssSelector(".pm-count-down strong")).getText()).isEqualTo("1");
        assertThat(browser.driver.findElement(By.cssSelector(".pm-count-up strong")).getText()).isEqualTo("3");
        assertThat(browser.driver.findElement(By.cssSelector(".pm-count-maintenance strong")).getText()).isEqualTo("1");
        assertThat(browser.driver.findElement(By.cssSelector("tr[data-id='cache'] .pm-maint")).getText()).isEqualTo("cache-upgrade");
        assertThat(browser.driver.findElement(By.cssSelector("tr[data-id='orders-db'] .pm-target")).getText())
                .isEqualTo("db.test:" + db.port() + " · tcp · critical");
        browser.await(Duration.ofSeconds(10)).until(d -> Boolean.TRUE.equals(browser.script(
                "return document.getElementById('pm-dashboard').classList.contains('pm-live');")));

        // a port closes: its row turns DOWN in the open page, without a reload
        browser.script("window.pmSamePage = true;");
        long closedAt = System.nanoTime();
        web.close();
        browser.await(Duration.ofSeconds(10)).until(d -> "DOWN".equals(rowStatus(browser, "web")));
        long shownAfterMs = (System.nanoTime() - closedAt) / 1_000_000;
        assertThat(browser.script("return window.pmSamePage === true;")).isEqualTo(true);
        assertThat(visibleIds(browser).subList(0, 2)).containsExactlyInAnyOrder("search", "web");
        figure("row DOWN shown " + shownAfterMs + " ms after the port closed (interval 500ms, failuresBeforeAlert 1)");
        browser.screenshot("dashboard-overview");

        // filters: text, state, tier, tag
        WebElement search = browser.driver.findElement(By.cssSelector(".pm-search"));
        search.sendKeys("orders");
        browser.await(Duration.ofSeconds(5)).until(d -> visibleIds(browser).equals(List.of("orders-db")));
        browser.script("var s = document.querySelector('.pm-search'); s.value = ''; s.dispatchEvent(new Event('input'));");
        browser.await(Duration.ofSeconds(5)).until(d -> visibleIds(browser).size() == 4);
        browser.driver.findElement(By.cssSelector(".pm-count-down")).click();
        browser.await(Duration.ofSeconds(5)).until(d -> visibleIds(browser).size() == 2);
        assertThat(visibleIds(browser)).containsExactlyInAnyOrder("search", "web");
        browser.driver.findElement(By.cssSelector(".pm-count-down")).click();
        new Select(browser.driver.findElement(By.cssSelector(".pm-select-tier")))
                .selectByValue("standard");
        browser.await(Duration.ofSeconds(5)).until(d -> visibleIds(browser).size() == 2);
        assertThat(visibleIds(browser)).containsExactly("search", "cache");
        new Select(browser.driver.findElement(By.cssSelector(".pm-select-tier"))).selectByValue("");
        new Select(browser.driver.findElement(By.cssSelector(".pm-select-tag")))
                .selectByValue("database");
        browser.await(Duration.ofSeconds(5)).until(d -> visibleIds(browser).equals(List.of("orders-db")));
        new Select(browser.driver.findElement(By.cssSelector(".pm-select-tag"))).selectByValue("");

        // the detail: facts, the two charts drawn, the incident and who was told, the maintenance window
        browser.driver.findElement(By.cssSelector("tr[data-id='web'] .pm-name")).click();
        browser.await(Duration.ofSeconds(10)).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".pm-detail")));
        browser.await(Duration.ofSeconds(15)).until(d -> ((Number) browser.script(
                "return document.querySelectorAll('.pm-detail .pm-chart[data-points] canvas').length;")).intValue() == 2);
        String detail = browser.driver.findElement(By.cssSelector(".pm-detail")).getText();
        assertThat(detail).contains("Web front").contains("DOWN").contains("Last failure").contains("refused")
                .contains("Incidents").contains("ongoing").contains("DOWN → console: sent");
        assertThat(((Number) browser.script("return parseInt(document.querySelector('.pm-detail .pm-chart[data-range=\"24h\"]')"
                + ".getAttribute('data-points'), 10);")).intValue()).isPositive();
        browser.screenshot("dashboard-detail");
        browser.driver.get("http://127.0.0.1:" + http + "/#monitor=cache");
        browser.await(Duration.ofSeconds(10)).until(d -> browser.driver.findElement(By.cssSelector(".pm-detail")).getText()
                .contains("cache-upgrade"));
        assertThat(browser.driver.findElement(By.cssSelector(".pm-detail")).getText()).contains("active now");

        assertThat(browser.consoleErrors()).isEmpty();
    }

    /** A monitor's state file with these incidents, each ten minutes long, as if it had run for months. */
    private void plant(String id, List<Instant> starts) throws IOException {
        dev.portmonitor.history.History history = new dev.portmonitor.history.History();
        int n = 0;
        for (Instant start : starts) {
            history.openIncident(start, start.plusSeconds(30), "REFUSED", "refused: connection refused", id + "-down-" + n++);
            history.closeIncident(start.plusSeconds(600));
        }
        new dev.portmonitor.store.StateFiles(dir.resolve("state")).save(id, new dev.portmonitor.store.MonitorRecord(
                dev.portmonitor.monitor.MonitorState.initial(Instant.now().minus(Duration.ofDays(120))), history));
    }

    @Test
    void shouldShowThePatternsFoundAndTheDeployAnIncidentFollowed() throws Exception {
        Door door = door();
        java.time.ZoneId utc = java.time.ZoneId.of("UTC");
        java.time.ZonedDateTime today = Instant.now().atZone(utc).truncatedTo(java.time.temporal.ChronoUnit.DAYS);
        // the same weekday as today, at 03:05, in each of the last four weeks
        plant("cache", List.of(4, 3, 2, 1).stream().map(w -> today.minusWeeks(w).plusMinutes(185 + w).toInstant()).toList());
        List<Instant> together = List.of(today.minusDays(30).plusHours(14).toInstant(), today.minusDays(16).plusHours(9).toInstant(),
                today.minusDays(5).plusHours(22).toInstant());
        plant("orders-db", together);
        plant("search", together.stream().map(t -> t.plusSeconds(100)).toList());
        Instant billing = today.minusDays(2).plusHours(11).toInstant();
        plant("billing", List.of(billing));
        int http = run("""
                portMonitor:
                  history: {timezone: UTC}
                  defaults: {timeout: 1s}
                  monitors:
                    - {id: cache, name: Session cache, host: 127.0.0.1, port: %1$d, interval: 2s}
                    - {id: orders-db, name: Orders database, host: 127.0.0.1, port: %1$d, interval: 2s}
                    - {id: search, name: Search, host: 127.0.0.1, port: %1$d, interval: 2s}
                    - {id: billing, name: Billing API, host: 127.0.0.1, port: %1$d, interval: 2s}
                """.formatted(door.port()));
        java.io.StringWriter err = new java.io.StringWriter();
        assertThat(PortMonitorCli.run(new String[] {"mark-deploy", "deploy-billing", "--build", "412", "--at",
            billing.minus(Duration.ofMinutes(6)).toString(), "--url", "https://ci.example.com/job/deploy-billing/412/",
            "--http-port", String.valueOf(http)}, java.io.InputStream.nullInputStream(),
                new java.io.PrintWriter(new java.io.StringWriter()), new java.io.PrintWriter(err, true)))
                .as(err.toString()).isEqualTo(ExitCodes.OK);

        Browser browser = browser(1280, 900);
        browser.driver.get("http://127.0.0.1:" + http + "/");
        browser.await(Duration.ofSeconds(15)).until(d -> rowStatus(browser, "cache") != null);
        browser.await(Duration.ofSeconds(15)).until(d -> !browser.driver.findElements(By.cssSelector(".pm-findings li")).isEmpty());

        List<String> findings = browser.driver.findElements(By.cssSelector(".pm-findings li")).stream().map(WebElement::getText)
                .toList();
        assertThat(findings).hasSize(2);
        assertThat(findings.get(0)).startsWith("Orders database (127.0.0.1:" + door.port() + ") and Search (127.0.0.1:"
                + door.port() + ") went down within the same 5 minutes 3 times in the last 8 weeks");
        // today, the same weekday, counts among the last weeks: 4 of the last 5
        assertThat(findings.get(1)).startsWith("Session cache (127.0.0.1:" + door.port() + ") went down on 4 of the last 5 ")
                .endsWith("UTC (" + dev.portmonitor.history.PatternFinder.dates(List.of(4, 3, 2, 1).stream()
                        .map(w -> today.minusWeeks(w).toLocalDate()).toList()) + "): look at what runs then.");
        browser.screenshot("dashboard-findings");

        browser.driver.get("http://127.0.0.1:" + http + "/#monitor=billing");
        browser.await(Duration.ofSeconds(10)).until(d -> !browser.driver.findElements(By.cssSelector(".pm-after-deploy")).isEmpty());
        WebElement after = browser.driver.findElement(By.cssSelector(".pm-after-deploy a"));
        assertThat(after.getText()).isEqualTo("began 6 min after deploy-billing #412");
        assertThat(after.getAttribute("href")).isEqualTo("https://ci.example.com/job/deploy-billing/412/");
        browser.screenshot("dashboard-after-deploy");
    }

    @Test
    void shouldFitAPhoneScreen() throws Exception {
        Door db = door();
        int http = run("""
                portMonitor:
                  defaults: {timeout: 300ms}
                  monitors:
                    - {id: orders-db, name: Orders database, host: db.test, port: %d, interval: 1s}
                    - {id: search, name: Search, host: 127.0.0.1, port: %d, interval: 1s}
                """.formatted(db.port(), servers.refused()));
        Browser phone = browser(390, 844);
        phone.driver.get("http://127.0.0.1:" + http + "/");
        phone.await(Duration.ofSeconds(15)).until(d -> "DOWN".equals(rowStatus(phone, "search")));

        long pageWidth = ((Number) phone.script("return document.documentElement.scrollWidth;")).longValue();
        long viewport = ((Number) phone.script("return window.innerWidth;")).longValue();
        assertThat(pageWidth).as("no sideways scrolling on a phone").isLessThanOrEqualTo(viewport);
        assertThat(phone.driver.findElement(By.cssSelector("tr[data-id='search'] .pm-col-a7")).isDisplayed()).isFalse();
        phone.screenshot("dashboard-phone");
        assertThat(phone.consoleErrors()).isEmpty();
    }

    @Test
    void shouldEnforceTheAccessToken() throws Exception {
        Door db = door();
        String token = "dashboard-it-token-0123456789";
        Path tokenFile = dir.resolve("token");
        Files.writeString(tokenFile, token + "\n");
        int http = run("""
                portMonitor:
                  defaults: {timeout: 300ms}
                  monitors:
                    - {id: orders-db, host: db.test, port: %d, interval: 1s}
                """.formatted(db.port()), "--http-token-file", tokenFile.toString());
        await().atMost(Duration.ofSeconds(60)).until(() -> get(http, "/status", token).statusCode() == 200);

        assertThat(get(http, "/status", null).statusCode()).isEqualTo(401);
        assertThat(get(http, "/", null).statusCode()).isEqualTo(401);
        assertThat(get(http, "/status", "not-the-token").statusCode()).isEqualTo(401);
        HttpResponse<String> allowed = get(http, "/status", token);
        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("script-src 'self'").doesNotContain("unsafe-eval"));
        assertThat(allowed.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(allowed.headers().firstValue("X-Frame-Options")).hasValue("DENY");

        Browser browser = browser(1280, 900);
        browser.driver.get("http://127.0.0.1:" + http + "/?token=wrong-token-given-here");
        assertThat(browser.driver.getPageSource()).contains("unauthorized");
        browser.driver.get("http://127.0.0.1:" + http + "/?token=" + token);
        browser.await(Duration.ofSeconds(15)).until(d -> "UP".equals(rowStatus(browser, "orders-db")));
        assertThat(browser.driver.getCurrentUrl()).as("the token leaves the address bar").doesNotContain("token");

        String err = Files.readString(dir.resolve("err.txt"));
        assertThat(err).contains("status port: refused GET /status from 127.0.0.1: no access token")
                .contains("status port: refused GET /status from 127.0.0.1: a wrong access token")
                .contains("status port: refused GET / from 127.0.0.1: a wrong access token in the address")
                .doesNotContain(token).doesNotContain("wrong-token-given-here").doesNotContain("not-the-token");
    }

    @Test
    void shouldHoldAThousandMonitors() throws Exception {
        List<Door> doors = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            doors.add(door());
        }
        StringBuilder yaml = new StringBuilder("""
                portMonitor:
                  defaults: {timeout: 500ms}
                  monitors:
                """);
        for (int i = 0; i < 1000; i++) {
            int port = i % 50 == 7 ? servers.refused() : doors.get(i % doors.size()).port();
            yaml.append("    - {id: m").append(i).append(", name: Service ").append(i).append(", host: 127.0.0.1, port: ")
                    .append(port).append(", interval: 10s, tags: [group-").append(i % 20).append("]}\n");
        }
        int http = run(yaml.toString());
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() ->
                !get(http, "/status", null).body().contains("\"status\" : \"UNKNOWN\""));

        Browser browser = browser(1280, 900);
        browser.driver.get("http://127.0.0.1:" + http + "/");
        browser.await(Duration.ofSeconds(30)).until(d -> browser.script(
                "return document.getElementById('pm-dashboard').getAttribute('data-ready');") != null);
        long ready = Long.parseLong((String) browser.script("return document.getElementById('pm-dashboard').getAttribute('data-ready');"));
        assertThat(visibleIds(browser)).hasSize(1000);
        assertThat(visibleIds(browser).subList(0, 20)).allMatch(id -> "DOWN".equals(rowStatus(browser, id)));
        // typed at once (a paste), timed inside the page until the rows are drawn
        long filterMs = ((Number) browser.driver.executeAsyncScript("var done = arguments[arguments.length - 1];"
                + " var s = document.querySelector('.pm-search'), t0 = performance.now();"
                + " s.value = 'service 99'; s.dispatchEvent(new Event('input'));"
                + " (function wait() { if (document.querySelectorAll('.pm-table tbody tr').length === 11) {"
                + " requestAnimationFrame(function () { done(Math.round(performance.now() - t0)); }); }"
                + " else { setTimeout(wait, 5); } })();")).longValue();
        assertThat(visibleIds(browser)).hasSize(11); // 99, 990..999
        figure("1000 monitors: first status drawn " + ready + " ms after navigation; a filter applied " + filterMs
                + " ms after it was typed (120 ms of it the pause the page waits for)");
        browser.screenshot("dashboard-1000");
        Map<String, Object> timing = Browser.map(browser.script("var t = performance.getEntriesByType('navigation')[0];"
                + " return {dom: Math.round(t.domContentLoadedEventEnd), load: Math.round(t.loadEventEnd)};"));
        figure("1000 monitors: DOMContentLoaded " + timing.get("dom") + " ms, load " + timing.get("load") + " ms");
        Map<String, Object> status = Browser.map(browser.script("var e = performance.getEntriesByType('resource')"
                + ".filter(function (r) { return /\\/status$/.test(r.name); })[0];"
                + " return {start: Math.round(e.startTime), firstByte: Math.round(e.responseStart), end: Math.round(e.responseEnd),"
                + " bytes: e.encodedBodySize};"));
        figure("1000 monitors: the first /status asked at " + status.get("start") + " ms, first byte " + status.get("firstByte")
                + " ms, whole " + status.get("end") + " ms, " + status.get("bytes") + " bytes");
        assertThat(browser.consoleErrors()).isEmpty();
    }
}
