package dev.portmonitor.jenkins;

import hudson.model.Result;
import java.io.IOException;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

/**
 * verifyPorts inside {@code pipeline { ... }}: Declarative's validation reads the step's model
 * (parameter names, literal types) before the build runs, and its steps then run through
 * workflow-cps as in a scripted Pipeline. Loopback ports only: one that listens, one that refuses.
 */
@WithJenkins
class DeclarativePipelineTest {

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

    private static WorkflowJob declarative(JenkinsRule r, String steps) throws Exception {
        WorkflowJob job = r.createProject(WorkflowJob.class);
        job.setDefinition(new CpsFlowDefinition("""
                pipeline {
                  agent none
                  stages {
                    stage('Verify') {
                      steps {
                %s
                      }
                    }
                  }
                }
                """.formatted(steps.indent(8)), true));
        return job;
    }

    @Test
    void shouldValidateAMixedListAndFailTheBuildOnAClosedCriticalPort(JenkinsRule r) throws Exception {
        WorkflowJob job = declarative(r, """
                verifyPorts targets: ['127.0.0.1:%d', [host: '127.0.0.1', port: %d, name: 'orders-db']], timeout: '2s'
                """.formatted(open, closed));

        WorkflowRun run = r.buildAndAssertStatus(Result.FAILURE, job);

        r.assertLogContains("verifyPorts: checking 2 targets from the controller", run);
        r.assertLogContains("orders-db", run);
        r.assertLogContains("REFUSED", run);
        r.assertLogNotContains("WorkflowScript: ", run); // no validation error: the step ran
    }

    @Test
    void shouldReturnTheResultsToAScriptBlockAndMarkUnstableForAnOptionalPort(JenkinsRule r) throws Exception {
        WorkflowJob job = declarative(r, """
                script {
                  def ports = verifyPorts targets: ['127.0.0.1:%d', [host: '127.0.0.1', port: %d, name: 'cache', critical: false]]
                  echo "first=${ports[0].outcome} second=${ports[1].name}:${ports[1].outcome}"
                }
                """.formatted(open, closed));

        WorkflowRun run = r.buildAndAssertStatus(Result.UNSTABLE, job);

        r.assertLogContains("first=OPEN second=cache:REFUSED", run);
    }

    @Test
    void shouldRefuseAMisspelledParameterBeforeTheBuildRuns(JenkinsRule r) throws Exception {
        WorkflowJob job = declarative(r, "verifyPorts target: ['127.0.0.1:%d']".formatted(open));

        WorkflowRun run = r.buildAndAssertStatus(Result.FAILURE, job);

        r.assertLogContains("Invalid parameter \"target\", did you mean \"targets\"?", run);
        r.assertLogNotContains("verifyPorts: checking", run);
    }
}
