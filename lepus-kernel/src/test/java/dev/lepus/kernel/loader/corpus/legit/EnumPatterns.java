package dev.lepus.kernel.loader.corpus.legit;

import java.io.Serializable;
import java.util.function.Supplier;

import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;

/**
 * Legit: a sealed protocol with an enum and a record, switched over with qualified enum labels and guards (a dynamic
 * constant per enum label), and a serializable lambda ({@code altMetafactory} and {@code $deserializeLambda$}).
 */
@Manifest(name = "enum-patterns")
public final class EnumPatterns implements Component<EnumPatterns.Command> {

    /** The protocol. */
    public sealed interface Command permits Op, Level {
    }

    /** Start and stop. */
    public enum Op implements Command {
        /** Start. */
        START,
        /** Stop. */
        STOP
    }

    /**
     * Set a level.
     *
     * @param value the level
     */
    public record Level(int value) implements Command {
    }

    private int level;

    /** A fresh instance. */
    public EnumPatterns() {
    }

    @Override
    public void onMessage(final Context<Command> ctx, final Command message) {
        final String what = switch (message) {
            case Op.START -> "start";
            case Op.STOP -> "stop";
            case Level(int v) when v < 0 -> "negative";
            case Level l -> "level " + (level = l.value());
        };
        final Supplier<String> later = (Supplier<String> & Serializable) () -> what + " at " + level;
        ctx.log(later.get());
    }
}
