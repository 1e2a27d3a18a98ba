package dev.lepus.sql;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.sql.type.SqlTypeName;

import dev.lepus.api.Cap;
import dev.lepus.kernel.CapInfo;
import dev.lepus.kernel.Node;
import dev.lepus.kernel.SystemState;
import dev.lepus.kernel.SystemState.ChannelRow;
import dev.lepus.kernel.SystemState.ComponentRow;
import dev.lepus.kernel.SystemState.KernelRow;
import dev.lepus.kernel.SystemState.Part;
import dev.lepus.kernel.SystemState.TimerRow;
import dev.lepus.kernel.journal.JournalDescriptor;
import dev.lepus.kernel.journal.JournalPolicy;
import dev.lepus.kernel.journal.JournalSettings;

/**
 * The {@code lepus} schema: {@code kernels}, {@code components}, {@code caps}, {@code channels}, {@code timers},
 * {@code journal} and {@code nodes}, each a scan of one {@link SystemState} per query.
 *
 * <p>Thread contract: threadsafe (the tables are immutable; snapshots are taken per query).
 */
public final class LepusSchema extends AbstractSchema {

    private static final SqlTypeName INT = SqlTypeName.INTEGER;
    private static final SqlTypeName LONG = SqlTypeName.BIGINT;
    private static final SqlTypeName TEXT = SqlTypeName.VARCHAR;
    private static final SqlTypeName BOOL = SqlTypeName.BOOLEAN;

    private final Map<String, Table> tables;

    /**
     * The schema over a node.
     *
     * @param node the node
     * @param journal its journal settings, if known (the node does not publish them): fill in the {@code journal}
     *     table's {@code policy} and {@code dir}
     */
    public LepusSchema(final Node node, final Optional<JournalSettings> journal) {
        final Snapshots snapshots = new Snapshots(node);
        final Instant attached = Instant.now();
        final List<StateTable<?>> list = List.of(
            new StateTable<>("kernels", kernelColumns(), SystemState::kernels, snapshots, Set.of()),
            new StateTable<>("components", componentColumns(), SystemState::components, snapshots,
                Set.of(Part.COMPONENTS)),
            new StateTable<>("caps", capColumns(), SystemState::caps, snapshots, Set.of(Part.CAPS)),
            new StateTable<>("channels", channelColumns(), SystemState::channels, snapshots, Set.of()),
            new StateTable<>("timers", timerColumns(), SystemState::timers, snapshots, Set.of(Part.TIMERS)),
            new StateTable<>("journal", journalColumns(), s -> journalRows(s, journal), snapshots,
                Set.of()),
            new StateTable<>("nodes", nodeColumns(), s -> List.of(new NodeRow(node, s, attached)), snapshots,
                Set.of(Part.COMPONENTS, Part.CAPS)));
        final Map<String, Table> t = new LinkedHashMap<>();
        for (final StateTable<?> table : list) {
            t.put(table.name(), table);
        }
        this.tables = Map.copyOf(t);
    }

    @Override
    protected Map<String, Table> getTableMap() {
        return tables;
    }

    /**
     * Every table's column names, in schema order (for completion and docs).
     *
     * @return table name to column names
     */
    public static Map<String, List<String>> columns() {
        final Map<String, List<String>> c = new LinkedHashMap<>();
        c.put("kernels", names(kernelColumns()));
        c.put("components", names(componentColumns()));
        c.put("caps", names(capColumns()));
        c.put("channels", names(channelColumns()));
        c.put("timers", names(timerColumns()));
        c.put("journal", names(journalColumns()));
        c.put("nodes", names(nodeColumns()));
        return java.util.Collections.unmodifiableMap(c);
    }

    private static <R> List<String> names(final List<Column<R>> columns) {
        return columns.stream().map(Column::name).toList();
    }

