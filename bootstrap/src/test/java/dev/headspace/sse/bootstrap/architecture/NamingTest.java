package dev.headspace.sse.bootstrap.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/** Names say what a type is: an inbound port is a {@code *UseCase} in {@code port.in}, implemented by a {@code *Service}. */
@AnalyzeClasses(packages = "dev.headspace.sse", importOptions = {ImportOption.DoNotIncludeTests.class, DoNotIncludeTestJars.class})
class NamingTest {

    private static final String INBOUND_PORTS = "dev.headspace.sse.application.port.in..";

    @ArchTest
    static final ArchRule use_cases_are_interfaces_in_port_in =
            classes().that().haveSimpleNameEndingWith("UseCase")
                    .should().beInterfaces().andShould().resideInAPackage(INBOUND_PORTS)
                    .because("a reader looks for the application's inbound ports in one package");

    @ArchTest
    static final ArchRule services_implement_a_use_case =
            classes().that().haveSimpleNameEndingWith("Service")
                    .should().resideInAPackage("dev.headspace.sse.application")
                    .andShould(implementAUseCase())
                    .because("a *Service is the one implementation of an inbound port; anything else gets another "
                            + "name");

    private static ArchCondition<JavaClass> implementAUseCase() {
        return new ArchCondition<>("implement a *UseCase of port.in") {
            @Override
            public void check(JavaClass item, ConditionEvents events) {
                boolean implementsOne = item.getAllRawInterfaces().stream().anyMatch(port ->
                        port.getSimpleName().endsWith("UseCase")
                                && port.getPackageName().startsWith("dev.headspace.sse.application.port.in"));
                events.add(new SimpleConditionEvent(item, implementsOne,
                        item.getName() + (implementsOne ? " implements" : " does not implement") + " a *UseCase"));
            }
        };
    }
}
