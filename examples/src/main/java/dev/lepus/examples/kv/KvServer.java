package dev.lepus.examples.kv;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.lepus.api.ApiGroup;
import dev.lepus.api.Bytes;
import dev.lepus.api.Cap;
import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;
import dev.lepus.api.SendResult;
import dev.lepus.api.net.CloseReason;
import dev.lepus.api.net.Connection;
import dev.lepus.api.net.ListenOptions;
import dev.lepus.api.net.NetHandler;
import dev.lepus.api.net.NetInput;
import dev.lepus.api.net.WriteResult;

/**
 * One shard of a Redis-compatible key-value store (RESP2), and a server of client connections. A system runs one
 * per kernel, all listening on the same port (the host spreads the connections over them); the keys are sharded by
 * {@link KvEngine#shardOf} (CRC16 slots, as Redis Cluster). A command whose keys are all this shard's is executed at
 * once; the parts of a command that concern other shards are sent to them ({@link KvProtocol.Exec}) and their replies
 * ({@link KvProtocol.Result}) joined: MGET, DEL and EXISTS by key, MSET by pair, KEYS, DBSIZE, FLUSHDB and INFO over
 * every shard. A command over several shards is not atomic (Redis Cluster refuses such commands; this store runs
 * them part by part).
 *
 * <p>Replies leave in request order: while a connection waits for another shard, the replies behind it wait in its
 * queue. The replies to a pipelined batch are written together. A bad request gets Redis's error text and the
 * connection is closed; a client that does not read its replies fills its output queue, and the server then stops
 * reading its requests until the queue drains.
 *
 * <p>Config: {@code port} (default {@value #DEFAULT_PORT}), {@code host} (127.0.0.1), {@code shard} (this shard's
 * index, default 0) and {@code shards} (default 1; the others are granted as {@code shard-N}), {@code max_clients}
 * (10,000), {@code max_bulk} (1 MiB), {@code query_buffer_limit} (16 MiB: a request larger than this is refused),
 * {@code timeout_ms} (a client that sends nothing for this long is closed; default 300,000, 0 for never),
 * {@code max_keys} (per shard, 1,048,576).
 *
 * <p>Thread contract: a component; its kernel's thread, one event at a time.
 */
@Manifest(name = "kv", groups = {ApiGroup.CORE, ApiGroup.TIMERS, ApiGroup.NET})
public final class KvServer implements Component<KvProtocol>, NetHandler<KvProtocol> {

