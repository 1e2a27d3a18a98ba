package dev.lepus.api;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * What to spawn and where: a name, a factory for the component (called again on every restart), the kernel to place
 * it on, its priority, its restart policy and its configuration. Immutable; each setter returns a copy.
 *
 * @param <Q> the protocol of the component
 */
public final class Spawn<Q> {

    /** Place on any kernel: the node spreads components round-robin. */
    public static final int ANY_KERNEL = -1;
    /** The lowest priority. */
    public static final int MIN_PRIORITY = 0;
    /** The highest priority: a kernel runs ready components of higher priority first. */
    public static final int MAX_PRIORITY = 63;

    private final String name;
    private final Supplier<? extends Component<Q>> factory;
    private final int kernel;
    private final int priority;
    private final RestartPolicy policy;
    private final Config config;
    private final CpuBudget budget;

    private Spawn(final String name, final Supplier<? extends Component<Q>> factory, final int kernel,
            final int priority, final RestartPolicy policy, final Config config, final CpuBudget budget) {
        this.budget = budget;
        this.name = name;
        this.factory = factory;
        this.kernel = kernel;
        this.priority = priority;
        this.policy = policy;
        this.config = config;
    }

    /**
     * A spec for a component on any kernel, priority 0, the default restart policy and no configuration.
     *
     * @param name the component's name (for logs and tools; not an address)
     * @param factory makes a fresh instance; called at start and at every restart
     * @param <Q> the protocol
     * @return the spec
     */
    public static <Q> Spawn<Q> of(final String name, final Supplier<? extends Component<Q>> factory) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(factory, "factory");
        return new Spawn<>(name, factory, ANY_KERNEL, MIN_PRIORITY, RestartPolicy.DEFAULT, Config.EMPTY, null);
    }

    /**
     * Places the component on kernel {@code index} of the node.
     *
     * @param index the kernel index, or {@link #ANY_KERNEL}
     * @return a copy with the placement
     */
    public Spawn<Q> onKernel(final int index) {
        if (index < ANY_KERNEL) {
            throw new IllegalArgumentException("kernel index must be >= 0 (or ANY_KERNEL): " + index);
        }
        return new Spawn<>(name, factory, index, priority, policy, config, budget);
    }

    /**
     * Sets the priority.
     *
     * @param value from {@link #MIN_PRIORITY} to {@link #MAX_PRIORITY}
     * @return a copy with the priority
     */
    public Spawn<Q> priority(final int value) {
        if (value < MIN_PRIORITY || value > MAX_PRIORITY) {
            throw new IllegalArgumentException(
                "priority must be in " + MIN_PRIORITY + ".." + MAX_PRIORITY + ": " + value);
        }
        return new Spawn<>(name, factory, kernel, value, policy, config, budget);
    }

    /**
     * Sets the restart policy.
     *
     * @param value the policy
     * @return a copy with the policy
     */
    public Spawn<Q> restart(final RestartPolicy value) {
        return new Spawn<>(name, factory, kernel, priority, Objects.requireNonNull(value, "policy"), config, budget);
    }

    /**
     * Sets the configuration.
     *
     * @param value the configuration
     * @return a copy with the configuration
     */
    public Spawn<Q> config(final Config value) {
        return new Spawn<>(name, factory, kernel, priority, policy, Objects.requireNonNull(value, "config"), budget);
    }

    /**
     * Gives the component a CPU budget (a temporal capability).
     *
     * @param value the budget
     * @return a copy with the budget
     */
    public Spawn<Q> budget(final CpuBudget value) {
        return new Spawn<>(name, factory, kernel, priority, policy, config, Objects.requireNonNull(value, "budget"));
    }

    /** @return the CPU budget, if any */
    public java.util.Optional<CpuBudget> budget() {
        return java.util.Optional.ofNullable(budget);
    }

    /** @return the name */
    public String name() {
        return name;
    }

    /** @return the factory */
    public Supplier<? extends Component<Q>> factory() {
        return factory;
    }

    /** @return the kernel index, or {@link #ANY_KERNEL} */
    public int kernel() {
        return kernel;
    }

    /** @return the priority */
    public int priority() {
        return priority;
    }

    /** @return the restart policy */
    public RestartPolicy policy() {
        return policy;
    }

    /** @return the configuration */
    public Config config() {
        return config;
    }
}
