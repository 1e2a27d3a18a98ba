package dev.lepus.examples.notes;

import java.time.Duration;

import dev.lepus.api.ApiGroup;
import dev.lepus.api.Bytes;
import dev.lepus.api.Cap;
import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;
import dev.lepus.api.fs.FsReply;
import dev.lepus.api.fs.FsRequest;

/**
 * Appends a line to {@code /notes/log.txt} in the file system kept as tables, reads the whole file back, prints it
 * and stops the system. Run it twice with the same {@code --state} folder: the file grows. Needs
 * {@code lepus run --state DIR}, which gives it the {@code fs} cap.
 */
@Manifest(name = "notes", groups = {ApiGroup.CORE, ApiGroup.FS})
public final class NoteTaker implements Component<String> {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String FILE = "/notes/log.txt";

    /** A note taker. */
    public NoteTaker() {
    }

    @Override
    public void onStart(final Context<String> ctx) {
        final Cap<FsRequest> fs = ctx.granted("fs");
        ctx.<FsRequest, FsReply>ask(fs, r -> new FsRequest.Mkdir(r, "/notes"), TIMEOUT)
            .onSuccess(made -> ctx.<FsRequest, FsReply>ask(fs, r -> new FsRequest.Ls(r, "/notes"), TIMEOUT)
                .onSuccess(listing -> {
                    final long size = ((FsReply.Listing) listing).entries().stream()
                        .filter(e -> e.name().equals("log.txt")).mapToLong(FsReply.Entry::size).findFirst().orElse(0);
                    final Bytes line = Bytes.utf8("a note written at byte " + size + "\n");
                    ctx.<FsRequest, FsReply>ask(fs, r -> new FsRequest.Write(r, FILE, size, line), TIMEOUT)
                        .onSuccess(written -> ctx.<FsRequest, FsReply>ask(fs,
                            r -> new FsRequest.Read(r, FILE, 0, 1 << 20), TIMEOUT).onSuccess(read -> {
                                if (read instanceof FsReply.Data d) {
                                    ctx.log(FILE + ":\n" + d.data().utf8().stripTrailing());
                                    ctx.shutdown(0);
                                } else {
                                    ctx.log("read refused: " + read);
                                    ctx.shutdown(1);
                                }
                            }));
                }));
    }

    @Override
    public void onMessage(final Context<String> ctx, final String message) {
    }
}
