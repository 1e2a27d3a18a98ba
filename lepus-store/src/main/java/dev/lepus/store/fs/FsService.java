package dev.lepus.store.fs;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import dev.lepus.api.Bytes;
import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.fs.FsReply;
import dev.lepus.api.fs.FsRequest;
import dev.lepus.kernel.Node;

/**
 * The file system service: a component that serves {@link FsRequest}s from the file system kept as tables. Each
 * request runs as one transaction on the {@link AsyncFileStore}'s small pool, off the kernels; the answer goes back to
 * the asker's reply cap through the node ({@link Node#tell}), and so arrives as an event of the asker: no kernel ever
 * waits for the database. A full pool answers {@code BUSY} at once; nothing is dropped.
 *
 * <p>Thread contract: {@link #onMessage} on its kernel; the completions on the pool's threads touch only the node's
 * threadsafe {@code tell}.
 */
public final class FsService implements Component<FsRequest> {

    private final AsyncFileStore files;
    private final Node node;

    /**
     * A service over a file store.
     *
     * @param files the file store
     * @param node the node, to send the answers
     */
    public FsService(final AsyncFileStore files, final Node node) {
        this.files = files;
        this.node = node;
    }

    @Override
    public void onMessage(final Context<FsRequest> ctx, final FsRequest request) {
        final CompletableFuture<? extends FsReply> answer = switch (request) {
            case FsRequest.Read r -> files.read(r.path(), r.offset(), r.length()).thenApply(b -> new FsReply.Data(
                Bytes.of(b)));
            case FsRequest.Write w -> files.write(w.path(), w.offset(), w.data().toByteArray())
                .thenApply(i -> new FsReply.Written(i.size(), i.version()));
            case FsRequest.Ls l -> files.list(l.dir()).thenApply(entries -> new FsReply.Listing(entries.stream()
                .map(e -> new FsReply.Entry(e.name(), e.directory(), e.size())).toList()));
            case FsRequest.Delete d -> files.delete(d.path()).thenApply(v -> new FsReply.Done());
            case FsRequest.Rename n -> files.rename(n.from(), n.to()).thenApply(v -> new FsReply.Done());
            case FsRequest.Mkdir m -> files.createDirectory(m.path()).thenApply(v -> new FsReply.Done());
        };
        answer.whenComplete((reply, error) -> node.tell(request.replyTo(), reply != null ? reply : failed(error)));
    }

    private static FsReply failed(final Throwable error) {
        final Throwable t = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (t instanceof FileStoreException f) {
            return new FsReply.Failed(f.reason().name(), f.getMessage());
        }
        if (t instanceof IllegalArgumentException) {
            return new FsReply.Failed("BAD_PATH", t.getMessage());
        }
        return new FsReply.Failed("ERROR", String.valueOf(t));
    }
}
