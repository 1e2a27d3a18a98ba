package dev.lepus.kernel.names;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.lepus.api.Cap;
import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.names.NameReply;
import dev.lepus.api.names.Names;

/**
 * The name service: a component that keeps caps by name. It knows who asks by the badge of the cap the request came
 * through: client {@code i} of {@code clients} holds a cap badged {@code i + 1}. Requests from an unknown badge, and
 * requests the {@link NamePolicy} does not allow, are refused with a reason.
 *
 * <p>Thread contract: a component; runs on its kernel thread.
 */
public final class NameService implements Component<Names> {

    private final NamePolicy policy;
    private final List<String> clients;
    private final Map<String, Cap<Object>> registry = new HashMap<>();

    /**
     * A name service.
     *
     * @param policy who may register and look up which names
     * @param clients the component names, by badge minus one
     */
    public NameService(final NamePolicy policy, final List<String> clients) {
        this.policy = policy;
        this.clients = List.copyOf(clients);
    }

    /**
     * The badge of client {@code index}.
     *
     * @param index the client's index in the list given to the constructor
     * @return its badge
     */
    public static long badgeOf(final int index) {
        return index + 1L;
    }

    @Override
    public void onMessage(final Context<Names> ctx, final Names request) {
        final long badge = ctx.badge();
        final String who = badge >= 1 && badge <= clients.size() ? clients.get((int) badge - 1) : null;
        switch (request) {
            case Names.Register(String name, Cap<Object> cap, Cap<NameReply> replyTo) -> {
                if (who == null || !policy.mayRegister(who, name)) {
                    ctx.send(replyTo, new NameReply.Refused(name, refusal(who, "register")));
                } else {
                    registry.put(name, cap);
                    ctx.send(replyTo, new NameReply.Registered(name));
                }
            }
            case Names.Lookup(String name, Cap<NameReply> replyTo) -> {
                final Cap<Object> cap = registry.get(name);
                if (who == null || !policy.mayLookup(who, name)) {
                    ctx.send(replyTo, new NameReply.Refused(name, refusal(who, "look up")));
                } else if (cap == null) {
                    ctx.send(replyTo, new NameReply.Refused(name, "not registered"));
                } else {
                    ctx.send(replyTo, new NameReply.Found(name, cap));
                }
            }
        }
    }

    private static String refusal(final String who, final String what) {
        return who == null ? "unknown client (unbadged or foreign cap)" : "'" + who + "' may not " + what + " it";
    }
}
