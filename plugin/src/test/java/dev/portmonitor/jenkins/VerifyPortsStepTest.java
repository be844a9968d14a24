package dev.portmonitor.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.model.Result;
import hudson.model.TaskListener;
import hudson.slaves.DumbSlave;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.structs.describable.DescribableModel;
import org.jenkinsci.plugins.workflow.cps.SnippetizerTester;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.jenkinsci.plugins.workflow.steps.StepConfigTester;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * verifyPorts in real Pipelines against loopback ports: one that listens and one that refuses
 * (a port bound then closed), never anything beyond 127.0.0.1.
 */
@WithJenkins
class VerifyPortsStepTest {

    private LoopbackPorts ports;
    private int open;
    private int closed;

    @BeforeEach
    void ports() throws IOException {
        ports = new LoopbackPorts();
        open = ports.open;
        closed = ports.closed;
    }

    @AfterEach
    void close() throws IOException {
        ports.close();
    }

    private WorkflowJob pipeline(JenkinsRule r, String script) throws Exception {
        WorkflowJob job = r.createProject(WorkflowJob.class);
        job.setDefinition(new CpsFlowDefinition(script, true));
        return job;
    }

    @Test
    void shouldPassPrintTheTableAndReturnTheResults(JenkinsRule r) throws Exception {
        WorkflowJob job = pipeline(r, """
                def ports = verifyPorts targets: ['127.0.0.1:%d', [host: '127.0.0.1', port: %d, name: 'orders-db']], timeout: '2s'
                echo "count=${ports.size()} first=${ports[0].outcome} name=${ports[1].name} port=${ports[1].port} critical=${ports[1].critical}"
                echo "latency=${ports[0].latencyMs != null} address=${ports[0].address}"
                """.formatted(open, open));

        WorkflowRun run = r.buildAndAssertSuccess(job);

        r.assertLogContains("verifyPorts: checking 2 targets from the controller", run);
        r.assertLogContains("OPEN", run);
        r.assertLogContains("count=2 first=OPEN name=orders-db port=" + open + " critical=true", run);
        r.assertLogContains("latency=true address=127.0.0.1:" + open, run);
        VerifyPortsAction action = run.getAction(VerifyPortsAction.class);
        assertEquals(2, action.getResults().size());
        assertTrue(action.isAllOpen());
        String page = r.createWebClient().getPage(run).asNormalizedText();
        assertTrue(page.contains("Port checks from the controller: 2 of 2 open"), page);
    }

    @Test
    void shouldFailWithOneMessageListingEveryClosedCriticalPort(JenkinsRule r) throws Exception {
        WorkflowJob job = pipeline(r, """
                verifyPorts targets: ['127.0.0.1:%d', '127.0.0.1:%d', [host: '127.0.0.1', port: %d, name: 'cache']]
                echo 'not reached'
                """.formatted(open, closed, closed));

        WorkflowRun run = r.buildAndAssertStatus(Result.FAILURE, job);

        r.assertLogContains("verifyPorts: 2 critical ports are not open: 127.0.0.1:" + closed
                + " refused: connection refused; cache (127.0.0.1:" + closed + ") refused: connection refused", run);
        r.assertLogNotContains("not reached", run);
        r.assertLogNotContains("\tat ", run);
    }

    @Test
    void shouldMarkTheBuildUnstableWhenOnlyOptionalPortsAreClosed(JenkinsRule r) throws Exception {
        WorkflowJob job = pipeline(r, """
                def ports = verifyPorts targets: ['127.0.0.1:%d', [host: '127.0.0.1', port: %d, critical: false]]
                echo "second=${ports[1].outcome} message=${ports[1].message}"
                """.formatted(open, closed));

        WorkflowRun run = r.buildAndAssertStatus(Result.UNSTABLE, job);

        r.assertLogContains("WARNING: verifyPorts: 1 optional port is not open: 127.0.0.1:" + closed, run);
        r.assertLogContains("second=REFUSED message=connection refused", run);
    }

