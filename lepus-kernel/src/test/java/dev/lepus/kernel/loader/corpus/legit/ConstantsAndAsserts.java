package dev.lepus.kernel.loader.corpus.legit;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;

/** Legit: static final constants of immutable types, an assert, a static nested record constant. */
@Manifest(name = "constants")
public final class ConstantsAndAsserts implements Component<String> {

    private static final int LIMIT = 10;
    private static final long BIG = 1L << 40;
    private static final String PREFIX = "> ";
    private static final Duration PATIENCE = Duration.ofSeconds(1);
    private static final List<String> NAMES = List.of("ping", "pong");
    private static final Set<Integer> PRIMES = Set.of(2, 3, 5, 7);
    private static final Map<String, Long> LIMITS = Map.of("a", 1L, "b", 2L);
    private static final Pattern WORD = Pattern.compile("\\w+");
    private static final Point ORIGIN = new Point(0, 0);

    /**
     * A point.
     *
     * @param x across
     * @param y down
     */
    record Point(int x, int y) {
    }

    /** A fresh instance. */
    public ConstantsAndAsserts() {
    }

    @Override
    public void onMessage(final Context<String> ctx, final String message) {
        assert message != null : "no null messages";
        final boolean word = WORD.matcher(message).matches();
        ctx.log(PREFIX + message.length() % LIMIT + " " + BIG + " " + PATIENCE + " " + NAMES + " " + PRIMES + " "
            + LIMITS + " " + word + " " + ORIGIN);
    }
}
