package dev.lepus.kernel.description;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.tomlj.Toml;
import org.tomlj.TomlArray;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

import dev.lepus.api.Cap;
import dev.lepus.api.Component;
import dev.lepus.api.Config;
import dev.lepus.api.CpuBudget;
import dev.lepus.api.RestartPolicy;
import dev.lepus.api.Spawn;
import dev.lepus.kernel.KernelLevel;
import dev.lepus.kernel.loader.ComponentLoader;
import dev.lepus.kernel.loader.VerificationException;
import dev.lepus.kernel.loader.Violation;
import dev.lepus.kernel.names.NamePolicy;

/**
 * Reads a system description (TOML, parsed by tomlj) and checks all of it before anything starts: syntax, unknown
 * keys, types, ranges, kernel indices, component classes, duplicate names and grants. Every mistake is reported with
 * the file, line, column and key path.
 *
 * <pre>
 * [system]                      # optional
 * name = "pingpong"
 * journal = "off"               # off, ring, file or fsync; journal_dir = "journal" (relative to the working folder)
 * seed = 42                     # the components' random generators
 * mailbox = 4096                # messages per component mailbox (power of two)
 * channel = 16384               # entries per channel between two kernels (power of two)
 *
 * [kernels]                     # all kernels alike (default: one L1 kernel per core) ...
 * count = 2
 * level = "L1"
 * idle = "backoff"              # spin | yield | backoff | park
 *
 * [[kernel]]                    # ... or one table per kernel (not both)
 * level = "L1"
 * idle = "spin"
 *
 * [[component]]
 * name = "ping"
 * class = "dev.lepus.examples.pingpong.Ping"
 * classpath = "apps/ping.jar"   # optional: load the class from this jar or class folder (relative to this file's
 *                               # folder), its bytecode verified for the level of its kernel (dev.lepus.kernel.loader)
 * kernel = 0                    # default: spread round-robin
 * priority = 1                  # 0..63, higher first; default 0
 * restart = "restart"           # restart | stop | escalate; default restart
 * max_restarts = 3              # within restart_window; default 3
 * restart_window = "5s"         # default 5s
 * config = { rounds = 1000 }
 * budget = "batch"              # optional: a [[budget]] by name; its components must share one kernel
 *
 * [[budget]]                    # a CPU budget (temporal capability), shared by the components that name it
 * name = "batch"
 * budget = "2ms"                # handler time per period
 * period = "10ms"
 *
 * [names]                       # a name service, granted to every component as "names" (badged per component)
 * register = { store = ["kv"] } # who may register a name (default: anyone); "*" = anyone
 * lookup = { store = ["web"] }  # who may look a name up; also checked for [[grant]]s whose target is that name
 *
 * [[grant]]
 * to = "ping"                   # who receives the cap
 * target = "pong"               # what it designates
 * name = "peer"                 # the name the holder uses: ctx.granted("peer"); default: the target's name
 * rights = ["send"]             # send, grant, revoke, read, write; default ["send"]
 * badge = 7                     # delivered with every message sent through this cap (ctx.badge()); default 0
 * </pre>
 *
 * <p>Thread contract: not threadsafe; use one parser per file.
 */
public final class DescriptionParser {

