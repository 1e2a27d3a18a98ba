package dev.lepus.testkit;

import java.util.ArrayList;
import java.util.List;

import dev.lepus.api.Cap;
import dev.lepus.api.Component;
import dev.lepus.api.Context;

/**
 * A component that records what it receives, for assertions. Made by {@link TestNode#probe(String)}.
 *
 * <p>Thread contract: not threadsafe; the test thread steps the kernels and reads the probe.
 *
 * @param <T> the message type
 */
public final class Probe<T> {

    private final List<T> received = new ArrayList<>();
    Cap<T> cap;

    Probe() {
    }

    Component<T> component() {
        return new Component<>() {
            @Override
            public void onMessage(final Context<T> ctx, final T message) {
                received.add(message);
            }
        };
    }

    /**
     * The probe's cap, to put in messages as a reply address.
     *
     * @return the cap
     */
    public Cap<T> cap() {
        return cap;
    }

    /**
     * Everything received so far, in order.
     *
     * @return a copy
     */
    public List<T> messages() {
        return List.copyOf(received);
    }

    /**
     * The one message received, which is then forgotten.
     *
     * @return the message
     * @throws AssertionError if not exactly one message was received
     */
    public T expectOne() {
        if (received.size() != 1) {
            throw new AssertionError("expected exactly one message, got " + received.size() + ": " + received);
        }
        return received.removeFirst();
    }

    /**
     * Asserts that nothing was received.
     *
     * @throws AssertionError if something was
     */
    public void expectNone() {
        if (!received.isEmpty()) {
            throw new AssertionError("expected no message, got " + received);
        }
    }

    /**
     * Forgets what was received.
     */
    public void clear() {
        received.clear();
    }
}
