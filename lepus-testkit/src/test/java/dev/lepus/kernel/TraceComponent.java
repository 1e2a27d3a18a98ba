package dev.lepus.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

import dev.lepus.api.Component;
import dev.lepus.api.Context;

/**
 * A test component that appends "name:message" to a shared trace for every message and then runs an optional action.
 * Tests read the trace on the thread that steps the kernels.
 *
 * @param <P> the protocol
 */
final class TraceComponent<P> implements Component<P> {

    private final String name;
    private final List<String> trace;
    private final BiConsumer<Context<P>, P> action;

    TraceComponent(final String name, final List<String> trace, final BiConsumer<Context<P>, P> action) {
        this.name = name;
        this.trace = trace;
        this.action = action;
    }

    TraceComponent(final String name, final List<String> trace) {
        this(name, trace, (ctx, m) -> { });
    }

    static List<String> newTrace() {
        return new ArrayList<>();
    }

    @Override
    public void onMessage(final Context<P> ctx, final P message) {
        trace.add(name + ":" + message);
        action.accept(ctx, message);
    }
}
