package dev.portmonitor.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portmonitor.config.ChannelConfig;
import dev.portmonitor.config.ConfigLoader;
import dev.portmonitor.config.PortMonitorConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class NotifiersTest {

    // Every address is on loopback; making a notifier sends nothing.
    private static final String EVERY_KIND = """
            portMonitor:
              channels:
                - {id: console, log: {}}
                - {id: hook, webhook: {url: "http://127.0.0.1:1/pm"}}
                - {id: phone, telegram: {botToken: {env: TOKEN}, chatId: "-100123", baseUrl: "http://127.0.0.1:1"}}
                - {id: dba, mail: {host: 127.0.0.1, port: 1, security: none, from: pm@localhost, to: [dba@localhost]}}
            """;

    @Test
    void shouldMakeTheNotifierOfEveryKindOfChannel() throws Exception {
        PortMonitorConfig config = ConfigLoader.parse(EVERY_KIND, "test.yaml", name -> name.equals("TOKEN") ? "123456:secret-token" : "secret-" + name);
        assertThat(config.channels()).extracting(channel -> channel.getClass().getSimpleName())
                .as("a channel of every kind ChannelConfig permits")
                .containsExactlyInAnyOrderElementsOf(Stream.of(ChannelConfig.class.getPermittedSubclasses()).map(Class::getSimpleName).toList());
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        try (Notifiers notifiers = new Notifiers(new PrintStream(out, true, StandardCharsets.UTF_8))) {
            assertThat(config.channels()).extracting(channel -> notifiers.create(channel).getClass().getSimpleName())
                    .containsExactly("LogNotifier", "WebhookNotifier", "TelegramNotifier", "MailNotifier");

            notifiers.create(config.channel("console").orElseThrow()).deliver(EventText.test("console", Instant.now()));
        }

        assertThat(out.toString(StandardCharsets.UTF_8)).as("the log channel writes where Notifiers was told").contains("[console]");
    }
}
