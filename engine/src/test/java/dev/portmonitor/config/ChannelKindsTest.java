package dev.portmonitor.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ChannelKindsTest {

    @Test
    void shouldListEveryChannelRecordOnceInTheOrderMessagesUse() {
        assertThat(ChannelKinds.keys()).containsExactly("log", "webhook", "telegram", "mail");
        assertThat(ChannelKinds.ALL).extracting(kind -> kind.type().getSimpleName())
                .as("one kind per record that ChannelConfig permits").containsExactlyInAnyOrderElementsOf(permitted());
    }

    @Test
    void shouldBindEachKindIntoItsRecordNamedByItsKey() throws InvalidConfigException {
        PortMonitorConfig config = ConfigLoader.parse("""
                portMonitor:
                  channels:
                    - {id: console, log: {}}
                    - {id: hook, webhook: {url: "http://127.0.0.1:1/pm"}}
                    - {id: phone, telegram: {botToken: {env: TOKEN}, chatId: "-100123", baseUrl: "http://127.0.0.1:1"}}
                    - {id: dba, mail: {host: 127.0.0.1, from: pm@localhost, to: [dba@localhost]}}
                """, "test.yaml", name -> name.equals("TOKEN") ? "123456:secret-token" : "secret-" + name);

        assertThat(config.channels()).extracting(ChannelConfig::type).containsExactly("log", "webhook", "telegram", "mail");
        assertThat(config.channels()).extracting(channel -> channel.getClass().getSimpleName())
                .containsExactly("LogChannelConfig", "WebhookChannelConfig", "TelegramChannelConfig", "MailChannelConfig");
        assertThat(((MailChannelConfig) config.channel("dba").orElseThrow()).port()).as("starttls by default").isEqualTo(587);
        assertThat(config.channels()).allSatisfy(channel -> assertThat(channel.deliveryDeadline()).hasMinutes(2));
    }

    static List<String> permitted() {
        return Stream.of(ChannelConfig.class.getPermittedSubclasses()).map(Class::getSimpleName).toList();
    }
}
