package dev.lepus.examples.http;

import dev.lepus.api.Bytes;
import dev.lepus.api.Cap;

/** The messages of the HTTP example: a server asks the JSON service for a body and gets it back. */
public sealed interface HttpProtocol {

    /**
     * A server asks for the body of {@code GET /json}.
     *
     * @param replyTo the server
     * @param connection the connection the request came on
     */
    record JsonRequest(Cap<HttpProtocol> replyTo, long connection) implements HttpProtocol {
    }

    /**
     * The JSON service's answer.
     *
     * @param connection the connection to answer on
     * @param body the JSON document
     */
    record JsonReply(long connection, Bytes body) implements HttpProtocol {
    }
}
