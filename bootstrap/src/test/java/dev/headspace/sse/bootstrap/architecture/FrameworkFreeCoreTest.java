package dev.headspace.sse.bootstrap.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Domain and application are free of every framework the adapters and the wiring use. */
@AnalyzeClasses(packages = "dev.headspace.sse", importOptions = ImportOption.DoNotIncludeTests.class)
class FrameworkFreeCoreTest {

    private static final String[] CORE = {"dev.headspace.sse.domain..", "dev.headspace.sse.application.."};

    @ArchTest
    static final ArchRule core_does_not_use_undertow =
            noClasses().that().resideInAnyPackage(CORE)
                    .should().dependOnClassesThat().resideInAnyPackage("io.undertow..", "org.xnio..")
                    .because("the web server is an adapter; use cases see a client only as an EventStream port");

    @ArchTest
    static final ArchRule core_does_not_use_jackson =
            noClasses().that().resideInAnyPackage(CORE)
                    .should().dependOnClassesThat().resideInAnyPackage("com.fasterxml..")
                    .because("JSON is a wire format chosen by the HTTP adapter, which encodes events behind the "
                            + "EventEncoder port");

    @ArchTest
    static final ArchRule core_does_not_use_typesafe_config =
            noClasses().that().resideInAnyPackage(CORE)
                    .should().dependOnClassesThat().resideInAnyPackage("com.typesafe..")
                    .because("use cases take plain values; the config module reads files and the environment");

    @ArchTest
    static final ArchRule core_does_not_use_dependency_injection =
            noClasses().that().resideInAnyPackage(CORE)
                    .should().dependOnClassesThat().resideInAnyPackage("dagger..", "javax.inject..",
                            "jakarta.inject..")
                    .because("services are built explicitly by bootstrap's modules and by hand in unit tests");

    @ArchTest
    static final ArchRule core_does_not_use_slf4j =
            noClasses().that().resideInAnyPackage(CORE)
                    .should().dependOnClassesThat().resideInAnyPackage("org.slf4j..")
                    .because("the core logs through java.lang.System.Logger, which bootstrap routes to SLF4J");
}
