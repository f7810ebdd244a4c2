package dev.crystal.testsupport;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.members;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.HashSet;
import java.util.Set;

/**
 * ArchUnit rules for a library module laid out as API ({@code <root>}), SPI ({@code <root>.spi}) and implementation
 * ({@code <root>.internal}), the layout the module-info of runtime, wire and jobs exports (API and SPI only). Stateless.
 */
public final class LayerRules {
    private LayerRules() {
    }

    /**
     * No public or protected method, constructor or field of a public API or SPI class names an internal type in its
     * signature: callers can compile against the exported packages alone.
     */
    public static ArchRule apiSignaturesNameNoInternals(String root) {
        String internal = root + ".internal";
        return members().that().areDeclaredInClassesThat().resideOutsideOfPackage(internal + "..")
                .and().areDeclaredInClassesThat().resideInAPackage(root + "..")
                .and().areDeclaredInClassesThat().arePublic()
                .and(new DescribedPredicate<JavaMember>("are public or protected") {
                    @Override
                    public boolean test(JavaMember member) {
                        return member.getModifiers().contains(JavaModifier.PUBLIC)
                                || member.getModifiers().contains(JavaModifier.PROTECTED);
                    }
                })
                .should(nameNoTypeIn(internal))
                .because("the exported packages must be usable without the internal one");
    }

    /** Outside {@code <root>.internal}, only the named factory classes may reach into it. */
    public static ArchRule onlyFactoriesReachInternals(String root, String... factorySimpleNames) {
        Set<String> factories = Set.of(factorySimpleNames);
        return noClasses().that().resideOutsideOfPackage(root + ".internal..")
                .and().resideInAPackage(root + "..")
                .and(new DescribedPredicate<JavaClass>("are not one of the factories " + factories) {
                    @Override
                    public boolean test(JavaClass type) {
                        return !factories.contains(type.getSimpleName())
                                && !factories.contains(type.getEnclosingClass().map(JavaClass::getSimpleName).orElse(""));
                    }
                })
                .should().dependOnClassesThat().resideInAPackage(root + ".internal..")
                .because("only the factories may name the implementation");
    }

    /** The classes of {@code <root>.internal} are not public, except the named entry points. */
    public static ArchRule internalsAreHidden(String root, String... publicEntryPoints) {
        Set<String> allowed = new HashSet<>(Set.of(publicEntryPoints));
        return classes().that().resideInAPackage(root + ".internal..")
                .and().areTopLevelClasses()
                .and(new DescribedPredicate<JavaClass>("are not an entry point " + allowed) {
                    @Override
                    public boolean test(JavaClass type) {
                        return !allowed.contains(type.getSimpleName());
                    }
                })
                .should().notBePublic()
                .because("the implementation is reached through the API's factories");
    }

    /**
     * No class outside {@code <root>} depends on {@code <root>.internal}: what a module-info does not export, a
     * class-path consumer (the server's jar) does not reach either.
     */
    public static ArchRule noOutsiderReachesInternals(String root) {
        return noClasses().that().resideOutsideOfPackage(root + "..")
                .should().dependOnClassesThat().resideInAPackage(root + ".internal..")
                .because(root + ".internal is not exported: use the API and SPI");
    }

    private static ArchCondition<JavaMember> nameNoTypeIn(String internal) {
        return new ArchCondition<>("name no type of " + internal) {
            @Override
            public void check(JavaMember member, ConditionEvents events) {
                Set<JavaClass> named = new HashSet<>();
                if (member instanceof JavaField field) {
                    named.addAll(field.getType().getAllInvolvedRawTypes());
                } else if (member instanceof JavaCodeUnit unit) {
                    named.addAll(unit.getReturnType().getAllInvolvedRawTypes());
                    unit.getParameterTypes().forEach(t -> named.addAll(t.getAllInvolvedRawTypes()));
                }
                for (JavaClass type : named) {
                    if (type.getPackageName().equals(internal) || type.getPackageName().startsWith(internal + ".")) {
                        events.add(SimpleConditionEvent.violated(member,
                                member.getFullName() + " names " + type.getName()));
                    }
                }
            }
        };
    }
}
