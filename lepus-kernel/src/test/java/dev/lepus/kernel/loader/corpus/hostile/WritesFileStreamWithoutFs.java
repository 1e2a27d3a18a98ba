package dev.lepus.kernel.loader.corpus.hostile;

import java.io.FileOutputStream;
import java.io.IOException;

import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;

/** Hostile: Opens a file output stream without declaring FS. Breaks FS. */
@Manifest(name = "WritesFileStreamWithoutFs")
public final class WritesFileStreamWithoutFs implements Component<String> {

    /** A fresh instance. */
    public WritesFileStreamWithoutFs() {
    }

    @Override
    public void onMessage(final Context<String> ctx, final String message) {
        try (FileOutputStream out = new FileOutputStream(message)) {
            out.write(1);
        } catch (final IOException ex) {
            ctx.log(ex.getMessage());
        }
    }
}
