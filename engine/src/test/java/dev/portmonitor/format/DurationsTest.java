package dev.portmonitor.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class DurationsTest {

    static Stream<Arguments> durations() {
        return Stream.of(
                Arguments.of("500ms", Duration.ofMillis(500), "500ms"),
                Arguments.of("2s", Duration.ofSeconds(2), "2s"),
                Arguments.of(" 2S ", Duration.ofSeconds(2), "2s"),
                Arguments.of("1.5s", Duration.ofMillis(1500), "1.5s"),
                Arguments.of("2m", Duration.ofMinutes(2), "2m"),
                Arguments.of("1h", Duration.ofHours(1), "1h"),
                Arguments.of("1m30s", Duration.ofSeconds(90), "1m30s"),
                Arguments.of("1m 30 s", Duration.ofSeconds(90), "1m30s"),
                Arguments.of("1h0m5s", Duration.ofSeconds(3605), "1h5s"),
                Arguments.of("250us", Duration.ofNanos(250_000), "250us"),
                Arguments.of("1m30.5s", Duration.ofMillis(90_500), "1m30.5s"),
                Arguments.of("0.1us", Duration.ofNanos(100), "0.1us"),
                Arguments.of("1h0.25s", Duration.ofMillis(3_600_250), "1h0.25s"),
                Arguments.of("400d", Duration.ofDays(400), "400d"),
                Arguments.of("1d", Duration.ofDays(1), "24h"),
                Arguments.of("2d12h", Duration.ofHours(60), "60h"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("durations")
    void shouldParseAndFormatBack(String text, Duration expected, String formatted) {
        assertThat(Durations.parse(text)).isEqualTo(expected);
        assertThat(Durations.format(expected)).isEqualTo(formatted);
        assertThat(Durations.parse(formatted)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
        "2      | \"2\" has no unit; write a number and a unit (ms, s, m, h, d), for example 500ms, 2s, 1m30s or 400d",
        "2x     | \"2x\" has an unknown unit \"x\"; write a number and a unit (ms, s, m, h, d), for example 500ms, 2s, 1m30s or 400d",
        "-1s    | \"-1s\" is not a duration; write a number and a unit (ms, s, m, h, d), for example 500ms, 2s, 1m30s or 400d",
        "s      | \"s\" is not a duration; write a number and a unit (ms, s, m, h, d), for example 500ms, 2s, 1m30s or 400d",
        "1.s    | \"1.s\" is not a duration; write a number and a unit (ms, s, m, h, d), for example 500ms, 2s, 1m30s or 400d",
        "''     | empty duration; write a number and a unit (ms, s, m, h, d), for example 500ms, 2s, 1m30s or 400d",
    })
    void shouldRejectWithAMessage(String text, String message) {
        assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({"-1, -", "214, 0.214 ms", "12500, 12.5 ms", "1530000, 1530 ms"})
    void shouldFormatLatencies(long micros, String text) {
        assertThat(Durations.formatLatency(micros)).isEqualTo(text);
    }
}
