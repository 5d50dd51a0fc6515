package dev.headspace.sse.bootstrap.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.onionArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The rings of the hexagon: dependencies point inward only, and adapters do not know each other. */
@AnalyzeClasses(packages = "dev.headspace.sse", importOptions = {ImportOption.DoNotIncludeTests.class, DoNotIncludeTestJars.class})
class LayeringTest {

    @ArchTest
    static final ArchRule domain_depends_on_the_jdk_only =
            classes().that().resideInAPackage("dev.headspace.sse.domain..")
                    .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.headspace.sse.domain..")
                    .because("the domain is plain records and ports that every ring can use without dragging in "
                            + "a library (no Undertow, Jackson, Typesafe Config, Dagger or SLF4J)");

    @ArchTest
    static final ArchRule application_depends_on_domain_and_the_jdk_only =
            classes().that().resideInAPackage("dev.headspace.sse.application..")
                    .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.headspace.sse.domain..",
                            "dev.headspace.sse.application..")
                    .because("use cases reach the outside world only through ports the adapters implement, and "
                            + "take plain values: no framework, no settings record, no adapter");

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
    static final ArchRule only_bootstrap_depends_on_bootstrap =
            noClasses().that().resideOutsideOfPackage("dev.headspace.sse.bootstrap..")
                    .should().dependOnClassesThat().resideInAPackage("dev.headspace.sse.bootstrap..")
                    .because("bootstrap sees every ring to wire them, so no ring may see it back");


    @ArchTest
    static final ArchRule the_layout_is_an_onion =
            onionArchitecture()
                    .domainModels("dev.headspace.sse.domain")
                    .domainServices("dev.headspace.sse.domain.port..")
                    .applicationServices("dev.headspace.sse.application..")
                    .adapter("http", "dev.headspace.sse.adapter.http..")
                    .adapter("events", "dev.headspace.sse.adapter.events..")
                    .adapter("redis", "dev.headspace.sse.adapter.redis..")
                    .withOptionalLayers(true)
                    // bootstrap is the one place that sees every ring, to wire them
                    .ignoreDependency(resideInAPackage("dev.headspace.sse.bootstrap.."), alwaysTrue())
                    .because("ports and adapters: the domain at the centre, use cases around it, adapters outside, "
                            + "each adapter on its own");

    @ArchTest
    static final ArchRule adapters_reach_the_application_only_through_its_inbound_ports =
            noClasses().that().resideInAPackage("dev.headspace.sse.adapter..")
                    .should().dependOnClassesThat(resideInAPackage("dev.headspace.sse.application..")
                            .and(not(resideInAPackage("dev.headspace.sse.application.port.in.."))))
                    .because("the use case interfaces are the application's whole surface; its services, registry "
                            + "and lock stay its own, assembled once by Core in bootstrap");
}
