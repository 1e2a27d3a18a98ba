package dev.lepus.examples.kv;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One request: the command name and its arguments, each a byte string. {@link RespParser} fills a request in place,
 * so one instance serves a connection for its lifetime; only its array of references grows, and only when a request
 * has more arguments than any before it.
 *
 * <p>The argument arrays themselves are fresh for every request and are handed over, not lent: whoever executes the
 * request may keep them ({@link KvEngine} stores keys and values without copying). So nobody writes to an argument
 * array once it has been added.
 *
 * <p>Thread contract: not threadsafe; owned by one connection's handler.
 */
public final class Request {

    private static final int INITIAL_CAPACITY = 8;

    private byte[][] args = new byte[INITIAL_CAPACITY][];
    private int argc;

    /** An empty request. */
    public Request() {
    }

    /**
     * A request of the given arguments, the arrays themselves (not copies).
     *
     * @param args the command name first, then its arguments
     * @return the request
     */
    public static Request of(final byte[]... args) {
        final Request request = new Request();
        for (final byte[] arg : args) {
            request.add(arg);
        }
        return request;
    }

    /**
     * A request of the UTF-8 bytes of the given texts, as a client would send them.
     *
     * @param args the command name first, then its arguments
     * @return the request
     */
    public static Request of(final String... args) {
        final Request request = new Request();
        for (final String arg : args) {
            request.add(arg.getBytes(StandardCharsets.UTF_8));
        }
        return request;
    }

    /**
     * How many arguments, the command name included.
     *
     * @return the count, 0 when empty
     */
    public int argc() {
        return argc;
    }

    /**
     * One argument: index 0 is the command name.
     *
     * @param index 0 to {@link #argc()} - 1
     * @return the argument's array, not a copy; it must not be written to
     * @throws IndexOutOfBoundsException if out of range
     */
    public byte[] arg(final int index) {
        Objects.checkIndex(index, argc);
        return args[index];
    }

    /**
     * Appends an argument.
     *
     * @param arg the array, which the request now holds (and its consumer may keep)
     */
    public void add(final byte[] arg) {
        Objects.requireNonNull(arg, "arg");
        if (argc == args.length) {
            args = Arrays.copyOf(args, args.length * 2);
        }
        args[argc++] = arg;
    }

    /** Empties the request, dropping its references to the argument arrays. */
    public void clear() {
        Arrays.fill(args, 0, argc, null);
        argc = 0;
    }

    /** @return the arguments decoded as UTF-8, for diagnostics */
    @Override
    public String toString() {
        final StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < argc; i++) {
            if (i > 0) {
                text.append(", ");
            }
            text.append(new String(args[i], StandardCharsets.UTF_8));
        }
        return text.append(']').toString();
    }
}
