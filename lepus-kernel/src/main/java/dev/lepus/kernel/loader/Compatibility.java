package dev.lepus.kernel.loader;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.lepus.api.ApiGroup;
import dev.lepus.kernel.KernelLevel;

/**
 * On which kernel levels one component may run: its class and every application class it reaches, verified against
 * the API groups it declares, once per level. This is what {@code lepus compat} prints.
 *
 * <p>Thread contract: immutable and threadsafe.
 *
 * @param componentClass the component class, as a binary name
 * @param manifestName the name its {@code @Manifest} gives, if it has one
 * @param groups the API groups it declares, {@code CORE} included
 * @param violations for each level, the violations that refuse it there (empty where it may run)
 */
public record Compatibility(String componentClass, Optional<String> manifestName, Set<ApiGroup> groups,
        Map<KernelLevel, List<Violation>> violations) {

    /**
     * Checks one component of an application on every level.
     *
     * @param app the application
     * @param componentClass a component class of it, as a binary name
     * @return the verdicts
     * @throws IllegalArgumentException if the application has no such component class
     */
    public static Compatibility of(final ApplicationClasses app, final String componentClass) {
        final Set<ApiGroup> groups = app.declaredGroups(componentClass);
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("class " + componentClass + " in " + app.origin()
                + " is not a concrete class implementing dev.lepus.api.Component");
        }
        final BytecodeVerifier verifier = new BytecodeVerifier(app.source());
        final List<Violation> findings = new ArrayList<>();
        for (final String c : app.reach(componentClass)) {
            findings.addAll(verifier.findings(app.classFile(c).orElseThrow()));
        }
        findings.sort(BytecodeVerifier.ORDER);
        final Map<KernelLevel, List<Violation>> byLevel = new EnumMap<>(KernelLevel.class);
        for (final KernelLevel level : KernelLevel.values()) {
            byLevel.put(level, findings.stream().filter(v -> !v.rule().allows(groups, level)).toList());
        }
        return new Compatibility(componentClass, app.manifestName(componentClass), groups, Map.copyOf(byLevel));
    }

    /**
     * Checks every component class of an application that has a {@code @Manifest}.
     *
     * @param app the application
     * @return one verdict per component class, in class name order
     */
    public static List<Compatibility> of(final ApplicationClasses app) {
        return app.componentClasses().stream().map(c -> of(app, c)).toList();
    }

    /**
     * Whether the component may run on a level.
     *
     * @param level the level
     * @return true if nothing refuses it there
     */
    public boolean ok(final KernelLevel level) {
        return violations.get(level).isEmpty();
    }
}
