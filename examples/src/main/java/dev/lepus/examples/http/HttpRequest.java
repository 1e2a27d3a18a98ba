package dev.lepus.examples.http;

import java.util.Objects;
import java.util.Optional;

import dev.lepus.api.Bytes;

/**
 * A whole request, as {@link HttpRequestParser} read it. Immutable, so it may travel as a message to the component
 * that answers it.
 *
 * <p>Thread contract: immutable; threadsafe.
 *
 * @param method the method as sent, such as {@code GET} (case matters: {@code get} is another method)
 * @param target the request target as sent, such as {@code /hello?name=x}
 * @param path the target's path, not percent-decoded, such as {@code /hello}: the target up to its {@code ?} for a
 *     target that starts with {@code /}, the path after the authority for an absolute target
 *     ({@code http://host/hello}, {@code /} if it has none), {@code *} for the asterisk target
 * @param query the target's query, what follows its first {@code ?}; empty if it has none
 * @param version the version the request named
 * @param headers its header fields; trailer fields of a chunked body are not among them
 * @param body its body, with the chunked coding removed; {@link Bytes#EMPTY} if it has none
 * @param keepAlive whether the connection persists after the answer: for HTTP/1.1 unless a {@code Connection}
 *     header says {@code close}, for HTTP/1.0 only if one says {@code keep-alive} (and none {@code close})
 */
public record HttpRequest(String method, String target, String path, String query, HttpVersion version,
        HttpHeaders headers, Bytes body, boolean keepAlive) {

    /** Checks that nothing is null. */
    public HttpRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
    }

    /**
     * The value of the first header field with a name, ignoring case.
     *
     * @param name the name
     * @return its value, or empty if there is none
     */
    public Optional<String> header(final String name) {
        return headers.first(name);
    }

    /**
     * Whether it is a {@code HEAD} request, whose answer has the headers of a {@code GET} answer and no body.
     *
     * @return true for {@code HEAD}
     */
    public boolean isHead() {
        return "HEAD".equals(method);
    }

    /**
     * This request with its body, once the body is whole.
     *
     * @param content the body
     * @return a copy with it
     */
    HttpRequest withBody(final Bytes content) {
        return new HttpRequest(method, target, path, query, version, headers, content, keepAlive);
    }
}