    private static final Set<String> SYSTEM_KEYS = Set.of("name", "journal", "journal_dir", "seed", "mailbox",
        "channel");
    private static final Set<String> KERNELS_KEYS = Set.of("count", "level", "idle");
    private static final Set<String> KERNEL_KEYS = Set.of("level", "idle");
    private static final Set<String> COMPONENT_KEYS = Set.of("name", "class", "classpath", "kernel", "priority",
        "restart", "max_restarts", "restart_window", "config", "budget");
    private static final Set<String> BUDGET_KEYS = Set.of("name", "budget", "period");
    private static final Set<String> GRANT_KEYS = Set.of("to", "target", "name", "rights", "badge");
    private static final Set<String> TOP_KEYS = Set.of("system", "kernels", "kernel", "component", "grant", "budget",
        "names");
    private static final Set<String> NAMES_KEYS = Set.of("register", "lookup");
    private static final Set<String> IDLE = Set.of("spin", "yield", "backoff", "park");
    private static final Map<String, Integer> RIGHTS = Map.of("send", Cap.SEND, "grant", Cap.GRANT,
        "revoke", Cap.REVOKE, "read", Cap.READ, "write", Cap.WRITE);
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ns|us|ms|s|m|h)");

    private final ClassLoader loader;
    private final int defaultKernels;
    private final List<String> errors = new ArrayList<>();
    private String file = "";
    private Path source = Path.of("system.toml");
    /** The loaders of {@code classpath} applications, one per folder or jar and kernel level, for one parse. */
    private final Map<String, ComponentLoader> loaders = new HashMap<>();

    /**
     * A parser that loads component classes with {@code loader}.
     *
     * @param loader the class loader for component classes
     * @param defaultKernels kernels when the file does not say (normally one per core)
     */
    public DescriptionParser(final ClassLoader loader, final int defaultKernels) {
        this.loader = loader;
        this.defaultKernels = defaultKernels;
    }

    /**
     * Reads and checks a file.
     *
     * @param path the file
     * @return the description
     * @throws DescriptionException listing every mistake
     */
    public SystemDescription parse(final Path path) throws DescriptionException {
        file = path.toString();
        final String text;
        try {
            text = Files.readString(path);
        } catch (final NoSuchFileException ex) {
            throw new DescriptionException(List.of(file + ": no such file"));
        } catch (final IOException ex) {
            throw new DescriptionException(List.of(file + ": cannot read: " + ex.getMessage()));
        }
        return parse(path, text);
    }

    /**
     * Checks a description given as text.
     *
     * @param path the file name to use in messages
     * @param text the TOML text
     * @return the description
     * @throws DescriptionException listing every mistake
     */
    public SystemDescription parse(final Path path, final String text) throws DescriptionException {
        file = path.toString();
        source = path;
        errors.clear();
        loaders.clear();
        final TomlParseResult toml = Toml.parse(text);
        for (final TomlParseError e : toml.errors()) {
            errors.add(file + ":" + e.position().line() + ":" + e.position().column() + ": syntax: "
                + e.getMessage());
        }
        if (!errors.isEmpty()) {
            throw new DescriptionException(errors);
        }
        unknownKeys(toml, "", TOP_KEYS);

        String name = fileStem(path);
        long seed = 0;
        int mailbox = 4096;
        int channel = 16384;
        dev.lepus.kernel.journal.JournalSettings journal = dev.lepus.kernel.journal.JournalSettings.off();
        final TomlTable system = table(toml, "system", "system");
        if (system != null) {
            unknownKeys(system, "system.", SYSTEM_KEYS);
            name = string(system, "name", "system.name", name);
            final String policy = string(system, "journal", "system.journal", "off");
            final String dir = string(system, "journal_dir", "system.journal_dir", "journal");
            try {
                journal = dev.lepus.kernel.journal.JournalSettings.file(Path.of(dir)).withPolicy(
                    dev.lepus.kernel.journal.JournalPolicy.valueOf(policy.toUpperCase(java.util.Locale.ROOT)));
            } catch (final IllegalArgumentException ex) {
                error(system, "journal", "system.journal", "journal policy '" + policy
                    + "' is not one of off, ring, file, fsync");
            }
            seed = integer(system, "seed", "system.seed", 0, Long.MIN_VALUE, Long.MAX_VALUE);
            mailbox = (int) integer(system, "mailbox", "system.mailbox", mailbox, 4, 1 << 24);
            powerOfTwo(system, "mailbox", "system.mailbox", mailbox);
            channel = (int) integer(system, "channel", "system.channel", channel, 2, 1 << 24);
            powerOfTwo(system, "channel", "system.channel", channel);
        }

        final List<SystemDescription.KernelSpec> kernels = kernels(toml);
        final Map<String, CpuBudget> budgets = budgets(toml);
        final List<SystemDescription.ComponentSpec> components = components(toml, kernels, budgets);
        final List<SystemDescription.GrantSpec> grants = grants(toml, components);
        final NamePolicy names = names(toml, components, grants);
        if (!errors.isEmpty()) {
            throw new DescriptionException(errors);
        }
        return new SystemDescription(path, name, seed, mailbox, channel, kernels, components, grants,
            java.util.Optional.ofNullable(names), journal);
    }

    private List<SystemDescription.KernelSpec> kernels(final TomlTable toml) {
        final List<SystemDescription.KernelSpec> kernels = new ArrayList<>();
        final TomlTable all = table(toml, "kernels", "kernels");
        final TomlArray each = array(toml, "kernel", "kernel");
        if (all != null && each != null) {
            error(toml, "kernel", "kernel", "use either [kernels] (all alike) or [[kernel]] (one each), not both");
            return List.of(new SystemDescription.KernelSpec("L1", "backoff"));
        }
        if (each != null) {
            for (int i = 0; i < each.size(); i++) {
                final String path = "kernel[" + i + "]";
                final TomlTable t = elementTable(each, i, path);
                if (t == null) {
                    continue;
                }
                unknownKeys(t, path + ".", KERNEL_KEYS);
                kernels.add(new SystemDescription.KernelSpec(level(t, path), idle(t, path)));
            }
            if (each.size() > 64) {
                errors.add(file + ": kernel: at most 64 kernels, found " + each.size());
            }
        } else {
            int count = defaultKernels;
            String level = "L1";
            String idle = "backoff";
            if (all != null) {
                unknownKeys(all, "kernels.", KERNELS_KEYS);
                count = (int) integer(all, "count", "kernels.count", defaultKernels, 1, 64);
                level = level(all, "kernels");
                idle = idle(all, "kernels");
            }
            for (int k = 0; k < Math.max(count, 1); k++) {
                kernels.add(new SystemDescription.KernelSpec(level, idle));
            }
        }
        if (kernels.isEmpty()) {
            kernels.add(new SystemDescription.KernelSpec("L1", "backoff"));
        }
        return kernels;
    }

    private String level(final TomlTable t, final String path) {
        final String level = string(t, "level", path + ".level", "L1");
        try {
            return dev.lepus.kernel.KernelLevel.named(level).name();
        } catch (final IllegalArgumentException ex) {
            error(t, "level", path + ".level", ex.getMessage());
            return level;
        }
    }

    private String idle(final TomlTable t, final String path) {
        final String idle = string(t, "idle", path + ".idle", "backoff");
        if (!IDLE.contains(idle)) {
            error(t, "idle", path + ".idle", "unknown idle strategy '" + idle + "' (expected spin, yield, backoff or park)");
        }
        return idle;
    }

    private Map<String, CpuBudget> budgets(final TomlTable toml) {
        final Map<String, CpuBudget> budgets = new LinkedHashMap<>();
        final TomlArray array = array(toml, "budget", "budget");
        if (array == null) {
            return budgets;
        }
        for (int i = 0; i < array.size(); i++) {
            final String path = "budget[" + i + "]";
            final TomlTable t = elementTable(array, i, path);
            if (t == null) {
                continue;
            }
            unknownKeys(t, path + ".", BUDGET_KEYS);
            final String name = string(t, "name", path + ".name", null);
            final Duration budget = duration(t, "budget", path + ".budget", null);
            final Duration period = duration(t, "period", path + ".period", null);
            if (name == null || budget == null || period == null) {
                error(t, null, path, "a budget needs 'name', 'budget' and 'period'");
                continue;
            }
            if (period.compareTo(budget) < 0) {
                error(t, "period", path + ".period", "the period (" + period + ") is shorter than the budget ("
                    + budget + ")");
                continue;
            }
            if (budgets.put(name, new CpuBudget(name, budget, period)) != null) {
                error(t, "name", path + ".name", "duplicate budget name '" + name + "'");
            }
        }
        return budgets;
    }

    private List<SystemDescription.ComponentSpec> components(final TomlTable toml,
            final List<SystemDescription.KernelSpec> kernels,
            final Map<String, CpuBudget> budgets) {
        final List<SystemDescription.ComponentSpec> list = new ArrayList<>();
        final TomlArray array = array(toml, "component", "component");
        if (array == null) {
            errors.add(file + ": component: the system has no [[component]]; nothing would run");
            return list;
        }
        final Set<String> names = new HashSet<>();
        final Map<String, Integer> budgetKernels = new HashMap<>();
        for (int i = 0; i < array.size(); i++) {
            String path = "component[" + i + "]";
            final TomlTable t = elementTable(array, i, path);
            if (t == null) {
                continue;
            }
            final String name = string(t, "name", path + ".name", null);
            if (name == null) {
                unknownKeys(t, path + ".", COMPONENT_KEYS);
                error(t, null, path, "missing key 'name'");
                continue;
            }
            path = path + "(" + name + ")";
            unknownKeys(t, path + ".", COMPONENT_KEYS);
            if (!names.add(name)) {
                error(t, "name", path + ".name", "duplicate component name '" + name + "'");
            }
            final int kernelCount = kernels.size();
            final int kernel = (int) integer(t, "kernel", path + ".kernel", Spawn.ANY_KERNEL, 0, Integer.MAX_VALUE);
            final Class<?> type = componentClass(t, path, placementLevel(kernel, kernels));
            if (kernel >= kernelCount) {
                error(t, "kernel", path + ".kernel", "kernel " + kernel + " does not exist (the system has "
                    + kernelCount + (kernelCount == 1 ? " kernel: 0)" : " kernels: 0.." + (kernelCount - 1) + ")"));
            }
            final int priority = (int) integer(t, "priority", path + ".priority", Spawn.MIN_PRIORITY,
                Spawn.MIN_PRIORITY, Spawn.MAX_PRIORITY);
            final RestartPolicy policy = policy(t, path);
            final Config config = config(t, path);
            final String budgetName = string(t, "budget", path + ".budget", null);
            CpuBudget budget = null;
            if (budgetName != null) {
                budget = budgets.get(budgetName);
                if (budget == null) {
                    error(t, "budget", path + ".budget", "no [[budget]] named '" + budgetName + "'");
                } else if (kernel == Spawn.ANY_KERNEL) {
                    error(t, "budget", path + ".budget", "a component with a budget needs an explicit kernel"
                        + " (a budget is CPU time of one kernel)");
                } else {
                    final Integer other = budgetKernels.putIfAbsent(budgetName, kernel);
                    if (other != null && other != kernel) {
                        error(t, "kernel", path + ".kernel", "budget '" + budgetName + "' is on kernel " + other
                            + " already; the components sharing a budget must share a kernel");
                    }
                }
            }
            list.add(new SystemDescription.ComponentSpec(name, type, kernel, priority, policy, config,
                java.util.Optional.ofNullable(budget), position(t, "name").line()));
        }
        return list;
    }

    private Class<?> componentClass(final TomlTable t, final String path, final KernelLevel level) {
        final String className = string(t, "class", path + ".class", null);
        final String classpath = string(t, "classpath", path + ".classpath", null);
        if (className == null) {
            error(t, null, path, "missing key 'class'");
            return null;
        }
        final Class<?> type;
        if (classpath != null) {
            type = verifiedClass(t, path, className, classpath, level);
            if (type == null) {
                return null;
            }
        } else {
            try {
                type = Class.forName(className, false, loader);
            } catch (final ClassNotFoundException | LinkageError ex) {
                error(t, "class", path + ".class", "class " + className + " not found on the class path");
                return null;
            }
        }
        if (!Component.class.isAssignableFrom(type)) {
            error(t, "class", path + ".class", "class " + className + " does not implement " + Component.class
                .getName());
            return null;
        }
        if (Modifier.isAbstract(type.getModifiers()) || type.isInterface()) {
            error(t, "class", path + ".class", "class " + className + " is abstract");
            return null;
        }
        try {
            final Constructor<?> ctor = type.getConstructor();
            if (!Modifier.isPublic(type.getModifiers())) {
                error(t, "class", path + ".class", "class " + className + " is not public");
                return null;
            }
            return ctor.getDeclaringClass();
        } catch (final NoSuchMethodException ex) {
            error(t, "class", path + ".class", "class " + className + " has no public no-argument constructor");
            return null;
        }
    }

    /**
     * The level a component's classes are verified for: its kernel's, or for a component spread over the kernels,
     * the strictest (lowest) level among them.
     */
    private static KernelLevel placementLevel(final int kernel, final List<SystemDescription.KernelSpec> kernels) {
        if (kernel >= 0 && kernel < kernels.size()) {
            return levelOrStrictest(kernels.get(kernel).level());
        }
        KernelLevel strictest = KernelLevel.L4;
        for (final SystemDescription.KernelSpec k : kernels) {
            final KernelLevel l = levelOrStrictest(k.level());
            if (l.compareTo(strictest) < 0) {
                strictest = l;
            }
        }
        return strictest;
    }

    /** A kernel's level; an unknown name (reported already) counts as the strictest. */
    private static KernelLevel levelOrStrictest(final String name) {
        try {
            return KernelLevel.named(name);
        } catch (final IllegalArgumentException ex) {
            return KernelLevel.L1;
        }
    }

    /**
     * Loads a component class from its application ({@code classpath}, relative to the description's folder) through
     * a {@link ComponentLoader}, which verifies the bytecode for {@code level} first. Each violation is one error.
     */
    private Class<?> verifiedClass(final TomlTable t, final String path, final String className,
            final String classpath, final KernelLevel level) {
        final Path folder = source.toAbsolutePath().getParent();
        final Path where = (folder == null ? Path.of(classpath) : folder.resolve(classpath)).normalize();
        final String key = where + "|" + level;
        ComponentLoader app = loaders.get(key);
        if (app == null) {
            try {
                // Verified first, then given check points (L2 nested dispatch, the watchdog) before it is defined.
                app = ComponentLoader.open(where, level, dev.lepus.kernel.checkpoint.Instrumenter::instrument);
            } catch (final NoSuchFileException ex) {
                error(t, "classpath", path + ".classpath", "no such jar file or class folder: " + where);
                return null;
            } catch (final IOException ex) {
                error(t, "classpath", path + ".classpath", "cannot read " + where + ": " + ex.getMessage());
                return null;
            }
            loaders.put(key, app);
        }
        try {
            return app.load(className);
        } catch (final ClassNotFoundException ex) {
            error(t, "class", path + ".class", "class " + className + " not found in " + where);
        } catch (final VerificationException ex) {
            for (final Violation v : ex.violations()) {
                error(t, "class", path + ".class", "refused by the loader for kernel level " + level + ": " + v);
            }
        } catch (final LinkageError ex) {
            error(t, "class", path + ".class", "class " + className + " from " + where + " cannot be defined: " + ex);
        }
        return null;
    }

    private RestartPolicy policy(final TomlTable t, final String path) {
        final String action = string(t, "restart", path + ".restart", "restart");
        final RestartPolicy.Action a;
        switch (action) {
            case "restart" -> a = RestartPolicy.Action.RESTART;
            case "stop" -> a = RestartPolicy.Action.STOP;
            case "escalate" -> a = RestartPolicy.Action.ESCALATE;
            default -> {
                error(t, "restart", path + ".restart", "unknown restart policy '" + action
                    + "' (expected restart, stop or escalate)");
                a = RestartPolicy.Action.RESTART;
            }
        }
        final int max = (int) integer(t, "max_restarts", path + ".max_restarts", RestartPolicy.DEFAULT.maxRestarts(),
            0, 1_000_000);
        final Duration window = duration(t, "restart_window", path + ".restart_window",
            RestartPolicy.DEFAULT.window());
        return new RestartPolicy(a, max, window);
    }

    private Config config(final TomlTable t, final String path) {
        if (!t.contains("config")) {
            return Config.EMPTY;
        }
        if (!t.isTable("config")) {
            error(t, "config", path + ".config", "must be a table, like config = { rounds = 1000 }");
            return Config.EMPTY;
        }
        return toConfig(t.getTable("config"), path + ".config");
    }

    private Config toConfig(final TomlTable table, final String path) {
        final Map<String, Object> values = new LinkedHashMap<>();
        for (final String key : table.keySet()) {
            final Object v = table.get(List.of(key));
            if (v instanceof TomlTable sub) {
                values.put(key, toConfig(sub, path + "." + key));
            } else if (v instanceof String || v instanceof Long || v instanceof Double || v instanceof Boolean) {
                values.put(key, v);
            } else {
                error(table, key, path + "." + key, "config values must be strings, integers, floats, booleans"
                    + " or tables, not " + (v == null ? "null" : v.getClass().getSimpleName()));
            }
        }
        return Config.of(values);
    }

    private List<SystemDescription.GrantSpec> grants(final TomlTable toml,
            final List<SystemDescription.ComponentSpec> components) {
        final List<SystemDescription.GrantSpec> list = new ArrayList<>();
        final TomlArray array = array(toml, "grant", "grant");
        if (array == null) {
            return list;
        }
        final Set<String> names = new HashSet<>();
        for (final SystemDescription.ComponentSpec c : components) {
            names.add(c.name());
        }
        final Map<String, Set<String>> localNames = new HashMap<>();
        for (int i = 0; i < array.size(); i++) {
            final String path = "grant[" + i + "]";
            final TomlTable t = elementTable(array, i, path);
            if (t == null) {
                continue;
            }
            unknownKeys(t, path + ".", GRANT_KEYS);
            final String to = string(t, "to", path + ".to", null);
            final String target = string(t, "target", path + ".target", null);
            if (to == null || target == null) {
                error(t, null, path, "a grant needs 'to' (the holder) and 'target' (what its cap designates)");
                continue;
            }
            if (!names.contains(to)) {
                error(t, "to", path + ".to", "no component named '" + to + "'");
            }
            if (!names.contains(target)) {
                error(t, "target", path + ".target", "no component named '" + target + "'");
            }
            final String local = string(t, "name", path + ".name", target);
            if (!localNames.computeIfAbsent(to, k -> new HashSet<>()).add(local)) {
                error(t, "name", path + ".name", "component '" + to + "' already has a grant named '" + local + "'");
            }
            int rights = Cap.SEND;
            if (t.contains("rights")) {
                rights = 0;
                final TomlArray r = t.isArray("rights") ? t.getArray("rights") : null;
                if (r == null) {
                    error(t, "rights", path + ".rights", "must be an array of strings, like [\"send\"]");
                } else {
                    for (int k = 0; k < r.size(); k++) {
                        final Object right = r.get(k);
                        final Integer bit = right instanceof String name ? RIGHTS.get(name) : null;
                        if (bit != null) {
                            rights |= bit;
                        } else {
                            error(t, "rights", path + ".rights[" + k + "]", "unknown right '" + right
                                + "' (expected send, grant, revoke, read or write)");
                        }
                    }
                }
            }
            final long badge = integer(t, "badge", path + ".badge", 0, 0, Long.MAX_VALUE);
            list.add(new SystemDescription.GrantSpec(to, target, local, rights, badge));
        }
        return list;
    }

    private NamePolicy names(final TomlTable toml, final List<SystemDescription.ComponentSpec> components,
            final List<SystemDescription.GrantSpec> grants) {
        final TomlTable t = table(toml, "names", "names");
        if (t == null) {
            return null;
        }
        unknownKeys(t, "names.", NAMES_KEYS);
        final Set<String> known = new HashSet<>();
        for (final SystemDescription.ComponentSpec c : components) {
            known.add(c.name());
            if (c.name().equals(SystemDescription.NAME_SERVICE)) {
                error(toml, "names", "component[" + components.indexOf(c) + "](names).name",
                    "the name 'names' is taken by the name service when [names] is present");
            }
        }
        final NamePolicy policy = new NamePolicy(rules(t, "register", known), rules(t, "lookup", known));
        for (int i = 0; i < grants.size(); i++) {
            final SystemDescription.GrantSpec g = grants.get(i);
            if (!policy.mayLookup(g.to(), g.target())) {
                error(t, "lookup", "grant[" + i + "]", "'" + g.to() + "' may not look up '" + g.target()
                    + "' under [names].lookup, so it cannot be granted it either");
            }
        }
        return policy;
    }

    private Map<String, Set<String>> rules(final TomlTable names, final String key, final Set<String> known) {
        final Map<String, Set<String>> rules = new LinkedHashMap<>();
        final TomlTable t = table(names, key, "names." + key);
        if (t == null) {
            return rules;
        }
        for (final String name : t.keySet()) {
            final String path = "names." + key + "." + name;
            final Object v = t.get(List.of(name));
            if (!(v instanceof TomlArray a)) {
                error(t, name, path, "must be an array of component names, like [\"web\"] or [\"*\"]");
                continue;
            }
            final Set<String> who = new HashSet<>();
            for (int k = 0; k < a.size(); k++) {
                if (a.get(k) instanceof String s && (s.equals("*") || known.contains(s))) {
                    who.add(s);
                } else {
                    error(t, name, path + "[" + k + "]", "no component named '" + a.get(k) + "'");
                }
            }
            rules.put(name, who);
        }
        return rules;
    }

    // ---------------------------------------------------------------- typed access with errors

    private void unknownKeys(final TomlTable t, final String prefix, final Set<String> known) {
        for (final String key : t.keySet()) {
            if (!known.contains(key)) {
                error(t, key, prefix + key, "unknown key '" + key + "' (known: " + String.join(", ",
                    known.stream().sorted().toList()) + ")");
            }
        }
    }

    private TomlTable table(final TomlTable t, final String key, final String path) {
        if (!t.contains(key)) {
            return null;
        }
        if (!t.isTable(key)) {
            error(t, key, path, "must be a table ([" + key + "])");
            return null;
        }
        return t.getTable(key);
    }

    private TomlArray array(final TomlTable t, final String key, final String path) {
        if (!t.contains(key)) {
            return null;
        }
        if (!t.isArray(key)) {
            error(t, key, path, "must be an array of tables ([[" + key + "]])");
            return null;
        }
        return t.getArray(key);
    }

    private TomlTable elementTable(final TomlArray array, final int i, final String path) {
        final Object v = array.get(i);
        if (v instanceof TomlTable t) {
            return t;
        }
        final TomlPosition p = array.inputPositionOf(i);
        errors.add(file + ":" + (p == null ? "?" : p.line() + ":" + p.column()) + ": " + path
            + ": must be a table");
        return null;
    }

    private String string(final TomlTable t, final String key, final String path, final String def) {
        if (!t.contains(key)) {
            return def;
        }
        final Object v = t.get(List.of(key));
        if (v instanceof String s) {
            return s;
        }
        error(t, key, path, "must be a string, not " + kind(v));
        return def;
    }

    private long integer(final TomlTable t, final String key, final String path, final long def, final long min,
            final long max) {
        if (!t.contains(key)) {
            return def;
        }
        final Object v = t.get(List.of(key));
        if (!(v instanceof Long l)) {
            error(t, key, path, "must be an integer, not " + kind(v));
            return def;
        }
        if (l < min || l > max) {
            error(t, key, path, "must be in " + min + ".." + max + ", not " + l);
            return def;
        }
        return l;
    }

    private void powerOfTwo(final TomlTable t, final String key, final String path, final long value) {
        if (t.contains(key) && Long.bitCount(value) != 1) {
            error(t, key, path, "must be a power of two, not " + value);
        }
    }

    private Duration duration(final TomlTable t, final String key, final String path, final Duration def) {
        final String s = string(t, key, path, null);
        if (s == null) {
            return def;
        }
        final Matcher m = DURATION.matcher(s.trim().toLowerCase(Locale.ROOT));
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            error(t, key, path, "must be a positive duration like \"500ms\", \"5s\" or \"1m\", not \"" + s + "\"");
            return def;
        }
        final long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ns" -> Duration.ofNanos(n);
            case "us" -> Duration.ofNanos(n * 1000);
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    private static String kind(final Object v) {
        return switch (v) {
            case null -> "nothing";
            case String s -> "a string";
            case Long l -> "an integer";
            case Double d -> "a float";
            case Boolean b -> "a boolean";
            case TomlTable tt -> "a table";
            case TomlArray ta -> "an array";
            default -> v.getClass().getSimpleName();
        };
    }

    private TomlPosition position(final TomlTable t, final String key) {
        TomlPosition p = key == null ? null : t.inputPositionOf(List.of(key));
        if (p == null) {
            for (final String k : t.keySet()) {
                p = t.inputPositionOf(List.of(k));
                if (p != null) {
                    break;
                }
            }
        }
        return p == null ? TomlPosition.positionAt(1, 1) : p;
    }

    private void error(final TomlTable t, final String key, final String path, final String message) {
        final TomlPosition p = position(t, key);
        errors.add(file + ":" + p.line() + ":" + p.column() + ": " + path + ": " + message);
    }

    private static String fileStem(final Path path) {
        final String n = path.getFileName() == null ? "system" : path.getFileName().toString();
        final int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
