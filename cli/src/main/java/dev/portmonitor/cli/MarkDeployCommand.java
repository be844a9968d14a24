package dev.portmonitor.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code port-monitor mark-deploy NAME}: tells a running {@code port-monitor run} on this machine that
 * something was deployed, so that an incident that begins soon after names it. The JDK's own HTTP
 * client is enough for one POST to loopback.
 */
@Command(name = "mark-deploy", mixinStandardHelpOptions = true,
        description = "Marks a deploy on the monitor running on this machine (port-monitor run): incidents that begin "
                + "within history.deployWindow after it name it, and the status page shows it.",
        footerHeading = "%n",
        footer = {"Exit codes:", "  0  marked", "  1  the monitor did not take it (not running, or the reason is printed)",
            "  2  bad usage"})
final class MarkDeployCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "What was deployed, like deploy-orders.")
    private String name;

    @Option(names = "--build", paramLabel = "ID", description = "The build's number or id, like 412.")
    private String build;

    @Option(names = "--target", paramLabel = "HOST:PORT",
            description = "A target the deploy concerns (repeatable); without one, it concerns every monitor.")
    private List<String> targets = List.of();

    @Option(names = "--url", paramLabel = "URL", description = "A link to the build or the change.")
    private String url;

    @Option(names = "--at", paramLabel = "TIME",
            description = "When it happened, like 2026-11-30T03:00:00Z (default: now), to mark one after the fact.")
    private String at;

    @Option(names = "--http-port", paramLabel = "N", defaultValue = "9110",
            description = "The status port of port-monitor run (default: ${DEFAULT-VALUE}).")
    private int httpPort;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (httpPort < 1 || httpPort > 65_535) {
            err.println("port-monitor mark-deploy: --http-port " + httpPort + " is not a port (1-65535)");
            err.flush();
            return ExitCodes.USAGE;
        }
        ObjectMapper json = new ObjectMapper();
        ObjectNode body = json.createObjectNode();
        body.put("name", name);
        if (build != null) {
            body.put("build", build);
        }
        targets.forEach(body.putArray("targets")::add);
        if (url != null) {
            body.put("url", url);
        }
        if (at != null) {
            body.put("at", at);
        }
        URI address = URI.create("http://127.0.0.1:" + httpPort + "/deploys");
        HttpRequest request = HttpRequest.newBuilder(address).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 201) {
                out.print(response.body());
                out.flush();
                return ExitCodes.OK;
            }
            err.print("port-monitor mark-deploy: " + response.body().strip() + " (HTTP " + response.statusCode() + ")\n");
            err.flush();
            return response.statusCode() == 400 ? ExitCodes.USAGE : ExitCodes.NOT_OPEN;
        } catch (ConnectException e) {
            err.println("port-monitor mark-deploy: nothing listens on " + address.getHost() + ":" + httpPort
                    + "; is port-monitor run running here, with --http-port " + httpPort + "?");
        } catch (IOException e) {
            err.println("port-monitor mark-deploy: " + address + " failed: " + e.getMessage());
        }
        err.flush();
        return ExitCodes.NOT_OPEN;
    }
}
