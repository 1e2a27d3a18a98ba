package dev.lepus.kernel.loader.corpus.hostile;

import java.util.Date;

import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;

/** Hostile: Makes a date of the current time. Breaks CLOCK. */
@Manifest(name = "CreatesDateNow")
public final class CreatesDateNow implements Component<String> {

    /** A fresh instance. */
    public CreatesDateNow() {
    }

    @Override
    public void onMessage(final Context<String> ctx, final String message) {
        ctx.log("now: " + new Date().getTime());
    }
}