    /** The default port. */
    public static final int DEFAULT_PORT = 7379;
    /** How often expired keys are swept, and how many at most per sweep. */
    private static final Duration SWEEP_PERIOD = Duration.ofMillis(100);
    private static final int SWEEP_KEYS = 64;
    /** Replies a connection may have waiting for other shards before its next requests wait unread. */
    private static final int MAX_QUEUED = 1024;
    private static final byte[] STATS = "LEPUS.STATS".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] OK = "+OK\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] GET = "GET".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] SET = "SET".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** How the parts of a command are joined. */
    private enum Join {
        /** One part: its reply as it is. */
        ONE,
        /** An array of the parts' replies in order (MGET: a bulk per key). */
        ARRAY,
        /** The sum of the parts' integer replies (DEL, EXISTS, DBSIZE). */
        SUM,
        /** {@code +OK} once every part is done (MSET, FLUSHDB). */
        OK,
        /** The elements of the parts' array replies, one array (KEYS). */
        CONCAT,
        /** The INFO text over the keys and expires of every shard. */
        INFO
    }

    /** A command's reply in a connection's queue: complete when every part has come. */
    private static final class Slot {
        final long ticket;
        final Join join;
        final byte[][] parts;
        int missing;
        /** INFO's request, for its section. */
        Request request;

        Slot(final long ticket, final Join join, final int parts) {
            this.ticket = ticket;
            this.join = join;
            this.parts = new byte[parts][];
            this.missing = parts;
        }
    }

    /** What the server keeps per connection. */
    private static final class Client {
        final Connection connection;
        final RespParser parser;
        final Request request = new Request();
        /** Replies waiting for other shards, in request order; empty when none is. */
        final ArrayDeque<Slot> queue = new ArrayDeque<>();
        long tickets;
        /** Close once the queue is written (QUIT, a protocol error). */
        boolean closeAfter;
        /** Bytes refused by a full output queue, written again when it drains. */
        byte[] unsent;

        Client(final Connection connection, final RespParser parser) {
            this.connection = connection;
            this.parser = parser;
        }
    }

    private final RespWriter out = new RespWriter();
    private final RespWriter scratch = new RespWriter();
    private final Map<Long, Client> clients = new HashMap<>();
    private KvEngine engine;
    private int shard;
    private int shards;
    private List<Cap<KvProtocol>> peers;
    private int maxBulk;
    private int queryLimit;
    private long served;
    private long protocolErrors;

    @Override
    public void onStart(final Context<KvProtocol> ctx) {
        shard = ctx.config().intValue("shard", 0);
        shards = ctx.config().intValue("shards", 1);
        if (shards < 1 || shard < 0 || shard >= shards) {
            throw new IllegalArgumentException("kv: shard " + shard + " of " + shards + " is not a shard");
        }
        engine = new KvEngine(ctx.config().intValue("max_keys", KvEngine.DEFAULT_MAX_KEYS));
        final List<Cap<KvProtocol>> p = new ArrayList<>(shards);
        for (int i = 0; i < shards; i++) {
            p.add(i == shard ? ctx.self() : ctx.granted("shard-" + i));
        }
        peers = List.copyOf(p);
        maxBulk = ctx.config().intValue("max_bulk", RespParser.DEFAULT_MAX_BULK_BYTES);
        queryLimit = ctx.config().intValue("query_buffer_limit", 16 << 20);
        if (queryLimit < maxBulk) {
            throw new IllegalArgumentException("kv: query_buffer_limit " + queryLimit + " is below max_bulk "
                + maxBulk);
        }
        final ListenOptions options = ListenOptions.port(ctx.config().intValue("port", DEFAULT_PORT))
            .host(ctx.config().string("host", "127.0.0.1"))
            .maxConnections(ctx.config().intValue("max_clients", ListenOptions.DEFAULT_MAX_CONNECTIONS))
            .inputLimit(queryLimit + (64 << 10))
            .idleTimeout(Duration.ofMillis(ctx.config().longValue("timeout_ms", 300_000)));
        final int port = ctx.net().listen(options).port();
        ctx.every(SWEEP_PERIOD, KvProtocol.Tick.TICK);
        ctx.log("shard " + shard + " of " + shards + " listening on " + options.host() + ":" + port);
    }

    @Override
    public void onAccepted(final Context<KvProtocol> ctx, final Connection c) {
        final Client client = new Client(c, new RespParser(maxBulk, RespParser.DEFAULT_MAX_ARGS,
            RespParser.DEFAULT_MAX_INLINE_BYTES));
        c.attach(client);
        clients.put(c.id(), client);
    }

    @Override
    public void onClosed(final Context<KvProtocol> ctx, final Connection c, final CloseReason reason) {
        clients.remove(c.id());
    }

    @Override
    public void onRead(final Context<KvProtocol> ctx, final Connection c, final NetInput in) {
        final Client client = (Client) c.attachment();
        if (client.unsent != null || client.closeAfter) {
            return;
        }
        final long nowMs = ctx.nowNs() / 1_000_000;
        try {
            while (!client.closeAfter && client.queue.size() < MAX_QUEUED && client.parser.parse(in, client.request)) {
                command(ctx, client, client.request, nowMs);
            }
            if (client.queue.size() >= MAX_QUEUED) {
                c.pauseReading(); // resumed when the replies it waits for have come
            }
            if (in.readable() > queryLimit) {
                throw new RespProtocolException("Protocol error: too big request (more than " + queryLimit
                    + " bytes)");
            }
        } catch (final RespProtocolException bad) {
            protocolErrors++;
            reply(client, scratch.clear().error("ERR " + bad.getMessage()));
            client.closeAfter = true;
        }
        drain(client);
        flush(client);
    }

    /** Executes one command, here or in part on other shards, and queues or writes its reply. */
    private void command(final Context<KvProtocol> ctx, final Client client, final Request r, final long nowMs) {
        served++;
        final KvCommand cmd = KvCommand.of(r.arg(0));
        if (cmd == KvCommand.QUIT) {
            client.closeAfter = true;
        }
        if (!cmd.acceptsArgc(r.argc()) || shards == 1 || cmd.scope() == KvCommand.Scope.NONE) {
            local(client, r, nowMs);
            return;
        }
        switch (cmd.scope()) {
            case KEY -> {
                final int owner = KvEngine.shardOf(r.arg(1), shards);
                if (owner == shard) {
                    local(client, r, nowMs);
                } else {
                    final Slot s = slot(client, Join.ONE, 1);
                    remote(ctx, client, s, 0, owner, args(r));
                }
            }
            case KEYS -> perKey(ctx, client, r, cmd, nowMs);
            case PAIRS -> perPair(ctx, client, r, nowMs);
            case ALL -> everyShard(ctx, client, r, cmd, nowMs);
            default -> local(client, r, nowMs);
        }
    }

    /** Runs a command here: straight into the output when nothing waits before it, else into its queue slot. */
    private void local(final Client client, final Request r, final long nowMs) {
        if (client.queue.isEmpty()) {
            engine.execute(r, nowMs, out);
        } else {
            engine.execute(r, nowMs, scratch.clear());
            reply(client, scratch);
        }
    }

    /** A complete reply behind the queue: a slot of its own, complete at once. */
    private void reply(final Client client, final RespWriter reply) {
        if (client.queue.isEmpty()) {
            out.raw(reply.buffer(), 0, reply.length());
            return;
        }
        final Slot s = slot(client, Join.ONE, 1);
        s.parts[0] = reply.toByteArray();
        s.missing = 0;
    }

    /** MGET, DEL, EXISTS: one part per key, executed by its shard as GET, DEL or EXISTS of that key. */
    private void perKey(final Context<KvProtocol> ctx, final Client client, final Request r, final KvCommand cmd,
            final long nowMs) {
        final int keys = r.argc() - 1;
        final Slot s = slot(client, cmd == KvCommand.MGET ? Join.ARRAY : Join.SUM, keys);
        final byte[] name = cmd == KvCommand.MGET ? GET : r.arg(0);
        for (int k = 0; k < keys; k++) {
            final byte[] key = r.arg(k + 1);
            final int owner = KvEngine.shardOf(key, shards);
            if (owner == shard) {
                engine.execute(Request.of(name, key), nowMs, scratch.clear());
                fill(client, s, k, scratch.toByteArray());
            } else {
                remote(ctx, client, s, k, owner, name, key);
            }
        }
        drain(client);
    }

    /** MSET: one SET per pair, by the shard of its key. */
    private void perPair(final Context<KvProtocol> ctx, final Client client, final Request r, final long nowMs) {
        final int pairs = (r.argc() - 1) / 2;
        final Slot s = slot(client, Join.OK, pairs);
        for (int k = 0; k < pairs; k++) {
            final byte[] key = r.arg(1 + 2 * k);
            final byte[] value = r.arg(2 + 2 * k);
            final int owner = KvEngine.shardOf(key, shards);
            if (owner == shard) {
                engine.execute(Request.of(SET, key, value), nowMs, scratch.clear());
                fill(client, s, k, scratch.toByteArray());
            } else {
                remote(ctx, client, s, k, owner, SET, key, value);
            }
        }
        drain(client);
    }

    /** KEYS, DBSIZE, FLUSHDB, INFO: every shard takes part. */
    private void everyShard(final Context<KvProtocol> ctx, final Client client, final Request r, final KvCommand cmd,
            final long nowMs) {
        final Join join = switch (cmd) {
            case KEYS -> Join.CONCAT;
            case DBSIZE -> Join.SUM;
            case FLUSHDB -> Join.OK;
            default -> Join.INFO;
        };
        final Slot s = slot(client, join, shards);
        final Request part = join == Join.INFO ? Request.of(STATS) : r;
        if (join == Join.INFO) {
            s.request = copy(r);
        }
        final byte[][] args = args(part);
        for (int i = 0; i < shards; i++) {
            if (i == shard) {
                execute(part, nowMs, scratch.clear());
                fill(client, s, i, scratch.toByteArray());
            } else {
                remote(ctx, client, s, i, i, args);
            }
        }
        drain(client);
    }

    /** Executes a command for this shard: the engine's, or LEPUS.STATS (this shard's keys and expires). */
    private void execute(final Request r, final long nowMs, final RespWriter w) {
        if (r.argc() == 1 && Arrays.equals(r.arg(0), STATS)) {
            w.arrayHeader(2).integer(engine.size()).integer(engine.expires());
        } else {
            engine.execute(r, nowMs, w);
        }
    }

    private Slot slot(final Client client, final Join join, final int parts) {
        if (client.queue.isEmpty() && out.length() > 0) {
            // Replies already in the output precede this one; they are written with it when it completes.
            final Slot before = new Slot(client.tickets++, Join.ONE, 1);
            before.parts[0] = out.toByteArray();
            before.missing = 0;
            out.clear();
            client.queue.add(before);
        }
        final Slot s = new Slot(client.tickets++, join, parts);
        client.queue.add(s);
        return s;
    }

    private void remote(final Context<KvProtocol> ctx, final Client client, final Slot s, final int part,
            final int owner, final byte[]... args) {
        scratch.clear().arrayHeader(args.length);
        for (final byte[] a : args) {
            scratch.bulk(a);
        }
        final SendResult sent = ctx.send(peers.get(owner), new KvProtocol.Exec(shard, client.connection.id(),
            s.ticket, part, Bytes.of(scratch.buffer(), 0, scratch.length())));
        if (sent != SendResult.OK) {
            fill(client, s, part, scratch.clear().error("ERR shard " + owner + " refused the request: " + sent
                + " (busy; try again)").toByteArray());
        }
    }

    private void fill(final Client client, final Slot s, final int part, final byte[] reply) {
        if (s.parts[part] == null) {
            s.parts[part] = reply;
            s.missing--;
        }
    }

    /** Moves the complete replies at the head of a connection's queue into the output. */
    private void drain(final Client client) {
        final ArrayDeque<Slot> q = client.queue;
        Slot s;
        while ((s = q.peekFirst()) != null && s.missing == 0) {
            q.pollFirst();
            join(s);
        }
    }

    private void join(final Slot s) {
        switch (s.join) {
            case ONE -> out.raw(s.parts[0], 0, s.parts[0].length);
            case ARRAY -> {
                out.arrayHeader(s.parts.length);
                for (final byte[] p : s.parts) {
                    out.raw(p, 0, p.length);
                }
            }
            case SUM -> {
                long sum = 0;
                for (final byte[] p : s.parts) {
                    if (p[0] != ':') {
                        out.raw(p, 0, p.length); // an error from a shard
                        return;
                    }
                    sum += Long.parseLong(new String(p, 1, p.length - 3, java.nio.charset.StandardCharsets.US_ASCII));
                }
                out.integer(sum);
            }
            case OK -> {
                for (final byte[] p : s.parts) {
                    if (p[0] == '-') {
                        out.raw(p, 0, p.length);
                        return;
                    }
                }
                out.raw(OK, 0, OK.length);
            }
            case CONCAT -> {
                long n = 0;
                for (final byte[] p : s.parts) {
                    if (p[0] != '*') {
                        out.raw(p, 0, p.length);
                        return;
                    }
                    n += Long.parseLong(new String(p, 1, headerEnd(p) - 1, java.nio.charset.StandardCharsets.US_ASCII));
                }
                out.arrayHeader((int) n);
                for (final byte[] p : s.parts) {
                    final int body = headerEnd(p) + 2;
                    out.raw(p, body, p.length - body);
                }
            }
            case INFO -> {
                long keys = 0;
                long expires = 0;
                for (final byte[] p : s.parts) {
                    final String[] lines = new String(p, java.nio.charset.StandardCharsets.US_ASCII).split("\r\n");
                    keys += Long.parseLong(lines[1].substring(1));
                    expires += Long.parseLong(lines[2].substring(1));
                }
                KvEngine.info(s.request, keys, expires, out);
            }
            default -> throw new IllegalStateException("unknown join " + s.join);
        }
    }

    /** The index of the CR that ends a reply's first line. */
    private static int headerEnd(final byte[] p) {
        for (int i = 0; i < p.length; i++) {
            if (p[i] == '\r') {
                return i;
            }
        }
        return p.length;
    }

    /** Writes the output to the connection; closes it after QUIT or an error once the queue is written. */
    private void flush(final Client client) {
        final Connection c = client.connection;
        if (out.length() > 0) {
            if (c.write(out.buffer(), 0, out.length()) == WriteResult.FULL) {
                client.unsent = out.toByteArray();
                c.pauseReading(); // the client does not read its replies: stop reading its requests
            }
            out.clear();
        }
        if (client.closeAfter && client.queue.isEmpty() && client.unsent == null) {
            c.close();
        }
    }

    @Override
    public void onWritable(final Context<KvProtocol> ctx, final Connection c) {
        final Client client = (Client) c.attachment();
        final byte[] unsent = client.unsent;
        if (unsent != null && c.write(unsent, 0, unsent.length) == WriteResult.OK) {
            client.unsent = null;
            if (client.closeAfter && client.queue.isEmpty()) {
                c.close();
            } else {
                c.resumeReading();
            }
        }
    }

    @Override
    public void onMessage(final Context<KvProtocol> ctx, final KvProtocol m) {
        switch (m) {
            case KvProtocol.Exec e -> {
                execute(decode(e.command()), ctx.nowNs() / 1_000_000, scratch.clear());
                ctx.send(peers.get(e.from()), new KvProtocol.Result(e.connection(), e.ticket(), e.part(),
                    Bytes.of(scratch.buffer(), 0, scratch.length())));
            }
            case KvProtocol.Result res -> {
                final Client client = clients.get(res.connection());
                if (client == null) {
                    return; // the connection closed meanwhile
                }
                for (final Slot s : client.queue) {
                    if (s.ticket == res.ticket()) {
                        fill(client, s, res.part(), res.reply().toByteArray());
                        break;
                    }
                }
                if (client.unsent == null) {
                    drain(client);
                    flush(client);
                    if (client.queue.isEmpty() && !client.closeAfter && client.connection.isOpen()) {
                        client.connection.resumeReading(); // requests left unread behind a full pipeline, if any
                    }
                }
            }
            case KvProtocol.Tick t -> engine.expireSome(ctx.nowNs() / 1_000_000, SWEEP_KEYS);
        }
    }

    private static byte[][] args(final Request r) {
        final byte[][] a = new byte[r.argc()][];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.arg(i);
        }
        return a;
    }

    /** A command another shard encoded ({@link #remote}): {@code *N\r\n} then N times {@code $len\r\nbytes\r\n}. */
    private static Request decode(final Bytes command) {
        final byte[] b = command.toByteArray();
        int i = 1;
        int n = 0;
        while (b[i] != '\r') {
            n = n * 10 + (b[i++] - '0');
        }
        i += 2;
        final Request r = new Request();
        for (int k = 0; k < n; k++) {
            int len = 0;
            i++; // '$'
            while (b[i] != '\r') {
                len = len * 10 + (b[i++] - '0');
            }
            i += 2;
            r.add(Arrays.copyOfRange(b, i, i + len));
            i += len + 2;
        }
        return r;
    }

    private static Request copy(final Request r) {
        final Request c = new Request();
        for (int i = 0; i < r.argc(); i++) {
            c.add(r.arg(i));
        }
        return c;
    }

    @Override
    public void onStop(final Context<KvProtocol> ctx) {
        ctx.log("shard " + shard + ": served " + served + " commands, " + protocolErrors + " protocol errors, "
            + engine.size() + " keys");
    }
}
