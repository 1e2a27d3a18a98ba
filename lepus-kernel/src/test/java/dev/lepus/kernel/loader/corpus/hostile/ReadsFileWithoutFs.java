package dev.lepus.kernel.loader.corpus.hostile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;

/** Hostile: Reads a file without declaring FS. Breaks FS. */
@Manifest(name = "ReadsFileWithoutFs")
public final class ReadsFileWithoutFs implements Component<String> {

    /** A fresh instance. */
    public ReadsFileWithoutFs() {
    }

    @Override
    public void onMessage(final Context<String> ctx, final String message) {
        try {
            ctx.log(Files.readString(Path.of(message)));
        } catch (final IOException ex) {
            ctx.log(ex.getMessage());
        }
    }
}
