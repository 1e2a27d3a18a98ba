package dev.lepus.examples.kv;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The commands the store knows, as a router sees them: each one's name, its arity (in Redis's convention) and which
 * of its arguments are keys, so that a request can be sent to the shard, or split across the shards, that own its
 * keys.
 *
 * <p>Thread contract: immutable and threadsafe.
 */
public enum KvCommand {

    /** {@code PING [message]}. */
    PING(-1, Scope.NONE),
    /** {@code ECHO message}. */
    ECHO(2, Scope.NONE),
    /** {@code GET key}. */
    GET(2, Scope.KEY),
    /** {@code SET key value [NX | XX] [GET] [EX s | PX ms | EXAT s | PXAT ms | KEEPTTL]}. */
    SET(-3, Scope.KEY),
    /** {@code DEL key [key ...]}. */
    DEL(-2, Scope.KEYS),
    /** {@code EXISTS key [key ...]}. */
    EXISTS(-2, Scope.KEYS),
    /** {@code INCR key}. */
    INCR(2, Scope.KEY),
    /** {@code DECR key}. */
    DECR(2, Scope.KEY),
    /** {@code INCRBY key increment}. */
    INCRBY(3, Scope.KEY),
    /** {@code DECRBY key decrement}. */
    DECRBY(3, Scope.KEY),
    /** {@code MGET key [key ...]}. */
    MGET(-2, Scope.KEYS),
    /** {@code MSET key value [key value ...]}. */
    MSET(-3, Scope.PAIRS),
    /** {@code EXPIRE key seconds [NX | XX | GT | LT]}. */
    EXPIRE(-3, Scope.KEY),
    /** {@code PEXPIRE key milliseconds [NX | XX | GT | LT]}. */
    PEXPIRE(-3, Scope.KEY),
    /** {@code TTL key}. */
    TTL(2, Scope.KEY),
    /** {@code PTTL key}. */
    PTTL(2, Scope.KEY),
    /** {@code KEYS pattern}. */
    KEYS(2, Scope.ALL),
    /** {@code DBSIZE}. */
    DBSIZE(1, Scope.ALL),
    /** {@code FLUSHDB [ASYNC | SYNC]}. */
    FLUSHDB(-1, Scope.ALL),
    /** {@code INFO [section ...]}. */
    INFO(-1, Scope.ALL),
    /** {@code QUIT}: the reply is {@code +OK}, then the server closes the connection. */
    QUIT(-1, Scope.NONE),
    /** {@code SELECT index}: only database 0 exists. */
    SELECT(2, Scope.NONE),
    /** {@code COMMAND [subcommand ...]}: describes no commands. */
    COMMAND(-1, Scope.NONE),
    /** {@code CONFIG GET parameter ...}: has no parameters. */
    CONFIG(-2, Scope.NONE),
    /** Any other name, with any number of arguments: the reply is Redis's unknown-command error. */
    UNKNOWN(-1, Scope.NONE);

    /** Which arguments of a command are keys, and so which shards it concerns. */
    public enum Scope {
        /** No key: any shard can execute it. */
        NONE,
        /** Argument 1 is the one key: the shard that owns it executes the command. */
        KEY,
        /** Every argument from 1 is a key: split by key, then the replies joined in argument order. */
        KEYS,
        /** Arguments from 1 are key-value pairs, the keys at the odd indexes: split by key. */
        PAIRS,
        /** The whole key space: every shard takes part, and the replies are combined. */
        ALL
    }

    /** Every command but {@link #UNKNOWN}, for lookup without {@code values()}'s copy. */
    private static final KvCommand[] KNOWN = {
        PING, ECHO, GET, SET, DEL, EXISTS, INCR, DECR, INCRBY, DECRBY, MGET, MSET, EXPIRE, PEXPIRE, TTL, PTTL, KEYS,
        DBSIZE, FLUSHDB, INFO, QUIT, SELECT, COMMAND, CONFIG
    };

    private final int arity;
    private final Scope scope;
    private final String lowerName;
    private final byte[] lowerBytes;
    private final String arityError;

    KvCommand(final int arity, final Scope scope) {
        this.arity = arity;
        this.scope = scope;
        this.lowerName = name().toLowerCase(Locale.ROOT);
        this.lowerBytes = lowerName.getBytes(StandardCharsets.US_ASCII);
        this.arityError = arityError(lowerName);
    }

    /**
     * The command a request names, matched without regard to ASCII case, without allocating.
     *
     * @param name the request's argument 0
     * @return the command, or {@link #UNKNOWN}
     */
    public static KvCommand of(final byte[] name) {
        for (final KvCommand command : KNOWN) {
            if (command.is(name)) {
                return command;
            }
        }
        return UNKNOWN;
    }

    private boolean is(final byte[] name) {
        final byte[] lower = lowerBytes;
        if (name.length != lower.length) {
            return false;
        }
        for (int i = 0; i < lower.length; i++) {
            final int c = name[i];
            if ((c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c) != lower[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The name as Redis prints it in errors: lower case.
     *
     * @return the name, such as {@code get}
     */
    public String commandName() {
        return lowerName;
    }

    /**
     * The arity in Redis's convention, the command name included: {@code n} for exactly {@code n} arguments,
     * {@code -n} for {@code n} or more.
     *
     * @return the arity; -1 (any) for {@link #UNKNOWN}
     */
    public int arity() {
        return arity;
    }

    /**
     * Whether a request of this many arguments has the right arity.
     *
     * @param argc the arguments, the command name included
     * @return true if the arity fits
     */
    public boolean acceptsArgc(final int argc) {
        return arity >= 0 ? argc == arity : argc >= -arity;
    }

    /**
     * Which of its arguments are keys.
     *
     * @return the scope
     */
    public Scope scope() {
        return scope;
    }

    /** @return whether the server closes the connection after the reply ({@link #QUIT}) */
    public boolean closesConnection() {
        return this == QUIT;
    }

    /**
     * The reply to a request of the wrong arity.
     *
     * @return the error, such as {@code ERR wrong number of arguments for 'get' command}
     */
    public String arityError() {
        return arityError;
    }

    /**
     * Redis's wrong-arity error.
     *
     * @param name the command's full name in lower case, such as {@code get} or {@code config|get}
     * @return the error text
     */
    static String arityError(final String name) {
        return "ERR wrong number of arguments for '" + name + "' command";
    }
}
