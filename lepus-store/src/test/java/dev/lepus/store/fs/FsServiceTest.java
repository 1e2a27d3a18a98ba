package dev.lepus.store.fs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.lepus.api.ApiGroup;
import dev.lepus.api.Bytes;
import dev.lepus.api.Cap;
import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;
import dev.lepus.api.Spawn;
import dev.lepus.api.fs.FsReply;
import dev.lepus.api.fs.FsRequest;
import dev.lepus.kernel.Node;
import dev.lepus.kernel.NodeSettings;
import dev.lepus.store.StateStore;

/**
 * The {@code fs} API group end to end: a component on a running node asks the file system service to make a folder,
 * write, list and read a file and to read a missing one; each answer arrives as an event of the component, and the
 * refused read says why.
 */
class FsServiceTest {

    /** Runs the script step by step, each step on the answer to the one before. */
    @Manifest(name = "writer", groups = {ApiGroup.CORE, ApiGroup.FS})
    static final class Writer implements Component<String> {
        final List<String> seen;
        final CountDownLatch done;

        Writer(final List<String> seen, final CountDownLatch done) {
            this.seen = seen;
            this.done = done;
        }

        @Override
        public void onStart(final Context<String> ctx) {
            final Cap<FsRequest> fs = ctx.granted("fs");
            final Duration t = Duration.ofSeconds(10);
            ctx.<FsRequest, FsReply>ask(fs, r -> new FsRequest.Mkdir(r, "/notes"), t).onSuccess(a -> {
                seen.add(a.toString());
                ctx.<FsRequest, FsReply>ask(fs, r -> new FsRequest.Write(r, "/notes/a.txt", 0,
                    Bytes.utf8("hello, tables")), t).onSuccess(b -> {
                        seen.add(b.toString());
                        ctx.<FsRequest, FsReply>ask(fs, r -> new FsRequest.Ls(r, "/notes"), t).onSuccess(c -> {
                            seen.add(c.toString());
                            ctx.<FsRequest, FsReply>ask(fs, r -> new FsRequest.Read(r, "/notes/a.txt", 7, 100), t)
                                .onSuccess(d -> {
                                    seen.add(((FsReply.Data) d).data().utf8());
                                    ctx.<FsRequest, FsReply>ask(fs, r -> new FsRequest.Read(r, "/nope", 0, 1), t)
                                        .onSuccess(e -> {
                                            seen.add(e.toString());
                                            done.countDown();
                                        });
                                });
                        });
                    });
            });
        }

        @Override
        public void onMessage(final Context<String> ctx, final String message) {
        }
    }

    @Test
    @Timeout(60)
    void shouldServeAComponentsFileRequestsAsEvents(@TempDir final Path dir) throws Exception {
        final List<String> seen = new CopyOnWriteArrayList<>();
        final CountDownLatch done = new CountDownLatch(1);
        try (StateStore store = StateStore.open(null, dir);
             AsyncFileStore files = new AsyncFileStore(FileStore.open(store));
             Node node = new Node(new NodeSettings().kernels(2))) {
            final Cap<FsRequest> fs = node.spawn(Spawn.<FsRequest>of("fs", () -> new FsService(files, node))
                .onKernel(1));
            final Cap<String> writer = node.spawn(Spawn.<String>of("writer", () -> new Writer(seen, done))
                .onKernel(0));
            node.grant(writer, "fs", fs, Cap.SEND);
            node.start();
            assertTrue(done.await(30, TimeUnit.SECONDS), "answers so far: " + seen);
        }
        assertEquals("Done[]", seen.get(0));
        assertEquals("Written[size=13, version=1]", seen.get(1));
        assertEquals("Listing[entries=[Entry[name=a.txt, directory=false, size=13]]]", seen.get(2));
        assertEquals("tables", seen.get(3));
        assertTrue(seen.get(4).startsWith("Failed[reason=NO_SUCH_FILE"), seen.get(4));
    }
}
