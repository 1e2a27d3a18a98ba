package dev.lepus.kernel.names;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.names.NameReply;
import dev.lepus.api.names.Names;
import dev.lepus.kernel.Node;
import dev.lepus.kernel.NodeSettings;
import dev.lepus.kernel.boot.SystemBoot;
import dev.lepus.kernel.clock.ManualClock;
import dev.lepus.kernel.description.DescriptionException;
import dev.lepus.kernel.description.DescriptionParser;
import dev.lepus.testkit.TestNode;

/** The name service under a policy from the system description, booted as `lepus run` boots it. */
class NameServiceTest {

    static final List<String> LOG = new CopyOnWriteArrayList<>();

    /** Registers its own cap as "store", then serves "get" messages. */
    public static final class Store implements Component<Object> {
        /** For the description. */
        public Store() {
        }

        @Override
        public void onStart(final Context<Object> ctx) {
            ctx.<Names, NameReply>ask(ctx.granted("names"), r -> new Names.Register("store", ctx.self(), r),
                Duration.ofSeconds(1)).onSuccess(reply -> LOG.add("store: " + reply));
        }

        @Override
        public void onMessage(final Context<Object> ctx, final Object m) {
            LOG.add("store got " + m + " badge " + ctx.badge());
        }
    }

    /** Looks "store" up when told, and uses what it finds. */
    public static final class Client implements Component<Object> {
        /** For the description. */
        public Client() {
        }

        @Override
        public void onMessage(final Context<Object> ctx, final Object m) {
            ctx.<Names, NameReply>ask(ctx.granted("names"), r -> new Names.Lookup("store", r), Duration.ofSeconds(1))
                .onSuccess(reply -> {
                    LOG.add(ctx.name() + ": " + (reply instanceof NameReply.Found f ? "found" : reply));
                    if (reply instanceof NameReply.Found f) {
                        ctx.send(f.cap(), "hello from " + ctx.name());
                    }
                });
        }
    }

    private static final String SYSTEM = """
        [kernels]
        count = 2
        [names]
        register = { store = ["store"] }
        lookup = { store = ["web"] }
        [[component]]
        name = "store"
        class = "dev.lepus.kernel.names.NameServiceTest$Store"
        kernel = 1
        [[component]]
        name = "web"
        class = "dev.lepus.kernel.names.NameServiceTest$Client"
        kernel = 0
        [[component]]
        name = "intruder"
        class = "dev.lepus.kernel.names.NameServiceTest$Client"
        kernel = 1
        """;

    @Test
    void shouldHandOutRegisteredCapsOnlyUnderThePolicy() throws Exception {
        LOG.clear();
        final var d = new DescriptionParser(getClass().getClassLoader(), 2).parse(Path.of("names.toml"), SYSTEM);
        final ManualClock clock = new ManualClock(0);
        final Node node = SystemBoot.boot(d, new NodeSettings().manual(true).clock(clock));
        try (TestNode test = new TestNode(node, clock)) {
            test.runUntilIdle();
            assertEquals(List.of("store: Registered[name=store]"), LOG);
            for (final String who : List.of("web", "intruder")) {
                test.tell(node.root(who).orElseThrow(), "go");
            }
            test.runUntilIdle();
        }
        assertTrue(LOG.contains("web: found"), LOG.toString());
        assertTrue(LOG.contains("intruder: Refused[name=store, reason='intruder' may not look up it]"), LOG.toString());
        // The store sees the web's message through the cap the name service derived: unbadged, as registered.
        assertTrue(LOG.contains("store got hello from web badge 0"), LOG.toString());
    }

    @Test
    void shouldRefuseGrantsThatThePolicyForbids() {
        final String bad = SYSTEM + """
            [[grant]]
            to = "intruder"
            target = "store"
            """;
        final DescriptionException ex = org.junit.jupiter.api.Assertions.assertThrows(DescriptionException.class,
            () -> new DescriptionParser(getClass().getClassLoader(), 2).parse(Path.of("names.toml"), bad));
        assertTrue(ex.getMessage().contains("grant[0]: 'intruder' may not look up 'store'"), ex.getMessage());
    }
}
