package dev.lepus.examples.kv;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One shard's key space, and the commands over it with Redis 7's semantics, replies and error texts. Every value is
 * a string (a byte array), the only type the store has, so {@link #WRONGTYPE} is never the reply to these commands.
 *
 * <p>{@link #execute} runs any {@link KvCommand} against this shard and writes its reply; with one shard that is
 * the whole server. With several, a router sends each request by {@link KvCommand#scope()}: single-key commands to
 * the shard {@link #shardOf} names, the others split or broadcast, using the per-key methods ({@link #get},
 * {@link #set}, {@link #del}, {@link #exists}, {@link #keys}, {@link #size}, {@link #expires}, {@link #flush}) and
 * {@link #info(Request, long, long, RespWriter)} to assemble one reply from many shards.
 *
 * <p>Time is always a parameter, {@code nowMs}: milliseconds from the component's clock (at or above 0, never
 * decreasing). The engine reads no clock, draws no random number, and keys its map by content hash
 * ({@link Arrays#hashCode(byte[])}, which is specified), so the same requests at the same times give the same replies,
 * in the same order where Redis leaves the order unspecified (as {@code KEYS} does), on every run of one JDK.
 *
 * <p>Expiry, as in Redis: a key with a time to live lives until the clock passes its expiry time. It is removed when
 * an access finds it expired, and by {@link #expireSome}, the active sweep a timer calls with a bound on its work.
 * Until then it still counts in {@code DBSIZE} and {@code INFO}, as in Redis; every other command treats it as gone.
 *
 * <p>Limits: at most {@code maxKeys} keys ({@link #DEFAULT_MAX_KEYS} by default). When the shard holds that many,
 * the commands that can add keys ({@code SET}, {@code MSET}, {@code INCR}, {@code DECR}, {@code INCRBY},
 * {@code DECRBY}) are refused with Redis's {@link #OUT_OF_MEMORY} error before they run; one command that is let in
 * may still add all its keys, so the bound is passed by at most one command's worth. Keys and values are bounded in
 * length by the parser's bulk limit. {@code KEYS} is, as in Redis, linear in the key space and unbounded in reply.
 *
 * <p>Ownership: the engine keeps the arrays it is given as keys and values (a {@link Request}'s arguments are fresh
 * for each request) and hands out its own arrays ({@link #get}, {@link #keys}); nobody writes to either.
 *
 * <p>Thread contract: not threadsafe; owned by the shard's component, used on its kernel only.
 */
public final class KvEngine {

    /** The number of hash slots keys map to, as in Redis Cluster. */
    public static final int SLOTS = 16384;

    /** The default limit of keys in one shard: 1,048,576. */
    public static final int DEFAULT_MAX_KEYS = 1 << 20;

    /** The reply to a command on a key of another type; the store has only strings, so it is never sent. */
    public static final String WRONGTYPE = "WRONGTYPE Operation against a key holding the wrong kind of value";

    /** The reply when an argument or a stored value is not a 64-bit decimal integer. */
    public static final String NOT_AN_INTEGER = "ERR value is not an integer or out of range";

    /** The reply when {@code INCR} and its kin would pass the 64-bit range. */
    public static final String OVERFLOW = "ERR increment or decrement would overflow";

    /** The reply to {@code DECRBY} by the one decrement that cannot be negated. */
    public static final String DECREMENT_OVERFLOW = "ERR decrement would overflow";

    /** The reply to options that do not parse or do not go together. */
    public static final String SYNTAX_ERROR = "ERR syntax error";

    /** The reply to {@code SELECT} of any database but 0. */
    public static final String DB_INDEX_OUT_OF_RANGE = "ERR DB index is out of range";

    /** The reply to {@code SELECT} of an index outside the 32-bit range. */
    public static final String INT_OUT_OF_RANGE =
        "ERR value is out of range, value must between -2147483648 and 2147483647";

    /** The reply to a command that could add keys when the shard holds its limit of keys. */
    public static final String OUT_OF_MEMORY = "OOM command not allowed when used memory > 'maxmemory'.";

    static final String EXPIRE_NX_INCOMPATIBLE =
        "ERR NX and XX, GT or LT options at the same time are not compatible";
    static final String EXPIRE_GT_LT_INCOMPATIBLE = "ERR GT and LT options at the same time are not compatible";
    static final String CONFIG_GET_ARITY = KvCommand.arityError("config|get");

    private static final String INVALID_EXPIRE_SET = invalidExpireTime(KvCommand.SET);
    private static final String INVALID_EXPIRE_EXPIRE = invalidExpireTime(KvCommand.EXPIRE);
    private static final String INVALID_EXPIRE_PEXPIRE = invalidExpireTime(KvCommand.PEXPIRE);

    /** Redis quotes at most this many bytes of a client's argument in an error. */
    private static final int QUOTE_LIMIT = 128;

    // SET's options.
    private static final int SET_NX = 1;
    private static final int SET_XX = 1 << 1;
    private static final int SET_GET = 1 << 2;
    private static final int SET_KEEPTTL = 1 << 3;
    private static final int SET_EX = 1 << 4;
    private static final int SET_PX = 1 << 5;
    private static final int SET_EXAT = 1 << 6;
    private static final int SET_PXAT = 1 << 7;
    private static final int SET_EXPIRY = SET_EX | SET_PX | SET_EXAT | SET_PXAT;

    // EXPIRE's options.
    private static final int EXPIRE_NX = 1;
    private static final int EXPIRE_XX = 1 << 1;
    private static final int EXPIRE_GT = 1 << 2;
    private static final int EXPIRE_LT = 1 << 3;

    private static final int INITIAL_VOLATILE_CAPACITY = 16;

    /**
     * A key in the map: its bytes and their content hash. Keys in the map are never changed; the engine's one
     * {@link #probe} is re-pointed at each looked-up key's bytes, so that a lookup allocates nothing. Comparable, so
     * that a bin of colliding hashes becomes a tree and lookups stay logarithmic under crafted collisions.
     */
    private static final class Key implements Comparable<Key> {
        private byte[] bytes;
        private int hash;

        Key() {
        }

        Key(final byte[] bytes) {
            point(bytes);
        }

        Key point(final byte[] b) {
            bytes = b;
            hash = Arrays.hashCode(b);
            return this;
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(final Object o) {
            return o instanceof Key k && Arrays.equals(bytes, k.bytes);
        }

        @Override
        public int compareTo(final Key o) {
            return Arrays.compareUnsigned(bytes, o.bytes);
        }
    }

    /** A key's value and expiry. */
    private static final class Entry {
        private final Key key;
        private byte[] value;
        /** When the key expires, if {@link #volatileIndex} is 0 or more; otherwise meaningless. */
        private long expireAtMs;
        /** Where the entry is in {@link #volatiles}, or -1 if it has no time to live. */
        private int volatileIndex = -1;

        Entry(final Key key, final byte[] value) {
            this.key = key;
            this.value = value;
        }
    }

    private final int maxKeys;
    private final HashMap<Key, Entry> entries = new HashMap<>();
    private final Key probe = new Key();
    private final AsciiLong number = new AsciiLong();

    /** The entries with a time to live, in no order, for the sweep: {@code [0, volatileCount)}. */
    private Entry[] volatiles = new Entry[INITIAL_VOLATILE_CAPACITY];
    private int volatileCount;
    /** Where in {@link #volatiles} the next sweep starts. */
    private int sweepCursor;

    /** An empty shard with the default key limit. */
    public KvEngine() {
        this(DEFAULT_MAX_KEYS);
    }

    /**
     * An empty shard.
     *
     * @param maxKeys the most keys it holds before refusing commands that add keys, 1 or more
     * @throws IllegalArgumentException if {@code maxKeys} is below 1
     */
    public KvEngine(final int maxKeys) {
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be 1 or more, was " + maxKeys);
        }
        this.maxKeys = maxKeys;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Sharding

    /**
     * The hash slot of a key, as Redis Cluster computes it: CRC-16/XMODEM of the key modulo {@link #SLOTS}, or of its
     * hash tag alone when it has one (the bytes between its first <code>&#123;</code> and the first
     * <code>&#125;</code> after it, if there are any), so that {@code {user1}.name} and {@code {user1}.mail} share
     * a slot. Stable across runs, JVMs and machines.
     *
     * @param key the key
     * @return the slot, 0 to {@link #SLOTS} - 1
     */
    public static int slotOf(final byte[] key) {
        int open = 0;
        while (open < key.length && key[open] != '{') {
            open++;
        }
        if (open < key.length) {
            int close = open + 1;
            while (close < key.length && key[close] != '}') {
                close++;
            }
            if (close < key.length && close > open + 1) {
                return Crc16.of(key, open + 1, close - open - 1) & (SLOTS - 1);
            }
        }
        return Crc16.of(key, 0, key.length) & (SLOTS - 1);
    }

    /**
     * The shard that owns a key: its {@link #slotOf slot} modulo the number of shards.
     *
     * @param key the key
     * @param shards how many shards, 1 to {@link #SLOTS} (more would leave some without slots)
     * @return the shard, 0 to {@code shards} - 1
     * @throws IllegalArgumentException if {@code shards} is out of range
     */
    public static int shardOf(final byte[] key, final int shards) {
        if (shards < 1 || shards > SLOTS) {
            throw new IllegalArgumentException("shards must be 1 to " + SLOTS + ", was " + shards);
        }
        return slotOf(key) % shards;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Commands

    /**
     * Executes a request against this shard and writes its reply: one reply per request, an error included. After
     * {@link KvCommand#QUIT}'s {@code +OK} the caller closes the connection ({@link KvCommand#closesConnection()}).
     *
     * @param request the request, its command name first; its argument arrays may be kept
     * @param nowMs the current time in milliseconds
     * @param out where the reply goes
     * @throws IllegalArgumentException if the request is empty
     */
    public void execute(final Request request, final long nowMs, final RespWriter out) {
        if (request.argc() == 0) {
            throw new IllegalArgumentException("a request needs at least its command name");
        }
        final KvCommand command = KvCommand.of(request.arg(0));
        if (!command.acceptsArgc(request.argc())) {
            out.error(command.arityError());
            return;
        }
        if (mayAddKeys(command) && full()) {
            out.error(OUT_OF_MEMORY);
            return;
        }
        switch (command) {
            case PING -> ping(request, out);
            case ECHO -> out.bulk(request.arg(1));
            case GET -> get(request.arg(1), nowMs, out);
            case SET -> set(request, nowMs, out);
            case DEL -> out.integer(count(request, nowMs, true));
            case EXISTS -> out.integer(count(request, nowMs, false));
            case INCR -> incrementBy(request.arg(1), 1, nowMs, out);
            case DECR -> incrementBy(request.arg(1), -1, nowMs, out);
            case INCRBY -> incrementBy(request, false, nowMs, out);
            case DECRBY -> incrementBy(request, true, nowMs, out);
            case MGET -> mget(request, nowMs, out);
            case MSET -> mset(request, out);
            case EXPIRE -> expire(request, 1000, INVALID_EXPIRE_EXPIRE, nowMs, out);
            case PEXPIRE -> expire(request, 1, INVALID_EXPIRE_PEXPIRE, nowMs, out);
            case TTL -> ttl(request.arg(1), false, nowMs, out);
            case PTTL -> ttl(request.arg(1), true, nowMs, out);
            case KEYS -> keys(request.arg(1), nowMs, out);
            case DBSIZE -> out.integer(size());
            case FLUSHDB -> flushdb(request, out);
            case INFO -> info(request, size(), expires(), out);
            case QUIT -> out.simple("OK");
            case SELECT -> select(request.arg(1), out);
            case COMMAND -> command(request, out);
            case CONFIG -> config(request, out);
            case UNKNOWN -> out.error(unknownCommand(request));
        }
    }

    private static boolean mayAddKeys(final KvCommand command) {
        return switch (command) {
            case SET, MSET, INCR, DECR, INCRBY, DECRBY -> true;
            default -> false;
        };
    }

    private static void ping(final Request request, final RespWriter out) {
        if (request.argc() > 2) {
            out.error(KvCommand.PING.arityError());
        } else if (request.argc() == 2) {
            out.bulk(request.arg(1));
        } else {
            out.simple("PONG");
        }
    }

    private void get(final byte[] key, final long nowMs, final RespWriter out) {
        final Entry e = live(key, nowMs);
        if (e == null) {
            out.nullBulk();
        } else {
            out.bulk(e.value);
        }
    }

    /**
     * {@code SET key value [NX | XX] [GET] [EX s | PX ms | EXAT s | PXAT ms | KEEPTTL]}, its options checked as
     * Redis checks them: each may repeat, but NX excludes XX, and the expiry options exclude each other and KEEPTTL.
     */
    private void set(final Request request, final long nowMs, final RespWriter out) {
        int flags = 0;
        byte[] expiry = null;
        for (int j = 3; j < request.argc(); j++) {
            final byte[] option = request.arg(j);
            final boolean valueFollows = j + 1 < request.argc();
            if (is(option, "NX") && (flags & SET_XX) == 0) {
                flags |= SET_NX;
            } else if (is(option, "XX") && (flags & SET_NX) == 0) {
                flags |= SET_XX;
            } else if (is(option, "GET")) {
                flags |= SET_GET;
            } else if (is(option, "KEEPTTL") && (flags & SET_EXPIRY) == 0) {
                flags |= SET_KEEPTTL;
            } else if (valueFollows && expiryAllowed(flags, SET_EX) && is(option, "EX")) {
                flags |= SET_EX;
                expiry = request.arg(++j);
            } else if (valueFollows && expiryAllowed(flags, SET_PX) && is(option, "PX")) {
                flags |= SET_PX;
                expiry = request.arg(++j);
            } else if (valueFollows && expiryAllowed(flags, SET_EXAT) && is(option, "EXAT")) {
                flags |= SET_EXAT;
                expiry = request.arg(++j);
            } else if (valueFollows && expiryAllowed(flags, SET_PXAT) && is(option, "PXAT")) {
                flags |= SET_PXAT;
                expiry = request.arg(++j);
            } else {
                out.error(SYNTAX_ERROR);
                return;
            }
        }
        long expireAtMs = 0;
        if (expiry != null) {
            if (!number.parse(expiry)) {
                out.error(NOT_AN_INTEGER);
                return;
            }
            final boolean seconds = (flags & (SET_EX | SET_EXAT)) != 0;
            long when = number.value();
            if (when <= 0 || (seconds && when > Long.MAX_VALUE / 1000)) {
                out.error(INVALID_EXPIRE_SET);
                return;
            }
            if (seconds) {
                when *= 1000;
            }
            if ((flags & (SET_EX | SET_PX)) != 0) {
                // A sum past the 64-bit range wraps negative, and is refused below as in Redis.
                when += nowMs;
            }
            if (when <= 0) {
                out.error(INVALID_EXPIRE_SET);
                return;
            }
            expireAtMs = when;
        }
        final byte[] key = request.arg(1);
        final Entry old = live(key, nowMs);
        final boolean replyOld = (flags & SET_GET) != 0;
        if (replyOld) {
            if (old == null) {
                out.nullBulk();
            } else {
                out.bulk(old.value);
            }
        }
        if (((flags & SET_NX) != 0 && old != null) || ((flags & SET_XX) != 0 && old == null)) {
            if (!replyOld) {
                out.nullBulk();
            }
            return;
        }
        final Entry e = store(key, request.arg(2), old);
        if (expiry != null) {
            expireAt(e, expireAtMs);
        } else if ((flags & SET_KEEPTTL) == 0) {
            persist(e);
        }
        if (!replyOld) {
            out.simple("OK");
        }
    }

    /** Whether an expiry option may join those already given: no other expiry kind, and no KEEPTTL. */
    private static boolean expiryAllowed(final int flags, final int kind) {
        return (flags & SET_KEEPTTL) == 0 && (flags & SET_EXPIRY & ~kind) == 0;
    }

    /** DEL (removing) or EXISTS (counting, a repeated key as often as it is named) of every key in the request. */
    private long count(final Request request, final long nowMs, final boolean remove) {
        long n = 0;
        for (int i = 1; i < request.argc(); i++) {
            if (remove ? del(request.arg(i), nowMs) : exists(request.arg(i), nowMs)) {
                n++;
            }
        }
        return n;
    }

    /** INCRBY or DECRBY: the amount is checked before the stored value, as in Redis. */
    private void incrementBy(final Request request, final boolean negate, final long nowMs, final RespWriter out) {
        if (!number.parse(request.arg(2))) {
            out.error(NOT_AN_INTEGER);
            return;
        }
        final long amount = number.value();
        if (negate && amount == Long.MIN_VALUE) {
            out.error(DECREMENT_OVERFLOW);
            return;
        }
        incrementBy(request.arg(1), negate ? -amount : amount, nowMs, out);
    }

    /** Adds to a key's integer (0 if absent), keeping its time to live. */
    private void incrementBy(final byte[] key, final long delta, final long nowMs, final RespWriter out) {
        final Entry e = live(key, nowMs);
        long old = 0;
        if (e != null) {
            if (!number.parse(e.value)) {
                out.error(NOT_AN_INTEGER);
                return;
            }
            old = number.value();
        }
        if ((delta < 0 && old < 0 && delta < Long.MIN_VALUE - old)
            || (delta > 0 && old > 0 && delta > Long.MAX_VALUE - old)) {
            out.error(OVERFLOW);
            return;
        }
        final long sum = old + delta;
        store(key, AsciiLong.bytes(sum), e);
        out.integer(sum);
    }

    private void mget(final Request request, final long nowMs, final RespWriter out) {
        out.arrayHeader(request.argc() - 1);
        for (int i = 1; i < request.argc(); i++) {
            get(request.arg(i), nowMs, out);
        }
    }

    private void mset(final Request request, final RespWriter out) {
        if (request.argc() % 2 == 0) {
            out.error(KvCommand.MSET.arityError());
            return;
        }
        for (int i = 1; i < request.argc(); i += 2) {
            set(request.arg(i), request.arg(i + 1));
        }
        out.simple("OK");
    }

    /**
     * EXPIRE or PEXPIRE. Options first, then the time (an overflow on the way to an absolute time is refused), then
     * the key: a time at or before now deletes it.
     */
    private void expire(final Request request, final long unitMs, final String invalid, final long nowMs,
        final RespWriter out) {
        int flags = 0;
        for (int j = 3; j < request.argc(); j++) {
            final byte[] option = request.arg(j);
            if (is(option, "NX")) {
                flags |= EXPIRE_NX;
            } else if (is(option, "XX")) {
                flags |= EXPIRE_XX;
            } else if (is(option, "GT")) {
                flags |= EXPIRE_GT;
            } else if (is(option, "LT")) {
                flags |= EXPIRE_LT;
            } else {
                out.error(message("ERR Unsupported option ", option, Integer.MAX_VALUE, ""));
                return;
            }
        }
        if ((flags & EXPIRE_NX) != 0 && (flags & (EXPIRE_XX | EXPIRE_GT | EXPIRE_LT)) != 0) {
            out.error(EXPIRE_NX_INCOMPATIBLE);
            return;
        }
        if ((flags & EXPIRE_GT) != 0 && (flags & EXPIRE_LT) != 0) {
            out.error(EXPIRE_GT_LT_INCOMPATIBLE);
            return;
        }
        if (!number.parse(request.arg(2))) {
            out.error(NOT_AN_INTEGER);
            return;
        }
        long when = number.value();
        if (unitMs != 1 && (when > Long.MAX_VALUE / unitMs || when < Long.MIN_VALUE / unitMs)) {
            out.error(invalid);
            return;
        }
        when *= unitMs;
        if (when > Long.MAX_VALUE - nowMs) {
            out.error(invalid);
            return;
        }
        when += nowMs;
        final Entry e = live(request.arg(1), nowMs);
        if (e == null || !expiryWanted(e, when, flags)) {
            out.integer(0);
            return;
        }
        if (when <= nowMs) {
            remove(e);
        } else {
            expireAt(e, when);
        }
        out.integer(1);
    }

    /** EXPIRE's conditions; a key without a time to live counts as living for ever. */
    private static boolean expiryWanted(final Entry e, final long whenMs, final int flags) {
        final boolean hasExpiry = e.volatileIndex >= 0;
        if ((flags & EXPIRE_NX) != 0 && hasExpiry) {
            return false;
        }
        if ((flags & EXPIRE_XX) != 0 && !hasExpiry) {
            return false;
        }
        if ((flags & EXPIRE_GT) != 0 && (!hasExpiry || whenMs <= e.expireAtMs)) {
            return false;
        }
        return (flags & EXPIRE_LT) == 0 || !hasExpiry || whenMs < e.expireAtMs;
    }

    /** TTL (seconds, rounded to the nearest) or PTTL: -2 for no key, -1 for no time to live. */
    private void ttl(final byte[] key, final boolean millis, final long nowMs, final RespWriter out) {
        final Entry e = live(key, nowMs);
        if (e == null) {
            out.integer(-2);
        } else if (e.volatileIndex < 0) {
            out.integer(-1);
        } else {
            final long ttlMs = e.expireAtMs - nowMs;
            out.integer(millis ? ttlMs : ttlMs / 1000 + (ttlMs % 1000 >= 500 ? 1 : 0));
        }
    }

    private void keys(final byte[] pattern, final long nowMs, final RespWriter out) {
        final List<byte[]> found = new ArrayList<>();
        keys(Glob.compile(pattern), nowMs, found::add);
        out.arrayHeader(found.size());
        for (final byte[] key : found) {
            out.bulk(key);
        }
    }

    private void flushdb(final Request request, final RespWriter out) {
        if (request.argc() > 2 || (request.argc() == 2 && !is(request.arg(1), "ASYNC")
            && !is(request.arg(1), "SYNC"))) {
            out.error(SYNTAX_ERROR);
            return;
        }
        flush();
        out.simple("OK");
    }

    private void select(final byte[] index, final RespWriter out) {
        if (!number.parse(index)) {
            out.error(NOT_AN_INTEGER);
        } else if (number.value() < Integer.MIN_VALUE || number.value() > Integer.MAX_VALUE) {
            out.error(INT_OUT_OF_RANGE);
        } else if (number.value() != 0) {
            out.error(DB_INDEX_OUT_OF_RANGE);
        } else {
            out.simple("OK");
        }
    }

    /** COMMAND describes no commands: an empty array for any subcommand, and 0 for {@code COMMAND COUNT}. */
    private static void command(final Request request, final RespWriter out) {
        if (request.argc() > 1 && is(request.arg(1), "COUNT")) {
            out.integer(0);
        } else {
            out.arrayHeader(0);
        }
    }

    /**
     * CONFIG GET knows two parameters, {@code save} (empty: nothing is saved) and {@code appendonly} ({@code no}), which
     * redis-benchmark reads; for any other the reply is an empty array. CONFIG has no other subcommand.
     */
    private static void config(final Request request, final RespWriter out) {
        if (!is(request.arg(1), "GET")) {
            out.error(message("ERR unknown subcommand '", request.arg(1), QUOTE_LIMIT, "'. Try CONFIG HELP."));
        } else if (request.argc() < 3) {
            out.error(CONFIG_GET_ARITY);
        } else {
            int found = 0;
            for (int i = 2; i < request.argc(); i++) {
                found += is(request.arg(i), "SAVE") || is(request.arg(i), "APPENDONLY") ? 1 : 0;
            }
            out.arrayHeader(2 * found);
            for (int i = 2; i < request.argc(); i++) {
                if (is(request.arg(i), "SAVE")) {
                    out.bulk(SAVE).bulk(EMPTY);
                } else if (is(request.arg(i), "APPENDONLY")) {
                    out.bulk(APPENDONLY).bulk(NO);
                }
            }
        }
    }

    private static final byte[] SAVE = "save".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] APPENDONLY = "appendonly".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NO = "no".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY = new byte[0];

    /**
     * Redis's unknown-command error: the name as typed, and the arguments each quoted and followed by a space, until
     * the quoted arguments pass 128 bytes, as in {@code ERR unknown command 'foo', with args beginning with: 'a' }.
     */
    private static byte[] unknownCommand(final Request request) {
        final ByteArrayOutputStream text = new ByteArrayOutputStream(64);
        text.writeBytes(ascii("ERR unknown command '"));
        quote(text, request.arg(0), QUOTE_LIMIT);
        text.writeBytes(ascii("', with args beginning with: "));
        final int start = text.size();
        for (int i = 1; i < request.argc() && text.size() - start < QUOTE_LIMIT; i++) {
            text.write('\'');
            quote(text, request.arg(i), QUOTE_LIMIT - (text.size() - 1 - start));
            text.writeBytes(ascii("' "));
        }
        return text.toByteArray();
    }

    /** An error text quoting a client's argument between a prefix and a suffix. */
    private static byte[] message(final String prefix, final byte[] arg, final int limit, final String suffix) {
        final ByteArrayOutputStream text = new ByteArrayOutputStream(prefix.length() + arg.length + suffix.length());
        text.writeBytes(ascii(prefix));
        quote(text, arg, limit);
        text.writeBytes(ascii(suffix));
        return text.toByteArray();
    }

    /**
     * Appends at most {@code limit} bytes of an argument, and none from a NUL byte on, as C's {@code %.*s} does in
     * Redis's messages.
     */
    private static void quote(final ByteArrayOutputStream text, final byte[] arg, final int limit) {
        int n = 0;
        while (n < arg.length && n < limit && arg[n] != 0) {
            n++;
        }
        text.write(arg, 0, n);
    }

    private static byte[] ascii(final String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static String invalidExpireTime(final KvCommand command) {
        return "ERR invalid expire time in '" + command.commandName() + "' command";
    }

    /** Whether an argument is the given upper-case ASCII word, in any case. */
    private static boolean is(final byte[] arg, final String upper) {
        if (arg.length != upper.length()) {
            return false;
        }
        for (int i = 0; i < arg.length; i++) {
            final int c = arg[i];
            if ((c >= 'a' && c <= 'z' ? c - ('a' - 'A') : c) != upper.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The key space, per key, for a router and for the commands above

    /**
     * A key's value.
     *
     * @param key the key
     * @param nowMs the current time in milliseconds
     * @return the value, the engine's own array (not to be written to; copy it to send it), or empty if the key does
     *     not exist or has expired
     */
    public Optional<byte[]> get(final byte[] key, final long nowMs) {
        final Entry e = live(key, nowMs);
        return e == null ? Optional.empty() : Optional.of(e.value);
    }

    /**
     * Sets a key's value and removes its time to live, as {@code MSET} does. Unlike the commands, it does not check
     * the key limit ({@link #full()} tells a router whether it should).
     *
     * @param key the key, which the engine keeps if the key is new
     * @param value the value, which the engine keeps
     */
    public void set(final byte[] key, final byte[] value) {
        persist(store(key, value, entries.get(probe.point(key))));
    }

    /**
     * Deletes a key, as {@code DEL} does for each of its keys.
     *
     * @param key the key
     * @param nowMs the current time in milliseconds
     * @return true if it existed (and had not expired)
     */
    public boolean del(final byte[] key, final long nowMs) {
        final Entry e = live(key, nowMs);
        if (e == null) {
            return false;
        }
        remove(e);
        return true;
    }

    /**
     * Whether a key exists, as {@code EXISTS} asks for each of its keys.
     *
     * @param key the key
     * @param nowMs the current time in milliseconds
     * @return true if it exists and has not expired
     */
    public boolean exists(final byte[] key, final long nowMs) {
        return live(key, nowMs) != null;
    }

    /**
     * Passes each key that matches a pattern and has not expired to a sink, in the map's order, as {@code KEYS}
     * lists them. Pattern {@code *} alone matches every key, the empty key included.
     *
     * @param pattern the pattern
     * @param nowMs the current time in milliseconds
     * @param sink takes each key, the engine's own array (not to be written to); it must not call back into the
     *     engine
     */
    public void keys(final Glob pattern, final long nowMs, final Consumer<byte[]> sink) {
        for (final Entry e : entries.values()) {
            if (!expired(e, nowMs) && (pattern.matchesAll() || pattern.matches(e.key.bytes))) {
                sink.accept(e.key.bytes);
            }
        }
    }

    /**
     * How many keys the shard holds, as {@code DBSIZE} counts them: keys that expired but that neither an access nor
     * the sweep has removed yet are counted, as in Redis.
     *
     * @return the count
     */
    public int size() {
        return entries.size();
    }

    /**
     * How many keys have a time to live, as {@code INFO} counts them (expired keys not yet removed included).
     *
     * @return the count
     */
    public int expires() {
        return volatileCount;
    }

    /**
     * Whether the shard holds its limit of keys, so that commands that could add keys are refused.
     *
     * @return true if full
     */
    public boolean full() {
        return entries.size() >= maxKeys;
    }

    /** Removes every key, as {@code FLUSHDB} does. */
    public void flush() {
        entries.clear();
        Arrays.fill(volatiles, 0, volatileCount, null);
        volatileCount = 0;
        sweepCursor = 0;
    }

    /**
     * The active expiry sweep: examines at most {@code maxKeys} keys with a time to live (fewer if fewer have one),
     * going round them from where the last sweep stopped, and removes those that have expired. A timer calls it,
     * and may call again at once while it keeps removing many.
     *
     * @param nowMs the current time in milliseconds
     * @param maxKeys the most keys to examine, the bound on the work
     * @return how many keys were removed
     */
    public int expireSome(final long nowMs, final int maxKeys) {
        final int examine = Math.min(maxKeys, volatileCount);
        int removed = 0;
        for (int i = 0; i < examine; i++) {
            if (sweepCursor >= volatileCount) {
                sweepCursor = 0;
            }
            final Entry e = volatiles[sweepCursor];
            if (expired(e, nowMs)) {
                // The last entry moves into this place, so the cursor stays to examine it next.
                remove(e);
                removed++;
            } else {
                sweepCursor++;
            }
        }
        return removed;
    }

    /**
     * Writes the reply to {@code INFO [section ...]} for a key space of the given size, so that a router can answer
     * for all shards with their sums. Sections {@code server} and {@code keyspace} exist ({@code default},
     * {@code all} and {@code everything} name both, as does no section); each section starts with its
     * {@code # Name} line, and sections are separated by an empty line, as in Redis:
     * <pre>
     * # Server
     * redis_version:7.0.0
     * lepus_kv:1
     *
     * # Keyspace
     * db0:keys=2,expires=1,avg_ttl=0
     * </pre>
     * with {@code \r\n} line ends. The {@code db0} line is left out while the key space is empty, as in Redis.
     *
     * @param request the INFO request: the sections, if any, from argument 1
     * @param keys how many keys
     * @param expires how many of them have a time to live
     * @param out where the reply goes, a bulk string
     */
    public static void info(final Request request, final long keys, final long expires, final RespWriter out) {
        boolean server = request.argc() == 1;
        boolean keyspace = request.argc() == 1;
        for (int i = 1; i < request.argc(); i++) {
            final byte[] section = request.arg(i);
            if (is(section, "SERVER")) {
                server = true;
            } else if (is(section, "KEYSPACE")) {
                keyspace = true;
            } else if (is(section, "DEFAULT") || is(section, "ALL") || is(section, "EVERYTHING")) {
                server = true;
                keyspace = true;
            }
        }
        final StringBuilder text = new StringBuilder(128);
        if (server) {
            text.append("# Server\r\nredis_version:7.0.0\r\nlepus_kv:1\r\n");
        }
        if (keyspace) {
            if (server) {
                text.append("\r\n");
            }
            text.append("# Keyspace\r\n");
            if (keys > 0) {
                text.append("db0:keys=").append(keys).append(",expires=").append(expires).append(",avg_ttl=0\r\n");
            }
        }
        out.bulk(ascii(text.toString()));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Storage

    /** The entry of a key that exists; an expired one is removed on the way, as in Redis's lazy expiry. */
    private Entry live(final byte[] key, final long nowMs) {
        final Entry e = entries.get(probe.point(key));
        if (e != null && expired(e, nowMs)) {
            remove(e);
            return null;
        }
        return e;
    }

    /**
     * Whether an entry has expired: the clock has passed its expiry time (at that very millisecond it still lives, as
     * in Redis). Plain comparison, not a difference: expiry times are absolute and may be as large as
     * {@code Long.MAX_VALUE}, so a difference could overflow.
     */
    private static boolean expired(final Entry e, final long nowMs) {
        return e.volatileIndex >= 0 && nowMs > e.expireAtMs;
    }

    /** Sets a key's value in its entry, or in a new one if {@code existing} is null; the time to live is unchanged. */
    private Entry store(final byte[] key, final byte[] value, final Entry existing) {
        if (existing != null) {
            existing.value = value;
            return existing;
        }
        final Entry e = new Entry(new Key(key), value);
        entries.put(e.key, e);
        return e;
    }

    private void remove(final Entry e) {
        entries.remove(e.key);
        persist(e);
    }

    private void expireAt(final Entry e, final long whenMs) {
        e.expireAtMs = whenMs;
        if (e.volatileIndex < 0) {
            if (volatileCount == volatiles.length) {
                volatiles = Arrays.copyOf(volatiles, volatiles.length * 2);
            }
            e.volatileIndex = volatileCount;
            volatiles[volatileCount++] = e;
        }
    }

    /** Removes an entry's time to live, if it has one: the last volatile entry takes its place. */
    private void persist(final Entry e) {
        final int at = e.volatileIndex;
        if (at < 0) {
            return;
        }
        final int last = --volatileCount;
        if (at != last) {
            final Entry moved = volatiles[last];
            volatiles[at] = moved;
            moved.volatileIndex = at;
        }
        volatiles[last] = null;
        e.volatileIndex = -1;
    }
}
