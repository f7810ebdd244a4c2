package dev.crystal.testsupport;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * ArchUnit rules for an application laid out as bounded contexts: {@code <root>.<domain>.{domain, application,
 * worker, adapter}} beside shared packages (the kernel, the message contracts). The list of domains is read from the
 * classes, never written down, so a new domain is checked the day it appears:
 *
 * <pre>{@code
 * JavaClasses classes = new ClassFileImporter().importPackages("dev.crystal.settlement");
 * List<String> domains = DomainRules.domainsIn(classes, "dev.crystal.settlement");
 * DomainRules.domainModelsUseOnlyTheJdkAndShared("dev.crystal.settlement", domains, "kernel", "contracts")
 *         .check(classes);
 * }</pre>
 *
 * No rule allows an empty selection: a renamed package fails the build instead of passing unseen. Stateless.
 */
public final class DomainRules {
    /** The layers a bounded context may have; a package with any of them under the root is a domain. */
    public static final List<String> LAYERS = List.of("domain", "application", "worker", "adapter");

    private DomainRules() {
    }

    /** The domains under {@code root}: its direct sub-packages holding at least one of the {@link #LAYERS}. */
    public static List<String> domainsIn(JavaClasses classes, String root) {
        Set<String> domains = new TreeSet<>();
        String prefix = root + ".";
        for (JavaClass type : classes) {
            String pkg = type.getPackageName();
            if (!pkg.startsWith(prefix)) {
                continue;
            }
            String[] parts = pkg.substring(prefix.length()).split("\\.");
            if (parts.length >= 2 && LAYERS.contains(parts[1])) {
                domains.add(parts[0]);
            }
        }
        if (domains.isEmpty()) {
            throw new IllegalArgumentException("no domain packages (<domain>." + LAYERS + ") under " + root);
        }
        return List.copyOf(domains);
    }

    /**
     * A whitelist: the classes of every {@code <root>.<domain>.domain} package depend only on the JDK's
     * {@code java..} packages, the {@code shared} packages under the root (kernel, contracts) and their own
     * {@code domain} package. Domains without a {@code domain} package are skipped.
     */
    public static ArchRule domainModelsUseOnlyTheJdkAndShared(JavaClasses classes, String root, List<String> domains,
                                                             String... shared) {
        List<ArchRule> rules = new ArrayList<>();
        for (String domain : domains) {
            String model = root + "." + domain + ".domain";
            if (classes.stream().noneMatch(c -> c.getPackageName().startsWith(model))) {
                continue;
            }
            List<String> allowed = new ArrayList<>(List.of("java..", model + ".."));
            for (String s : shared) {
                allowed.add(root + "." + s + "..");
            }
            rules.add(classes().that().resideInAPackage(model + "..")
                    .should().onlyDependOnClassesThat().resideInAnyPackage(allowed.toArray(String[]::new))
                    .because("a domain model is plain Java over the shared kernel and the message contracts"));
        }
        if (rules.isEmpty()) {
            throw new IllegalArgumentException("none of " + domains + " under " + root + " has a domain package");
        }
        return CompositeArchRule.of(rules);
    }

    /** No domain depends on another domain's packages: domains share only the contracts. */
    public static ArchRule domainsDoNotImportEachOther(String root, List<String> domains) {
        List<ArchRule> rules = new ArrayList<>();
        for (String domain : domains) {
            List<String> others = new ArrayList<>();
            for (String other : domains) {
                if (!other.equals(domain)) {
                    others.add(root + "." + other + "..");
                }
            }
            if (others.isEmpty()) {
                continue;
            }
            rules.add(noClasses().that().resideInAPackage(root + "." + domain + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(others.toArray(String[]::new))
                    .because("domains share only message contracts"));
        }
        if (rules.isEmpty()) {
            throw new IllegalArgumentException("one domain cannot import another: " + domains);
        }
        return CompositeArchRule.of(rules);
    }

    /**
     * Events know none of their consumers: no class assignable to {@code event} (the interface every published event
     * implements) is assignable to any of {@code consumerMessages}, the message types the domains' workers take. A
     * consumer subscribes to events with an adapter into one of its own messages instead, so adding a consumer never
     * edits a contract.
     */
    public static ArchRule eventsKnowNoConsumer(Class<?> event, Collection<? extends Class<?>> consumerMessages) {
        List<ArchRule> rules = new ArrayList<>();
        for (Class<?> message : consumerMessages) {
            if (message.equals(event)) {
                continue;
            }
            rules.add(noClasses().that().areAssignableTo(event).should().beAssignableTo(message)
                    .because("an event does not list its consumers; a consumer subscribes with an adapter"));
        }
        if (rules.isEmpty()) {
            throw new IllegalArgumentException("no consumer message types besides " + event.getName());
        }
        return CompositeArchRule.of(rules);
    }

    /**
     * The given packages under the root (e.g. the workflow monitor, the catalogue) see no domain's packages: they
     * follow the domains through the contracts only.
     */
    public static ArchRule packagesSeeNoDomain(String root, List<String> domains, String... packages) {
        String[] watched = new String[packages.length];
        for (int i = 0; i < packages.length; i++) {
            watched[i] = root + "." + packages[i] + "..";
        }
        String[] domainPackages = domains.stream().map(d -> root + "." + d + "..").toArray(String[]::new);
        return noClasses().that().resideInAnyPackage(watched)
                .should().dependOnClassesThat().resideInAnyPackage(domainPackages)
                .because("they follow the domains through the message contracts only");
    }
}
