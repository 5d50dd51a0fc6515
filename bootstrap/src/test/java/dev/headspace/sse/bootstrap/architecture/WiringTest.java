package dev.headspace.sse.bootstrap.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Dagger and Typesafe Config stay where the wiring happens; every other ring gets plain objects and records. */
@AnalyzeClasses(packages = "dev.headspace.sse", importOptions = {ImportOption.DoNotIncludeTests.class, DoNotIncludeTestJars.class})
class WiringTest {

    private static final String BOOTSTRAP = "dev.headspace.sse.bootstrap..";

    @ArchTest
    static final ArchRule only_bootstrap_uses_dagger_or_inject =
            noClasses().that().resideOutsideOfPackage(BOOTSTRAP)
                    .should().dependOnClassesThat().resideInAnyPackage("dagger..", "javax.inject..",
                            "jakarta.inject..")
                    .because("Dagger wires the graph in bootstrap only; every other class is built by an explicit "
                            + "constructor call, in a module or by hand in a test");

    @ArchTest
    static final ArchRule dagger_components_live_in_bootstrap_and_are_used_only_there =
            classes().that().areAnnotatedWith("dagger.Component")
                    .should().resideInAPackage(BOOTSTRAP)
                    .andShould().onlyHaveDependentClassesThat().resideInAPackage(BOOTSTRAP)
                    .because("the component is the wiring's entry point; nothing inside the rings may reach back "
                            + "into the graph");

    @ArchTest
    static final ArchRule dagger_modules_live_in_bootstrap =
            classes().that().areAnnotatedWith("dagger.Module")
                    .should().resideInAPackage(BOOTSTRAP)
                    .because("port-to-adapter bindings are the wiring's business, not the adapters'");

    @ArchTest
    static final ArchRule only_bootstrap_and_config_use_typesafe_config =
            noClasses().that().resideOutsideOfPackages(BOOTSTRAP, "dev.headspace.sse.config..")
                    .should().dependOnClassesThat().resideInAPackage("com.typesafe..")
                    .because("the loader reads everything eagerly into settings records, so adapters receive their "
                            + "own record and a bad value fails at start-up, not on first use");

    @ArchTest
    static final ArchRule config_api_hands_out_settings_records_not_typesafe_config =
            methods().that().arePublic().and().areDeclaredInClassesThat().arePublic()
                    .and().areDeclaredInClassesThat().resideInAPackage("dev.headspace.sse.config..")
                    .should().notHaveRawReturnType(resideInAPackage("com.typesafe.."))
                    .because("what the config module hands out is the settings records, so no Config escapes it");
}
