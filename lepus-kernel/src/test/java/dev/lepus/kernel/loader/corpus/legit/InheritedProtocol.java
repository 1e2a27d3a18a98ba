package dev.lepus.kernel.loader.corpus.legit;

import dev.lepus.api.Context;
import dev.lepus.api.Manifest;

/** Legit: gets its protocol through a generic superclass; helpers, an anonymous class, an inner class, a local record. */
@Manifest(name = "inherited")
public final class InheritedProtocol extends AbstractComponent<InheritedProtocol.Msg> {

    /**
     * The protocol.
     *
     * @param n a number
     * @param label a label
     */
    public record Msg(long n, String label) {
    }

    /** A fresh instance. */
    public InheritedProtocol() {
    }

    /** A shape with a default method. */
    interface Named {
        String name();

        default String shout() {
            return name().toUpperCase(java.util.Locale.ROOT) + "!";
        }
    }

    /** An inner class: reads the outer instance. */
    final class Summary {
        String text(final Msg m) {
            return m.label() + "#" + handled();
        }
    }

    @Override
    protected void handle(final Context<Msg> ctx, final Msg message) {
        record Pair(long a, long b) {
        }
        final Pair p = new Pair(message.n(), message.n() * 2);
        final Named named = new Named() {
            @Override
            public String name() {
                return message.label();
            }
        };
        final int[] digits = new int[4];
        long n = Math.abs(message.n());
        outer:
        for (int i = 0; i < digits.length; i++) {
            digits[i] = (int) (n % 10);
            n /= 10;
            if (n == 0) {
                break outer;
            }
        }
        java.util.Arrays.sort(digits);
        final Object o = p;
        final String text = o instanceof Pair(long a, long b) && a < b ? "ordered" : "not ordered";
        try {
            ctx.log(String.format("%s %s %s %d %s", named.shout(), text, new Summary().text(message), digits[3],
                """
                done"""));
        } finally {
            ctx.log("after");
        }
    }
}
