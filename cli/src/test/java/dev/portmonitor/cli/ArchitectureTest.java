package dev.portmonitor.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.library.plantuml.rules.PlantUmlArchCondition.Configuration.consideringOnlyDependenciesInDiagram;
import static com.tngtech.archunit.library.plantuml.rules.PlantUmlArchCondition.adhereToPlantUmlDiagram;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package map of docs/architecture/packages.puml, held: the engine and the CLI run without
 * Jenkins, packages depend on each other only as the diagram draws, probe kinds are named in one
 * place, and the plugin (which cannot be compiled here) imports only the engine's facades.
 */
class ArchitectureTest {

    /** The repository: tests run in the module's directory. */
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        // The engine's classes are on this module's class path; both modules are checked here.
        // Main classes only: not this module's tests, nor the engine's test jar (the shared loopback servers).
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar") && !location.contains("/test-classes/"))
                .importPackages("dev.portmonitor");
    }

    @Test
    void shouldCheckBothModules() {
        assertThat(classes.contain("dev.portmonitor.probe.ConnectProbe")).as("engine classes imported").isTrue();
        assertThat(classes.contain("dev.portmonitor.cli.PortMonitorCli")).as("cli classes imported").isTrue();
    }

    @Test
    void shouldNotDependOnJenkins() {
        noClasses().should().dependOnClassesThat()
                .resideInAnyPackage("hudson..", "jenkins..", "org.kohsuke..", "org.jenkinsci..")
                .check(classes);
    }

    @Test
    void shouldKeepTheEngineFreeOfTheCli() {
        noClasses().that().resideOutsideOfPackage("dev.portmonitor.cli..")
                .should().dependOnClassesThat().resideInAPackage("dev.portmonitor.cli..")
                .check(classes);
    }

    @Test
    void shouldHaveNoPackageCycles() {
        slices().matching("dev.portmonitor.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void shouldDependOnlyAsThePackageDiagramDraws() throws MalformedURLException {
        URL diagram = ROOT.resolve("docs/architecture/packages.puml").toUri().toURL();
        classes().should(adhereToPlantUmlDiagram(diagram, consideringOnlyDependenciesInDiagram())).check(classes);
    }

    @Test
    void shouldKeepTheStateMachineFreeOfTheNetwork() {
        // monitor speaks of a check's outcome, never of how it was probed.
        noClasses().that().resideInAPackage("dev.portmonitor.monitor")
                .should().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "probe classes other than Outcome", c -> c.getPackageName().equals("dev.portmonitor.probe")
                                && !c.getName().equals("dev.portmonitor.probe.Outcome")))
                .check(classes);
    }

    @Test
    void shouldNameProbeKindsOnlyInTheirRegistry() {
        // A kind's class is used by its registry line and by itself; everyone else goes through Probe.
        // A kind is a Probe of its own (tcp) or a Dialogue driven by the shared DialogueProbe.
        com.tngtech.archunit.base.DescribedPredicate<com.tngtech.archunit.core.domain.JavaClass> kind =
                com.tngtech.archunit.base.DescribedPredicate.describe("probe kinds (a Probe or a Dialogue of their own)",
                        c -> (c.isAssignableTo("dev.portmonitor.probe.Probe") && !c.getName().equals("dev.portmonitor.probe.Probe")
                                && !c.getName().equals("dev.portmonitor.probe.DialogueProbe"))
                                || (c.isAssignableTo("dev.portmonitor.probe.Dialogue")
                                && !c.getName().equals("dev.portmonitor.probe.Dialogue")));
        noClasses().that().doNotHaveFullyQualifiedName("dev.portmonitor.probe.ProbeKinds")
                .should().dependOnClassesThat(kind)
                .allowEmptyShould(true)
                .check(classes.that(com.tngtech.archunit.base.DescribedPredicate.not(kind))
                        .that(com.tngtech.archunit.base.DescribedPredicate.describe("not nested in a kind",
                                c -> c.getEnclosingClass().map(e -> !kind.test(e)).orElse(true))));
    }

    /** What the plugin may import from the engine: the facades, never the store or the engine's parts. */
    private static final Pattern FACADES = Pattern.compile("dev\\.portmonitor\\.(config|status|verify|step|report|target"
            + "|format|monitor|history|review)\\.\\w+|dev\\.portmonitor\\.engine\\.MonitorService|dev\\.portmonitor\\.notify\\."
            + "(RetryingDelivery|Notifiers)|dev\\.portmonitor\\.probe\\.(ConnectPolicy|ProbeOptions|ProbeResult|Outcome"
            + "|CloseMode|ProbeKind|ProbeKinds|ProbeSettings)|dev\\.portmonitor\\.cluster\\.(MemberSettings|MemberView)"
            + "|dev\\.portmonitor\\.jenkins\\.\\w+");

    @Test
    void shouldKeepThePluginOnTheEngineFacades() throws IOException {
        Path plugin = ROOT.resolve("plugin/src");
        Pattern imports = Pattern.compile("^import (?:static )?(dev\\.portmonitor\\.[\\w.]+?)(?:\\.\\*)?;", Pattern.MULTILINE);
        List<String> outside = new ArrayList<>();
        int files = 0;
        try (Stream<Path> sources = Files.walk(plugin)) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                files++;
                Matcher m = imports.matcher(Files.readString(source));
                while (m.find()) {
                    String name = m.group(1).replaceAll("\\.[a-z]\\w*$", "");
                    if (!FACADES.matcher(name).matches() && !FACADES.matcher(m.group(1)).matches()) {
                        outside.add(plugin.relativize(source) + ": " + m.group(1));
                    }
                }
            }
        }
        assertThat(files).as("plugin sources read").isGreaterThan(10);
        assertThat(outside).as("plugin imports outside the engine's facades").isEmpty();
    }
}