    /**
     * The rights of a cap as text: {@code send,grant,revoke,read,write} (those it has, in that order).
     *
     * @param rights the bit set
     * @return the text, empty for none
     */
    public static String rightsText(final int rights) {
        final StringBuilder b = new StringBuilder();
        final int[] bits = {Cap.SEND, Cap.GRANT, Cap.REVOKE, Cap.READ, Cap.WRITE};
        final String[] names = {"send", "grant", "revoke", "read", "write"};
        for (int i = 0; i < bits.length; i++) {
            if ((rights & bits[i]) != 0) {
                b.append(b.isEmpty() ? "" : ",").append(names[i]);
            }
        }
        return b.toString();
    }

    private static List<Column<KernelRow>> kernelColumns() {
        return List.of(
            Column.of("kernel", INT, "the kernel's index", KernelRow::kernel),
            Column.of("level", TEXT, "its level, L1 to L4", KernelRow::level),
            Column.of("components", INT, "live components on it", KernelRow::components),
            Column.of("delivered", LONG, "events delivered", KernelRow::delivered),
            Column.of("sent_remote", LONG, "messages sent to other kernels", KernelRow::sentRemote),
            Column.of("refused", LONG, "sends refused (full, stopped, denied, revoked)", KernelRow::refused),
            Column.of("dead_letters", LONG, "messages to stopped components", KernelRow::deadLetters),
            Column.of("failures", LONG, "handler failures", KernelRow::failures),
            Column.of("restarts", LONG, "restarts by supervisors", KernelRow::restarts),
            Column.of("timer_firings", LONG, "timers fired", KernelRow::timerFirings),
            Column.of("budget_overruns", LONG, "CPU budget overruns", KernelRow::budgetOverruns),
            Column.of("watchdog_stops", LONG, "handlers the watchdog stopped", KernelRow::watchdogStops),
            Column.of("journaled", BOOL, "whether it journals its inputs", KernelRow::journaled));
    }

    private static List<Column<ComponentRow>> componentColumns() {
        return List.of(
            Column.of("id", TEXT, "the component's id (hexadecimal)", ComponentRow::id),
            Column.of("name", TEXT, "its name", ComponentRow::name),
            Column.of("class_name", TEXT, "its class", ComponentRow::className),
            Column.of("kernel", INT, "the kernel it runs on", ComponentRow::kernel),
            Column.of("priority", INT, "its priority, 0 to 63", ComponentRow::priority),
            Column.of("state", TEXT, "NEW, RUNNING, SUSPENDED (in await) or STOPPED", ComponentRow::state),
            Column.of("mailbox", INT, "events waiting in its mailbox", ComponentRow::mailbox),
            Column.of("parent", TEXT, "its supervisor's name, NULL for a root", ComponentRow::parent),
            Column.of("restarts", INT, "its incarnation (restarts so far)", ComponentRow::restarts),
            Column.of("outstanding_asks", INT, "asks not answered yet", ComponentRow::outstandingAsks),
            Column.of("budget", TEXT, "its CPU budget group or spec, NULL if none", ComponentRow::budget),
            Column.of("journal_seq", LONG, "its next journal sequence number, -1 if not journaled",
                ComponentRow::journalSeq),
            Column.of("received", LONG, "events delivered to it (messages, timers, replies)", ComponentRow::received),
            Column.of("sent", LONG, "its sends that were accepted", ComponentRow::sent),
            Column.of("refused", LONG, "its sends that were refused (full, stopped, denied, revoked)",
                ComponentRow::refused),
            Column.of("handler_ns", LONG, "handler time charged to its CPU budget (its group's), NULL without one",
                r -> r.handlerNs() < 0 ? null : r.handlerNs()),
            Column.of("budget_overruns", LONG, "periods its budget (its group's) was overrun, NULL without one",
                r -> r.budgetOverruns() < 0 ? null : r.budgetOverruns()));
    }

