package dev.jobregistry.bootstrap;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module rules of STYLE.md: {@code domain ← application ← adapters ← bootstrap}, nothing
 * pointing the other way, no adapter knowing another, handlers as plug-ins that use only the
 * application's SPI and the domain and that only the bootstrap knows, and a domain with no I/O,
 * no threads and no clock of its own.
 */
class ArchitectureTest {

    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("dev.jobregistry");
        assertThat(production).isNotEmpty();
    }

    @Test
    void every_module_points_only_inwards() {
        ArchRule rule = layeredArchitecture().consideringOnlyDependenciesInAnyPackage("dev.jobregistry..")
                .layer("Domain").definedBy("dev.jobregistry.domain..")
                .layer("Application").definedBy("dev.jobregistry.application..")
                .layer("Web adapter").definedBy("dev.jobregistry.adapter.in..")
                .layer("Persistence adapter").definedBy("dev.jobregistry.adapter.out..")
                .layer("Handlers").definedBy("dev.jobregistry.handlers..")
                .layer("Bootstrap").definedBy("dev.jobregistry.bootstrap..")
                .whereLayer("Bootstrap").mayNotBeAccessedByAnyLayer()
                .whereLayer("Web adapter").mayOnlyBeAccessedByLayers("Bootstrap")
                .whereLayer("Persistence adapter").mayOnlyBeAccessedByLayers("Bootstrap")
                // handlers are plug-ins: they see the handler SPI (and the domain), and nothing sees them
                .whereLayer("Handlers").mayOnlyBeAccessedByLayers("Bootstrap")
                .whereLayer("Handlers").mayOnlyAccessLayers("Application", "Domain")
                .whereLayer("Application").mayOnlyBeAccessedByLayers("Web adapter", "Persistence adapter", "Handlers",
                        "Bootstrap")
                .whereLayer("Domain").mayOnlyBeAccessedByLayers("Application", "Web adapter", "Persistence adapter",
                        "Handlers", "Bootstrap");
        rule.check(production);
    }

    @Test
    void the_domain_uses_nothing_but_the_java_language() {
        classes().that().resideInAPackage("dev.jobregistry.domain..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.jobregistry.domain..", "java.lang..", "java.util",
                        "java.time")
                .check(production);
    }

    @Test
    void the_domain_does_no_io_starts_no_threads_and_reads_no_clock() {
        noClasses().that().resideInAPackage("dev.jobregistry.domain..")
                .should().dependOnClassesThat().resideInAnyPackage("java.io..", "java.nio..", "java.net..",
                        "java.util.concurrent..", "java.sql..")
                .orShould().dependOnClassesThat().belongToAnyOf(Thread.class, java.time.Clock.class, System.class,
                        ProcessBuilder.class, Runtime.class)
                .orShould().callMethod(java.time.Instant.class, "now")
                .check(production);
    }

    @Test
    void the_application_knows_no_framework_no_json_library_and_no_sql() {
        noClasses().that().resideInAnyPackage("dev.jobregistry.application..", "dev.jobregistry.domain..")
                .should().dependOnClassesThat().resideInAnyPackage("io.helidon..", "com.fasterxml..", "java.sql..",
                        "org.jdbi..", "org.sqlite..")
                .check(production);
    }

    @Test
    void the_application_reads_time_only_from_its_injected_clock() {
        noClasses().that().resideInAPackage("dev.jobregistry.application..")
                .should().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(java.time.Clock.class, "systemUTC")
                .orShould().callMethod(java.time.Clock.class, "systemDefaultZone")
                .check(production);
    }

    @Test
    void no_adapter_knows_another_adapter() {
        noClasses().that().resideInAPackage("dev.jobregistry.adapter.in..")
                .should().dependOnClassesThat().resideInAPackage("dev.jobregistry.adapter.out..")
                .check(production);
        noClasses().that().resideInAPackage("dev.jobregistry.adapter.out..")
                .should().dependOnClassesThat().resideInAPackage("dev.jobregistry.adapter.in..")
                .check(production);
    }

    @Test
    void sql_lives_only_in_the_persistence_adapter_and_http_only_in_the_web_adapter() {
        noClasses().that().resideOutsideOfPackages("dev.jobregistry.adapter.out..")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "org.jdbi..")
                .check(production);
        noClasses().that().resideOutsideOfPackages("dev.jobregistry.adapter.in..", "dev.jobregistry.bootstrap..")
                .should().dependOnClassesThat().resideInAnyPackage("io.helidon.webserver..", "io.helidon.http..")
                .check(production);
    }
}
