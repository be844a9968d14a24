package dev.portmonitor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestChannelCommandTest {

    @TempDir
    Path dir;

    private Path config(int port) throws IOException {
        Path file = dir.resolve("channels.yaml");
        Files.writeString(file, """
                portMonitor:
                  channels:
                    - {id: incidents, webhook: {url: "http://127.0.0.1:%d/pm", deliveryDeadline: 2s}}
                    - {id: console, log: {}}
                """.formatted(port));
        return file;
    }

    @Test
    void shouldDeliverATestMessageToAWebhook() throws Exception {
        try (MockWebServer receiver = new MockWebServer()) {
            receiver.start(InetAddress.getLoopbackAddress(), 0);
            receiver.enqueue(new MockResponse.Builder().code(200).build());

            CliRun run = CliRun.of("test-channel", "--config", config(receiver.getPort()).toString(), "incidents");

            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.out()).startsWith("test message delivered to webhook channel incidents in ").endsWith("(1 attempt)\n");
            RecordedRequest request = receiver.takeRequest(5, TimeUnit.SECONDS);
            assertThat(new ObjectMapper().readTree(request.getBody().utf8()).get("eventType").asText()).isEqualTo("TEST");
        }
    }

    @Test
    void shouldReportTheExactFailure() throws Exception {
        try (MockWebServer receiver = new MockWebServer()) {
            receiver.start(InetAddress.getLoopbackAddress(), 0);
            receiver.enqueue(new MockResponse.Builder().code(401).build());

            CliRun run = CliRun.of("test-channel", "--config", config(receiver.getPort()).toString(), "incidents");

            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.err()).isEqualTo("port-monitor test-channel: webhook channel incidents failed: http://127.0.0.1:"
                    + receiver.getPort() + " answered HTTP 401 (not retried)\n");
        }
    }

    @Test
    void shouldNameTheChannelsWhenTheNameIsWrong() throws Exception {
        CliRun run = CliRun.of("test-channel", "--config", config(1).toString(), "oncall");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("port-monitor test-channel: no channel \"oncall\" in " + dir.resolve("channels.yaml")
                + "; its channels: incidents, console\n");
    }
}
