package dev.portmonitor.target;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portmonitor.testing.Fuzz;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Random text at the target parser (issue 11): a target or an {@link InvalidTargetException} with a
 * message, never another exception; a target prints back to text that parses to itself.
 */
class TargetParserFuzzTest {

    private static final List<String> PIECES = List.of("db", "db.internal", "127.0.0.1", "::1", "fe80::1", "[", "]", ":",
            "5432", "0", "65535", "65536", "99999999999", "=", "name", "%", "%25", "eth0", "@", "/", "tcp://", "user:pass@",
            " ", "\t", "\u00e9", "\u0000", "-", ".", "_", "xn--", "*", "#", "optional");

    private final Fuzz fuzz = Fuzz.seeded();

    private String target() {
        return fuzz.chance(70) ? String.join("", fuzz.listOf(8, () -> fuzz.pick(PIECES))) : fuzz.anyText(40);
    }

    @Test
    void shouldParseOrExplainAnyText() {
        fuzz.forAll(20_000, this::target, text -> {
            try {
                Target target = TargetParser.parse(text, true);
                assertThat(target.port()).isBetween(1, 65535);
                assertThat(TargetParser.parse(target.hostPort(), true).hostPort()).isEqualTo(target.hostPort());
            } catch (InvalidTargetException explained) {
                assertThat(explained.getMessage()).isNotBlank();
            }
            return null;
        });
    }

    @Test
    void shouldTakeOrExplainAnyStructuredTarget() {
        fuzz.forAll(20_000, () -> List.of(target(), fuzz.chance(50) ? fuzz.below(70_000) : fuzz.pick(List.of(-1, 0,
                Integer.MIN_VALUE, Integer.MAX_VALUE))), pair -> {
                    int port = (Integer) pair.get(1);
                    try {
                        assertThat(TargetParser.structured((String) pair.get(0), port, null, true).port()).isEqualTo(port);
                    } catch (InvalidTargetException explained) {
                        assertThat(explained.getMessage()).isNotBlank();
                    }
                    return null;
                });
    }
}
