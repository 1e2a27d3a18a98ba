package dev.lepus.api.names;

import dev.lepus.api.Cap;

/** Answers of the name service. */
public sealed interface NameReply permits NameReply.Registered, NameReply.Found, NameReply.Refused {

    /**
     * The name is registered.
     *
     * @param name the name
     */
    record Registered(String name) implements NameReply {
    }

    /**
     * The name was found.
     *
     * @param name the name
     * @param cap the registered cap, derived for the asker
     */
    record Found(String name, Cap<Object> cap) implements NameReply {
    }

    /**
     * The request was refused.
     *
     * @param name the name
     * @param reason why: not allowed by the policy, or not registered
     */
    record Refused(String name, String reason) implements NameReply {
    }
}
