package dev.headspace.sse.bootstrap.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The rings of the hexagon: dependencies point inward only, and adapters do not know each other. */
@AnalyzeClasses(packages = "dev.headspace.sse", importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

    @ArchTest
    static final ArchRule domain_depends_on_the_jdk_only =
            classes().that().resideInAPackage("dev.headspace.sse.domain..")
                    .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.headspace.sse.domain..")
                    .because("the domain is plain records and ports that every ring can use without dragging in "
                            + "a library");

    @ArchTest
    static final ArchRule application_depends_on_domain_and_the_jdk_only =
            classes().that().resideInAPackage("dev.headspace.sse.application..")
                    .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.headspace.sse.domain..",
                            "dev.headspace.sse.application..")
                    .because("use cases reach the outside world only through ports the adapters implement");

    @ArchTest
    static final ArchRule config_depends_on_the_jdk_and_typesafe_config_only =
            classes().that().resideInAPackage("dev.headspace.sse.config..")
                    .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "com.typesafe.config..",
                            "dev.headspace.sse.config..")
                    .because("config turns reference.conf into settings records and knows nothing of what uses them");

    @ArchTest
    static final ArchRule adapters_do_not_depend_on_each_other =
            slices().matching("dev.headspace.sse.adapter.(*)..")
                    .should().notDependOnEachOther()
                    .because("each adapter plugs into the application's ports on its own and can be replaced or "
                            + "left out without touching another");

    @ArchTest
    static final ArchRule http_adapter_does_not_depend_on_other_adapters =
            noClasses().that().resideInAPackage("dev.headspace.sse.adapter.http..")
                    .should().dependOnClassesThat().resideInAnyPackage("dev.headspace.sse.adapter.events..",
                            "dev.headspace.sse.adapter.redis..")
                    .because("the HTTP adapter talks to producers and the cluster only through application ports");

    @ArchTest
    static final ArchRule events_adapter_does_not_depend_on_other_adapters =
            noClasses().that().resideInAPackage("dev.headspace.sse.adapter.events..")
                    .should().dependOnClassesThat().resideInAnyPackage("dev.headspace.sse.adapter.http..",
                            "dev.headspace.sse.adapter.redis..")
                    .because("in-process producers publish through the inbound port, not through another adapter");

    @ArchTest
    static final ArchRule only_bootstrap_depends_on_bootstrap =
            noClasses().that().resideOutsideOfPackage("dev.headspace.sse.bootstrap..")
                    .should().dependOnClassesThat().resideInAPackage("dev.headspace.sse.bootstrap..")
                    .because("bootstrap sees every ring to wire them, so no ring may see it back");

    @ArchTest
    static final ArchRule core_does_not_depend_on_adapters_or_config =
            noClasses().that().resideInAnyPackage("dev.headspace.sse.domain..", "dev.headspace.sse.application..")
                    .should().dependOnClassesThat().resideInAnyPackage("dev.headspace.sse.adapter..",
                            "dev.headspace.sse.config..")
                    .because("arrows point inward: adapters depend on the application, never the reverse, and use "
                            + "cases take plain values rather than settings records");
}
