package dev.portmonitor.jenkins;

import static dev.portmonitor.jenkins.Waits.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.portmonitor.status.MonitorView;
import dev.portmonitor.monitor.MonitorStatus;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

/** The engine starts with Jenkins, applies saves without a restart, and comes back after a restart with its history. */
class LifecycleTest {

    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    private static MonitorView view(String id) {
        return PortMonitorRuntime.get().status().stream().filter(v -> v.id().equals(id)).findFirst().orElse(null);
    }

    @Test
    void shouldApplySavesAndKeepStateAcrossARestart() throws Throwable {
        try (ServerSocket open = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = open.getLocalPort();
            long[] checksBefore = new long[1];
            sessions.then(r -> {
                MonitorEntry db = new MonitorEntry("orders-db", "127.0.0.1", port);
                db.setInterval("200ms");
                db.setTimeout("100ms");
                PortMonitorConfiguration.get().setMonitors(List.of(db));
                await("orders-db is UP", () -> view("orders-db") != null && view("orders-db").status() == MonitorStatus.UP);

                // A save reaches the running engine without a restart.
                MonitorEntry cache = new MonitorEntry("cache", "127.0.0.1", port);
                cache.setInterval("200ms");
                cache.setTimeout("100ms");
                PortMonitorConfiguration.get().setMonitors(List.of(db, cache));
                await("cache is UP", () -> view("cache") != null && view("cache").status() == MonitorStatus.UP);
                await("a few checks", () -> view("orders-db").checks() >= 5);
                checksBefore[0] = view("orders-db").checks();
            });
            sessions.then(r -> {
                await("the engine runs again", () -> view("orders-db") != null);
                MonitorView restored = view("orders-db");
                assertTrue(restored.checks() >= checksBefore[0], "checks kept: " + restored.checks() + " of " + checksBefore[0]);
                await("probing goes on", () -> view("orders-db").checks() > checksBefore[0] + 2);
                assertEquals(MonitorStatus.UP, view("orders-db").status());
                assertTrue(PortMonitorRuntime.get().problems().isEmpty(), PortMonitorRuntime.get().problems().toString());
            });
        }
    }

    @Test
    void shouldMarkEachVerifyPortsBuildAndLaterBuildsOfItsJobAsDeploys() throws Throwable {
        try (ServerSocket open = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int port = open.getLocalPort();
            sessions.then(r -> {
                MonitorEntry db = new MonitorEntry("orders-db", "127.0.0.1", port);
                db.setInterval("1s");
                db.setTimeout("500ms");
                PortMonitorConfiguration.get().setMonitors(List.of(db));
                await("the engine runs", () -> view("orders-db") != null);

                org.jenkinsci.plugins.workflow.job.WorkflowJob job = r.createProject(
                        org.jenkinsci.plugins.workflow.job.WorkflowJob.class, "deploy-orders");
                job.setDefinition(new org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition(
                        "verifyPorts targets: '127.0.0.1:" + port + "'\nverifyPorts targets: '127.0.0.1:" + port + "'", true));
                r.buildAndAssertSuccess(job);
                List<dev.portmonitor.history.Deploy> first = PortMonitorRuntime.get().deployMarkers();
                assertEquals(1, first.size(), "one marker for a build that called the step twice: " + first);
                assertEquals("deploy-orders #1", first.get(0).label());
                assertEquals(List.of("127.0.0.1:" + port), first.get(0).targets());

                // A later build that breaks before it reaches its check is a deploy all the same.
                job.setDefinition(new org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition("error 'the deploy broke'", true));
                r.buildAndAssertStatus(hudson.model.Result.FAILURE, job);
                assertEquals(List.of("deploy-orders #1", "deploy-orders #2"),
                        PortMonitorRuntime.get().deployMarkers().stream().map(dev.portmonitor.history.Deploy::label).toList());

                // Another job that never ran the step marks nothing.
                org.jenkinsci.plugins.workflow.job.WorkflowJob other = r.createProject(
                        org.jenkinsci.plugins.workflow.job.WorkflowJob.class, "unit-tests");
                other.setDefinition(new org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition("echo 'tests'", true));
                r.buildAndAssertSuccess(other);
                assertEquals(2, PortMonitorRuntime.get().deployMarkers().size());
                assertTrue(PortMonitorRuntime.get().statusJson(java.time.Instant.now()).contains("\"label\" : \"deploy-orders #2\""));

                // The monthly review on the page, as the review channels would get it.
                String review = r.createWebClient().goTo("port-monitors/review?month=2026-11&format=md", "text/plain")
                        .getWebResponse().getContentAsString();
                assertTrue(review.startsWith("# Port Monitor review of November 2026\n"), review);
                assertTrue(review.contains("| orders-db (127.0.0.1:" + port + ") |"), review);
                assertEquals(400, r.createWebClient().withThrowExceptionOnFailingStatusCode(false)
                        .goTo("port-monitors/review?month=soon", "text/html").getWebResponse().getStatusCode());
            });
            sessions.then(r -> {
                await("the engine runs again", () -> view("orders-db") != null);
                assertEquals(List.of("deploy-orders #1", "deploy-orders #2"),
                        PortMonitorRuntime.get().deployMarkers().stream().map(dev.portmonitor.history.Deploy::label).toList());
            });
        }
    }

    @Test
    void shouldStartJenkinsWhateverTheMonitorConfiguration() throws Throwable {
        sessions.then(r -> {
            // A port the engine refuses: saved anyway through configuration as code or a script.
            PortMonitorConfiguration.get().setMonitors(List.of(new MonitorEntry("broken", "127.0.0.1", 70000)));
            await("the problem is reported", () -> !PortMonitorRuntime.get().problems().isEmpty());
        });
        sessions.then(r -> {
            await("the problem is reported after a restart", () -> !PortMonitorRuntime.get().problems().isEmpty());
            assertTrue(PortMonitorRuntime.get().problems().get(0).contains("monitors[0].port: 70000 is not a port"),
                    PortMonitorRuntime.get().problems().toString());
            r.createWebClient().goTo("port-monitors/");
        });
    }
}
