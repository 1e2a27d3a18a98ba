package dev.lepus.api.names;

import dev.lepus.api.Cap;

/**
 * Requests to the name service. A component reaches the service through the cap it was granted as {@code "names"};
 * that cap carries the component's badge, by which the service applies the system description's policy: who may
 * register which names, and who may look them up.
 */
public sealed interface Names permits Names.Register, Names.Lookup {

    /**
     * Registers a cap under a name (replacing an earlier registration by the same component).
     *
     * @param name the name
     * @param cap the cap to hand out to those who look the name up
     * @param replyTo where the answer goes
     */
    record Register(String name, Cap<Object> cap, Cap<NameReply> replyTo) implements Names {
    }

    /**
     * Looks a name up.
     *
     * @param name the name
     * @param replyTo where the answer goes: {@link NameReply.Found} carries a cap derived for the asker
     */
    record Lookup(String name, Cap<NameReply> replyTo) implements Names {
    }
}
