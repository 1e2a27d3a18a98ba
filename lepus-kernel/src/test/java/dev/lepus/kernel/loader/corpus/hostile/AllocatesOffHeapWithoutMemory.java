package dev.lepus.kernel.loader.corpus.hostile;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;

/** Hostile: Allocates off-heap memory without declaring MEMORY. Breaks MEMORY. */
@Manifest(name = "AllocatesOffHeapWithoutMemory")
public final class AllocatesOffHeapWithoutMemory implements Component<String> {

    /** A fresh instance. */
    public AllocatesOffHeapWithoutMemory() {
    }

    @Override
    public void onMessage(final Context<String> ctx, final String message) {
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment segment = arena.allocate(16);
            ctx.log("size: " + segment.byteSize());
        }
    }
}
