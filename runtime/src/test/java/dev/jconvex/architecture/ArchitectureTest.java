package dev.jconvex.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The runtime's package seams (docs/architecture.md, docs/decisions/runtime-seam.md): the packages
 * form no cycle, and only start-up code, which lives in {@code server}, reaches {@code server}. The
 * transports ({@code http}, {@code sync}, {@code inprocess}) and the engine depend on the {@code
 * execution.FunctionRuntime} seam instead of the concrete {@code server.Jconvex}.
 */
class ArchitectureTest {

    private static JavaClasses runtime;

    @BeforeAll
    static void importRuntime() {
        runtime = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.jconvex");
    }

    @Test
    void packages_formNoCycle() {
        slices().matching("dev.jconvex.(*)..").should().beFreeOfCycles().check(runtime);
    }

    @Test
    void onlyStartUpCode_importsTheServerPackage() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.jconvex.server..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.jconvex.server..")
                .because("transports and the engine depend on execution.FunctionRuntime, not on server.Jconvex;"
                        + " only start-up code (server.Main, server.JconvexEmbeddedProvider) builds one")
                .check(runtime);
    }
}