    @Test
    void shouldReturnWithoutFailingWhenFailOnErrorIsFalse(JenkinsRule r) throws Exception {
        WorkflowJob job = pipeline(r, """
                def ports = verifyPorts targets: ['127.0.0.1:%d'], failOnError: false
                if (ports[0].outcome != 'OPEN') { echo "closed as expected: ${ports[0].outcome}" }
                """.formatted(closed));

        WorkflowRun run = r.buildAndAssertSuccess(job);

        r.assertLogContains("(failOnError is false: the build goes on)", run);
        r.assertLogContains("closed as expected: REFUSED", run);
    }

    @Test
    void shouldNameEveryBadTargetAtOnce(JenkinsRule r) throws Exception {
        WorkflowRun run = r.buildAndAssertStatus(Result.FAILURE,
                pipeline(r, "verifyPorts targets: ['db:70000', 'no-port', [host: 'db', port: 'x']]"));

        r.assertLogContains("verifyPorts: targets[0]: \"db:70000\": port must be between 1 and 65535", run);
        r.assertLogContains("targets[1]: \"no-port\": missing port; expected host:port, for example db.internal:5432", run);
        r.assertLogContains("targets[2]: port \"x\" is not a number; expected 1 to 65535", run);

        WorkflowRun badTimeout = r.buildAndAssertStatus(Result.FAILURE,
                pipeline(r, "verifyPorts targets: ['127.0.0.1:%d'], timeout: 'soon'".formatted(open)));

        r.assertLogContains("verifyPorts: timeout: \"soon\" is not a duration", badTimeout);
    }

    @Test
    void shouldRefuseTargetsOutsideTheAdministratorsRules(JenkinsRule r) throws Exception {
        StepRestrictions restrictions = new StepRestrictions();
        restrictions.setAllowedNetworks("10.0.0.0/8");
        restrictions.setAllowedPorts(String.valueOf(open));
        PortMonitorConfiguration.get().setRestrictions(restrictions);
        WorkflowJob job = pipeline(r, "verifyPorts targets: ['127.0.0.1:%d', [host: '127.0.0.1', port: %d, critical: false]]"
                .formatted(open, closed));

        WorkflowRun run = r.buildAndAssertStatus(Result.FAILURE, job);

        r.assertLogContains("127.0.0.1:" + open + " blocked: not allowed: 127.0.0.1:" + open
                + " matches no allowed host or network (10.0.0.0/8)", run);
        r.assertLogContains("BLOCKED", run);
    }

    @Test
    void shouldCheckConfiguredMonitorsByIdAndTag(JenkinsRule r) throws Exception {
        MonitorEntry db = new MonitorEntry("orders-db", "127.0.0.1", open);
        db.setInterval("1h");
        db.setTags("database, after-reboot");
        MonitorEntry cache = new MonitorEntry("cache", "127.0.0.1", closed);
        cache.setInterval("1h");
        cache.setTags("cache");
        PortMonitorConfiguration.get().setMonitors(List.of(db, cache));
        WorkflowJob job = pipeline(r, """
                def ports = verifyPorts tags: ['after-reboot']
                echo "tagged=${ports.collect { it.name }}"
                verifyPorts monitors: ['cache', 'missing']
                """);

        WorkflowRun run = r.buildAndAssertStatus(Result.FAILURE, job);

        r.assertLogContains("tagged=[orders-db]", run);
        r.assertLogContains("verifyPorts: monitors: no configured monitor \"missing\"; configured: orders-db, cache", run);
    }

