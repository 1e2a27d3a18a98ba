package dev.lepus.kernel;

import java.util.List;

/**
 * What a node is doing, as rows: its kernels, components, caps, channels and timers, each kernel's part read on that
 * kernel's own thread between two events (a command in its duty cycle: no lock on its hot path, and no kernel stops
 * for another's). Tools read it: the SQL tables, {@code lepus sql}.
 *
 * @param kernels one row per kernel
 * @param components one row per live component
 * @param caps every cap of every component
 * @param channels one row per ordered pair of kernels
 * @param timers one row per kernel's timer wheel
 */
public record SystemState(List<KernelRow> kernels, List<ComponentRow> components, List<CapInfo> caps,
        List<ChannelRow> channels, List<TimerRow> timers) {

    /**
     * A kernel.
     *
     * @param kernel its index
     * @param level L1 to L4
     * @param components live components on it
     * @param delivered events delivered
     * @param sentRemote messages sent to other kernels
     * @param refused sends refused (full, stopped, denied, revoked)
     * @param deadLetters messages to stopped components
     * @param failures handler failures
     * @param restarts restarts by supervisors
     * @param timerFirings timers fired
     * @param budgetOverruns CPU budget overruns
     * @param watchdogStops handlers the watchdog stopped
     * @param journaled whether it journals
     */
    public record KernelRow(int kernel, String level, int components, long delivered, long sentRemote, long refused,
            long deadLetters, long failures, long restarts, long timerFirings, long budgetOverruns, long watchdogStops,
            boolean journaled) {
    }

    /**
     * A component.
     *
     * @param id its id (hexadecimal)
     * @param name its name
     * @param className its class
     * @param kernel its kernel
     * @param priority 0 to 63
     * @param state NEW, RUNNING, SUSPENDED (in await) or STOPPED
     * @param mailbox events waiting
     * @param parent its supervisor's name, or null for a root
     * @param restarts its incarnation (restarts so far)
     * @param outstandingAsks asks not answered yet
     * @param budget its CPU budget group or spec, or null
     * @param journalSeq its next journal sequence number, or -1 when not journaled
     */
    public record ComponentRow(String id, String name, String className, int kernel, int priority, String state,
            int mailbox, String parent, int restarts, int outstandingAsks, String budget, long journalSeq) {
    }

    /**
     * A channel from one kernel to another.
     *
     * @param from the producer kernel
     * @param to the consumer kernel
     * @param size entries in it
     * @param capacity its capacity
     */
    public record ChannelRow(int from, int to, int size, int capacity) {
    }

    /**
     * A kernel's timers.
     *
     * @param kernel the kernel
     * @param scheduled timers scheduled
     * @param nextDueNs the earliest deadline (kernel clock), or -1
     */
    public record TimerRow(int kernel, int scheduled, long nextDueNs) {
    }
}
