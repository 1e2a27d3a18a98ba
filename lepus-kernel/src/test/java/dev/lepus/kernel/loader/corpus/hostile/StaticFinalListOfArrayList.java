package dev.lepus.kernel.loader.corpus.hostile;

import java.util.ArrayList;
import java.util.List;

import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;

/** Hostile: Keeps a static final List that is an ArrayList (the declared type hides it; the initializer shows it). Breaks MUTABLE_STATIC. */
@Manifest(name = "StaticFinalListOfArrayList")
public final class StaticFinalListOfArrayList implements Component<String> {

    private static final List<String> SEEN = new ArrayList<>();

    /** A fresh instance. */
    public StaticFinalListOfArrayList() {
    }

    @Override
    public void onMessage(final Context<String> ctx, final String message) {
        SEEN.add(message);
    }
}
