package dev.portmonitor.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.Label;
import hudson.model.Result;
import io.jenkins.plugins.casc.ConfigurationAsCode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/** The README's Jenkinsfile and YAML, run as they are written (host names swapped for loopback ports). */
@WithJenkins
class ReadmeExamplesTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static String readme() throws IOException {
        return Files.readString(ROOT.resolve("README.md"));
    }

    private static String block(String text, String fence, String after) {
        int from = text.indexOf(fence, text.indexOf(after)) + fence.length();
        return text.substring(from, text.indexOf("```", from));
    }

    private static String replace(String text, String from, String to) {
        assertTrue(text.contains(from), "the example no longer contains " + from);
        return text.replace(from, to);
    }

    @Test
    void shouldRunTheJenkinsfileExample(JenkinsRule r) throws Exception {
        String example = Files.readString(ROOT.resolve("docs/examples/Jenkinsfile"));
        assertTrue(readme().contains(block(readme(), "```groovy\n", "## Use in a Jenkinsfile")),
                "README shows docs/examples/Jenkinsfile");
        assertTrue(example.contains(block(readme(), "```groovy\n", "## Use in a Jenkinsfile")),
                "README's Jenkinsfile is docs/examples/Jenkinsfile");
        try (ServerSocket listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int open = listening.getLocalPort();
            int closed;
            try (ServerSocket gone = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
                closed = gone.getLocalPort();
            }
            String script = replace(example, "'db.internal:5432'", "'127.0.0.1:" + open + "'");
            script = replace(script, "'cache.internal:6379'", "'127.0.0.1:" + open + "'");
            script = replace(script, "host: 'search.internal', port: 9200", "host: '127.0.0.1', port: " + closed);
            script = replace(script, "'smtp.internal:587'", "'127.0.0.1:" + closed + "'");
            MonitorEntry db = new MonitorEntry("orders-db", "127.0.0.1", open);
            db.setInterval("1h");
            db.setTags("database, after-reboot");
            PortMonitorConfiguration.get().setMonitors(List.of(db));
            r.createOnlineSlave(Label.get("deploy"));
            WorkflowJob job = r.createProject(WorkflowJob.class);
            job.setDefinition(new CpsFlowDefinition(script, true));

            WorkflowRun run = r.buildAndAssertStatus(Result.UNSTABLE, job);

            r.assertLogContains("WARNING: verifyPorts: 1 optional port is not open: search (127.0.0.1:" + closed + ")", run);
            r.assertLogContains("search: REFUSED connection refused", run);
            r.assertLogContains("verifyPorts: checking 1 target from the agent", run);
            r.assertLogContains("SMTP is REFUSED: connection refused", run);
            assertEquals(4, run.getActions(VerifyPortsAction.class).size());
        }
    }

    @Test
    void shouldImportTheReadmeYaml(JenkinsRule r) throws Exception {
        String yaml = block(readme(), "```yaml\n", "## Configure monitors");
        Path file = Files.createTempFile("readme-casc", ".yaml");
        try {
            Files.writeString(file, yaml);
            ConfigurationAsCode.get().configure(List.of(file.toString()));
        } finally {
            Files.delete(file);
        }
        PortMonitorConfiguration configuration = PortMonitorConfiguration.get();
        assertEquals("orders-db", configuration.getMonitors().get(0).getId());
        assertEquals("postgres", configuration.getMonitors().get(0).getCheck());
        assertEquals(5432, configuration.toEngineConfig().monitor("orders-db").orElseThrow().target().port());
        assertEquals("pm-telegram-token", configuration.getChannels().get(0).getTelegram().getBotTokenCredentialsId());
        assertEquals("10.0.0.0/8", configuration.getRestrictions().getAllowedNetworks());
        assertNotEquals(null, configuration.getDefaults().getTimeout());
    }
}
