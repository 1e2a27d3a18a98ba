package dev.lepus.cli;

import dev.lepus.api.ApiGroup;
import dev.lepus.api.Cap;
import dev.lepus.api.Manifest;
import dev.lepus.api.Spawn;
import dev.lepus.api.fs.FsRequest;
import dev.lepus.kernel.Node;
import dev.lepus.kernel.description.SystemDescription;
import dev.lepus.store.StateStore;
import dev.lepus.store.fs.AsyncFileStore;
import dev.lepus.store.fs.FsService;

/**
 * Gives a booted system its file system service: spawns {@code fs} ({@link FsService}) and grants a cap to it, named
 * {@code "fs"}, to every root component whose manifest declares {@link ApiGroup#FS}. Before the node starts.
 *
 * <p>Thread contract: the booting thread.
 */
final class FsWiring {

    private FsWiring() {
    }

    /**
     * Spawns the service and grants it.
     *
     * @return the components granted the service
     */
    static int serve(final Node node, final SystemDescription description, final AsyncFileStore files) {
        final Cap<FsRequest> fs = node.spawn(Spawn.<FsRequest>of("fs", () -> new FsService(files, node)));
        int n = 0;
        for (final SystemDescription.ComponentSpec c : description.components()) {
            final Manifest m = c.type().getAnnotation(Manifest.class);
            if (m != null && java.util.Arrays.asList(m.groups()).contains(ApiGroup.FS)) {
                node.root(c.name()).ifPresent(holder -> node.grant(holder, "fs", fs, Cap.SEND));
                n++;
            }
        }
        return n;
    }

    /** Closes the file system facade and the store, whichever exist. */
    static void close(final AsyncFileStore files, final StateStore store) {
        if (files != null) {
            files.close();
        }
        if (store != null) {
            store.close();
        }
    }
}
