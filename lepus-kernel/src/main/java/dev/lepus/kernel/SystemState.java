package dev.lepus.kernel;

import java.util.List;

/**
 * What a node is doing, as rows: its kernels, components, caps, channels and timers. Kernels, components and channels
 * are read from what the kernels publish, without stopping them (values may be slightly stale, and rows of one kernel
 * are not all from one instant); caps and timers, when asked for, are walked by each kernel on its own thread between
 * two events (a command in its duty cycle). Tools read it: the SQL tables, {@code lepus sql}.
 *
 * @param kernels one row per kernel
 * @param components one row per live component (empty unless asked for)
 * @param caps every cap of every component (empty unless asked for)
 * @param channels one row per ordered pair of kernels
 * @param timers one row per kernel's timer wheel (empty when not asked for)
 */
public record SystemState(List<KernelRow> kernels, List<ComponentRow> components, List<CapInfo> caps,
        List<ChannelRow> channels, List<TimerRow> timers) {

    /** What a reader may ask for besides the kernels and channels, which every state holds. */
    public enum Part {
        /** The components: published by the kernels, read without a command. */
        COMPONENTS,
        /** Every component's caps: each kernel walks its derivation trees between two events. */
        CAPS,
        /** Every kernel's timers: each kernel walks its wheel between two events. */
        TIMERS
    }

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
     * @param received events delivered to it
     * @param sent its sends that were accepted
     * @param refused its sends that were refused (full, stopped, denied, revoked)
     * @param handlerNs handler time charged to its CPU budget (its group's, for a group), or -1 without a budget
     * @param budgetOverruns periods in which its budget (or its group's) was overrun, or -1 without a budget
     */
    public record ComponentRow(String id, String name, String className, int kernel, int priority, String state,
            int mailbox, String parent, int restarts, int outstandingAsks, String budget, long journalSeq,
            long received, long sent, long refused, long handlerNs, long budgetOverruns) {
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
