package dev.lepus.kernel.loader.corpus.hostile;

import java.util.HashMap;

import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;

/** Hostile: Keeps a static final HashMap. Breaks MUTABLE_STATIC. */
@Manifest(name = "StaticFinalHashMap")
public final class StaticFinalHashMap implements Component<String> {

    private static final HashMap<String, Integer> SEEN = new HashMap<>();

    /** A fresh instance. */
    public StaticFinalHashMap() {
    }

    @Override
    public void onMessage(final Context<String> ctx, final String message) {
        SEEN.merge(message, 1, Integer::sum);
    }
}