    private static List<Column<CapInfo>> capColumns() {
        return List.of(
            Column.of("id", LONG, "the cap's identity, unique while it exists", CapInfo::id),
            Column.of("holder", TEXT, "the holding component's name, or (node)", CapInfo::holder),
            Column.of("target", TEXT, "the designated component's name", CapInfo::target),
            Column.of("rights", TEXT, "its rights, e.g. send,grant", c -> rightsText(c.rights())),
            Column.of("badge", LONG, "its badge, 0 if none", CapInfo::badge),
            Column.of("parent", LONG, "the id of the cap it was derived from, 0 for a root", CapInfo::parent),
            Column.of("revoked", BOOL, "whether it was revoked", CapInfo::revoked),
            Column.of("deleted", BOOL, "whether its holder deleted it", CapInfo::deleted));
    }

    private static List<Column<ChannelRow>> channelColumns() {
        return List.of(
            Column.of("from_kernel", INT, "the producing kernel", ChannelRow::from),
            Column.of("to_kernel", INT, "the consuming kernel", ChannelRow::to),
            Column.of("size", INT, "entries in the channel", ChannelRow::size),
            Column.of("capacity", INT, "its capacity", ChannelRow::capacity));
    }

    private static List<Column<TimerRow>> timerColumns() {
        return List.of(
            Column.of("kernel", INT, "the kernel", TimerRow::kernel),
            Column.of("scheduled", INT, "timers scheduled", TimerRow::scheduled),
            Column.of("next_due_ns", LONG, "the earliest deadline (kernel clock, ns), -1 if none",
                TimerRow::nextDueNs));
    }

    /** A kernel's journal. */
    private record JournalRow(int kernel, boolean journaled, String policy, String dir) {
    }

    private static List<Column<JournalRow>> journalColumns() {
        return List.of(
            Column.of("kernel", INT, "the kernel", JournalRow::kernel),
            Column.of("journaled", BOOL, "whether it journals its inputs", JournalRow::journaled),
            Column.of("policy", TEXT, "OFF, RING, FILE or FSYNC; NULL if the node's settings were not given",
                JournalRow::policy),
            Column.of("dir", TEXT, "its journal folder (FILE, FSYNC); NULL if none or not given", JournalRow::dir));
    }

    private static List<JournalRow> journalRows(final SystemState s, final Optional<JournalSettings> journal) {
        final List<JournalRow> rows = new ArrayList<>(s.kernels().size());
        for (final KernelRow k : s.kernels()) {
            final String policy = journal.map(j -> j.policy().name()).orElse(null);
            final String dir = journal
                .filter(j -> j.policy() == JournalPolicy.FILE || j.policy() == JournalPolicy.FSYNC)
                .map(j -> j.dir().resolve(JournalDescriptor.kernelDirName(k.kernel())).toString()).orElse(null);
            rows.add(new JournalRow(k.kernel(), k.journaled(), policy, dir));
        }
        return rows;
    }

    /** This node. */
    private record NodeRow(int kernels, int components, long caps, boolean alive, long errors, String attached) {
        NodeRow(final Node node, final SystemState s, final Instant attached) {
            this(s.kernels().size(), s.components().size(), s.caps().size(), node.exitStatus() == null,
                node.errorCount(), attached.toString());
        }
    }

    private static List<Column<NodeRow>> nodeColumns() {
        return List.of(
            Column.of("kernels", INT, "its kernels", NodeRow::kernels),
            Column.of("components", INT, "its live components", NodeRow::components),
            Column.of("caps", LONG, "caps held by its components", NodeRow::caps),
            Column.of("alive", BOOL, "false once it was told to shut down", NodeRow::alive),
            Column.of("errors", LONG, "errors its kernel threads reported", NodeRow::errors),
            Column.of("started", TEXT, "when the SQL view was attached to it (ISO-8601, UTC; lepus run attaches it"
                + " right after start)", NodeRow::attached));
    }
}
