package dev.portmonitor.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The engine and the CLI run without Jenkins: only the plugin module may touch its API. */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        // The engine's classes are on this module's class path; both modules are checked here.
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
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
}
