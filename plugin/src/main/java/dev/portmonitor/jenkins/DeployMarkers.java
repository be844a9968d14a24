package dev.portmonitor.jenkins;

import dev.portmonitor.history.Deploy;
import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.model.listeners.RunListener;
import java.time.Instant;
import java.util.List;
import jenkins.model.Jenkins;

/**
 * Deploy markers from builds: every {@code verifyPorts} call marks its build (with the targets it
 * checked), and every build of a job that ran {@code verifyPorts} before is marked when it starts, so
 * that a deploy which broke something before it reached its check still counts.
 */
@Extension
public final class DeployMarkers extends RunListener<Run<?, ?>> {

    @Override
    public void onStarted(Run<?, ?> run, TaskListener listener) {
        String job = run.getParent().getFullName();
        PortMonitorRuntime runtime = PortMonitorRuntime.get();
        if (runtime.deploys(job)) {
            runtime.markDeploy(of(run, List.of()));
        }
    }

    /** The marker of a build: its job's full name, its number, its start, a link to it. */
    static Deploy of(Run<?, ?> run, List<String> targets) {
        Jenkins jenkins = Jenkins.getInstanceOrNull();
        String root = jenkins == null ? null : jenkins.getRootUrl();
        return new Deploy(run.getParent().getFullName(), String.valueOf(run.getNumber()),
                Instant.ofEpochMilli(run.getStartTimeInMillis()), targets, root == null ? null : root + run.getUrl());
    }
}
