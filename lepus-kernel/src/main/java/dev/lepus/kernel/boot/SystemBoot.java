package dev.lepus.kernel.boot;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.lepus.api.Cap;
import dev.lepus.api.Component;
import dev.lepus.api.Spawn;
import dev.lepus.api.names.Names;
import dev.lepus.kernel.names.NameService;
import dev.lepus.kernel.Node;
import dev.lepus.kernel.NodeSettings;
import dev.lepus.kernel.description.SystemDescription;

/**
 * Turns a {@link SystemDescription} into a {@link Node}: its kernels, its root components in file order, and its
 * grants. The node is returned unstarted, so a caller can still look at it or step it by hand.
 *
 * <p>Thread contract: stateless; call it from one thread per node.
 */
public final class SystemBoot {

    private SystemBoot() {
    }

    /**
     * Builds the node a description names.
     *
     * @param description the checked description
     * @param settings base settings (clock, console, manual mode); kernels, idle strategies, capacities and seed are
     *     taken from the description
     * @return the node, not started
     * @throws IllegalStateException if a component's constructor throws
     */
    public static Node boot(final SystemDescription description, final NodeSettings settings) {
        settings.kernels(description.kernels().size())
            .mailboxCapacity(description.mailboxCapacity())
            .channelCapacity(description.channelCapacity())
            .seed(description.seed());
        for (int k = 0; k < description.kernels().size(); k++) {
            settings.idle(k, description.kernels().get(k).idle());
            settings.level(k, dev.lepus.kernel.KernelLevel.named(description.kernels().get(k).level()));
        }
        if (settings.journal().policy() == dev.lepus.kernel.journal.JournalPolicy.OFF) {
            settings.journal(description.journal()); // the command line's --journal or --durable wins
        }
        final Node node = new Node(settings);
        final Map<String, Cap<Object>> caps = new HashMap<>();
        for (final SystemDescription.ComponentSpec c : description.components()) {
            Spawn<Object> spec = Spawn.of(c.name(), factory(c))
                .priority(c.priority())
                .restart(c.policy())
                .config(c.config());
            if (c.kernel() != Spawn.ANY_KERNEL) {
                spec = spec.onKernel(c.kernel());
            }
            if (c.budget().isPresent()) {
                spec = spec.budget(c.budget().get());
            }
            caps.put(c.name(), node.spawn(spec));
        }
        for (final SystemDescription.GrantSpec g : description.grants()) {
            node.grant(caps.get(g.to()), g.name(), caps.get(g.target()), g.rights(), g.badge());
        }
        description.names().ifPresent(policy -> {
            // The name service knows each client by the badge of the cap it holds: client i holds badge i + 1.
            final List<String> clients = description.components().stream()
                .map(SystemDescription.ComponentSpec::name).toList();
            final Cap<Names> names = node.spawn(Spawn.<Names>of(SystemDescription.NAME_SERVICE,
                () -> new NameService(policy, clients)).onKernel(0));
            for (int i = 0; i < clients.size(); i++) {
                node.grant(caps.get(clients.get(i)), SystemDescription.NAME_SERVICE, names, Cap.SEND | Cap.GRANT,
                    NameService.badgeOf(i));
            }
        });
        return node;
    }

    @SuppressWarnings("unchecked")
    private static Supplier<Component<Object>> factory(final SystemDescription.ComponentSpec c) {
        final Constructor<?> ctor;
        try {
            ctor = c.type().getConstructor();
        } catch (final NoSuchMethodException ex) {
            throw new IllegalStateException("component '" + c.name() + "': " + ex, ex);
        }
        return () -> {
            try {
                return (Component<Object>) ctor.newInstance();
            } catch (final InvocationTargetException ex) {
                throw new IllegalStateException("constructor of component '" + c.name() + "' ("
                    + c.type().getName() + ") threw: " + ex.getCause(), ex.getCause());
            } catch (final ReflectiveOperationException ex) {
                throw new IllegalStateException("cannot instantiate component '" + c.name() + "' ("
                    + c.type().getName() + "): " + ex, ex);
            }
        };
    }
}
