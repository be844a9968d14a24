package dev.portmonitor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every configuration a user can get wrong, as files: {@code src/test/resources/config/invalid/NAME.yaml}
 * beside {@code NAME.expected}, the exact problems it must produce (one a line, in any order), as the
 * user sees them. To add a case, add both files; a file without its expectation fails, and so does an
 * empty folder. No case reads the process environment: every {@code {env: NAME}} is unset.
 */
class InvalidConfigFilesTest {

    private static final String YAML = ".yaml";
    private static final String EXPECTED = ".expected";

    static Stream<String> cases() throws IOException {
        Set<String> names = names(YAML);
        assertThat(names).as("cases in " + folder()).isNotEmpty();
        return names.stream();
    }

    @Test
    void shouldHaveAnExpectationForEveryFileAndAFileForEveryExpectation() throws IOException {
        assertThat(names(YAML)).as("cases in " + folder()).isNotEmpty().containsExactlyElementsOf(names(EXPECTED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldReportExactlyTheExpectedProblems(String name) throws IOException {
        String yaml = Files.readString(folder().resolve(name + YAML), StandardCharsets.UTF_8);

        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class,
                () -> ConfigLoader.parse(yaml, name + YAML, variable -> null));

        assertThat(e).as("rejected").isNotNull();
        List<String> problems = e.problems().stream().map(ConfigProblem::toString).toList();
        Path expectation = folder().resolve(name + EXPECTED);
        assertThat(expectation).as("%s has no %s; it produces:%n%s", name + YAML, name + EXPECTED,
                String.join(System.lineSeparator(), problems)).exists();
        List<String> expected = Files.readAllLines(expectation, StandardCharsets.UTF_8).stream()
                .filter(line -> !line.isBlank()).toList();
        assertThat(expected).as(name + EXPECTED).isNotEmpty();
        assertThat(problems).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(e.getMessage()).startsWith(name + YAML + ": " + expected.size()
                + (expected.size() == 1 ? " problem" : " problems"));
    }

    private static Set<String> names(String suffix) throws IOException {
        try (Stream<Path> files = Files.list(folder())) {
            return files.map(file -> file.getFileName().toString()).filter(file -> file.endsWith(suffix))
                    .map(file -> file.substring(0, file.length() - suffix.length()))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static Path folder() {
        URL url = InvalidConfigFilesTest.class.getResource("/config/invalid");
        assertThat(url).as("config/invalid on the test class path").isNotNull();
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(url.toString(), e);
        }
    }
}
