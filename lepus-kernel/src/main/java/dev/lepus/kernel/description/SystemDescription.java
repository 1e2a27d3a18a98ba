package dev.lepus.kernel.description;

import java.nio.file.Path;
import java.util.List;

import dev.lepus.api.Config;
import dev.lepus.api.RestartPolicy;

/**
 * A checked system description: everything {@code lepus run} needs to boot a node. Made by
 * {@link DescriptionParser}; every field is valid.
 *
 * @param source the file it came from
 * @param name the system's name
 * @param seed the seed of the components' random generators
 * @param mailboxCapacity messages per mailbox
 * @param channelCapacity entries per channel between two kernels
 * @param kernels the kernels, by index
 * @param components the root components, in boot order
 * @param grants the initial grants
 * @param names the name service's policy, if the system has a name service ({@code [names]})
 * @param journal how the system journals its inputs ({@code [system] journal} and {@code journal_dir})
 */
public record SystemDescription(Path source, String name, long seed, int mailboxCapacity, int channelCapacity,
        List<KernelSpec> kernels, List<ComponentSpec> components, List<GrantSpec> grants,
        java.util.Optional<dev.lepus.kernel.names.NamePolicy> names, dev.lepus.kernel.journal.JournalSettings journal) {

    /** The name of the name service component, when the system has one. */
    public static final String NAME_SERVICE = "names";

    /**
     * One kernel.
     *
     * @param level the kernel level: {@code L1}, {@code L2}, {@code L3} or {@code L4}
     * @param idle the idle strategy: {@code spin}, {@code yield} or {@code backoff}
     */
    public record KernelSpec(String level, String idle) {
    }

    /**
     * One root component.
     *
     * @param name its unique name
     * @param type its class, which implements {@code Component} and has a public no-argument constructor
     * @param kernel the kernel index, or -1 to spread
     * @param priority 0..63, higher first
     * @param policy the restart policy under the system supervisor
     * @param config its configuration
     * @param budget its CPU budget, if it has one
     * @param line the line of its table in the file, for later errors
     */
    public record ComponentSpec(String name, Class<?> type, int kernel, int priority, RestartPolicy policy,
            Config config, java.util.Optional<dev.lepus.api.CpuBudget> budget, int line) {
    }

    /**
     * One grant: {@code to} receives, under {@code name}, a cap to {@code target} with {@code rights}.
     *
     * @param to the receiving component
     * @param target the component the cap designates
     * @param name the local name under which {@code to} finds it
     * @param rights the rights, a bit set of {@code Cap} rights
     * @param badge the badge delivered with every message sent through the cap, 0 for none
     */
    public record GrantSpec(String to, String target, String name, int rights, long badge) {
    }
}
