package dev.lepus.kernel.names;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who may register and who may look up which names. A name with no rule may be registered and looked up by every
 * component; a rule lists the components allowed, or {@code "*"} for all.
 *
 * @param register name to the components that may register it
 * @param lookup name to the components that may look it up
 */
public record NamePolicy(Map<String, Set<String>> register, Map<String, Set<String>> lookup) {

    /** No rules: everyone may do everything. */
    public static final NamePolicy OPEN = new NamePolicy(Map.of(), Map.of());

    /**
     * Copies the rules.
     *
     * @param register name to the components that may register it
     * @param lookup name to the components that may look it up
     */
    public NamePolicy {
        register = Map.copyOf(register);
        lookup = Map.copyOf(lookup);
    }

    /**
     * Whether a component may register a name.
     *
     * @param component the component's name
     * @param name the name
     * @return true if allowed
     */
    public boolean mayRegister(final String component, final String name) {
        return allowed(register, component, name);
    }

    /**
     * Whether a component may look a name up.
     *
     * @param component the component's name
     * @param name the name
     * @return true if allowed
     */
    public boolean mayLookup(final String component, final String name) {
        return allowed(lookup, component, name);
    }

    private static boolean allowed(final Map<String, Set<String>> rules, final String component, final String name) {
        final Set<String> who = rules.get(name);
        return who == null || who.contains("*") || who.contains(component);
    }

    /**
     * The components named in rules, for checking them against a system's components.
     *
     * @return every component name that appears in a rule (without "*")
     */
    public List<String> mentioned() {
        return java.util.stream.Stream.concat(register.values().stream(), lookup.values().stream())
            .flatMap(Set::stream).filter(n -> !n.equals("*")).distinct().sorted().toList();
    }
}