    @Test
    void shouldProbeFromTheAgentWhenAsked(JenkinsRule r) throws Exception {
        DumbSlave agent = r.createOnlineSlave();
        WorkflowJob job = pipeline(r, """
                node('%s') {
                  def ports = verifyPorts targets: ['127.0.0.1:%d'], onAgent: true
                  echo "agent=${ports[0].outcome}"
                }
                verifyPorts targets: ['127.0.0.1:%d'], onAgent: true
                """.formatted(agent.getNodeName(), open, open));

        WorkflowRun run = r.buildAndAssertStatus(Result.FAILURE, job);

        r.assertLogContains("verifyPorts: checking 1 target from the agent", run);
        r.assertLogContains("agent=OPEN", run);
        r.assertLogContains("onAgent: true probes from the agent of an enclosing node block", run);
    }

    @Test
    void shouldKeepEveryFormFieldThroughTheSnippetGeneratorForm(JenkinsRule r) throws Exception {
        VerifyPortsStep step = new VerifyPortsStep();
        PortTarget cache = new PortTarget("cache.internal", 6379);
        cache.setName("cache");
        cache.setCritical(false);
        step.setEndpoints(List.of(new PortTarget("db.internal", 5432), cache));
        step.setTimeout("5s");
        step.setSlowThreshold("200ms");
        step.setFailOnError(false);
        step.setOnAgent(true);

        r.assertEqualDataBoundBeans(step, new StepConfigTester(r).configRoundTrip(step));
    }

    @Test
    void shouldKeepMapsWrittenAmongTheTargetStringsInOrder(JenkinsRule r) throws Exception {
        // what workflow-cps's DSL does with: verifyPorts targets: [...], timeout: '5s'
        Map<String, Object> arguments = new LinkedHashMap<>();
        arguments.put("targets", List.of("db:5432", Map.of("host", "cache", "port", 6379, "critical", false),
                "orders=postgres://orders.internal?database=orders"));
        arguments.put("timeout", "5s");

        VerifyPortsStep step = DescribableModel.of(VerifyPortsStep.class).instantiate(arguments, TaskListener.NULL);

        assertEquals(List.of("db:5432"), step.getTargets());
        assertEquals(List.of(
                Map.of("host", "cache", "port", 6379, "critical", false),
                Map.of("host", "orders.internal", "port", 5432, "check", "postgres", "database", "orders", "name", "orders",
                        "critical", true)), step.entries().subList(1, 3));
        assertEquals("5s", step.getTimeout());
    }

    @Test
    void shouldRefuseAMixedListWithAnUnknownKeyRatherThanDropIt(JenkinsRule r) throws Exception {
        Map<String, Object> arguments = Map.of("targets", List.of("db:5432", Map.of("host", "cache", "port", 6379, "critcal", false)));

        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> DescribableModel.of(VerifyPortsStep.class).instantiate(arguments, TaskListener.NULL));

        assertEquals("verifyPorts: targets[1]: unknown key \"critcal\"; allowed: host, port, name, critical, check",
                refused.getMessage());
    }

    @Test
    void shouldWriteAMixedStepAsOneTargetsListThatParsesBackToTheSameStep(JenkinsRule r) throws Exception {
        VerifyPortsStep step = new VerifyPortsStep();
        step.setTargets(List.of("db.internal:5432"));
        PortTarget cache = new PortTarget("cache.internal", 6379);
        cache.setName("cache");
        cache.setCritical(false);
        PortTarget orders = new PortTarget("orders.internal", 0);
        orders.setCheck("postgres");
        orders.setDatabase("orders");
        step.setEndpoints(List.of(cache, orders));
        step.setTimeout("5s");
        step.setFailOnError(false);

        new SnippetizerTester(r).assertRoundTrip(step, "verifyPorts targets: ['db.internal:5432',"
                + " [host: 'cache.internal', port: 6379, name: 'cache', critical: false],"
                + " [host: 'orders.internal', check: 'postgres', database: 'orders']], failOnError: false, timeout: '5s'");

        VerifyPortsStep plain = new VerifyPortsStep();
        plain.setTargets(List.of("db.internal:5432", "cache.internal:6379"));
        new SnippetizerTester(r).assertRoundTrip(plain, "verifyPorts(targets: ['db.internal:5432', 'cache.internal:6379'])");
    }
}
