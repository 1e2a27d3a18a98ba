package dev.lepus.examples.http;

import java.util.List;

import dev.lepus.api.Bytes;

/**
 * Where the example server sends a request, by its path and method, and what the answers say. A known path answers
 * {@code GET} and {@code HEAD}; another method on it gets 405, and any other path 404.
 *
 * <p>Thread contract: immutable; threadsafe.
 */
public enum Route {
    /** {@code GET /hello}: 200, {@link #TEXT_PLAIN}, {@link #HELLO_BODY}. */
    HELLO,
    /** {@code GET /json}: 200, {@link #APPLICATION_JSON}, {@link #JSON_BODY}, answered by another component. */
    JSON,
    /** {@code GET /chunked}: 200, {@link #TEXT_PLAIN}, a chunked body of the {@link #CHUNKS}. */
    CHUNKED,
    /** A known path with another method: 405, {@code Allow:} {@link #ALLOWED_METHODS}, {@link #NOT_ALLOWED_BODY}. */
    METHOD_NOT_ALLOWED,
    /** Any other path: 404, {@link #TEXT_PLAIN}, {@link #NOT_FOUND_BODY}. */
    NOT_FOUND;

    /** The type of the plain-text answers. */
    public static final String TEXT_PLAIN = "text/plain";
    /** The type of the JSON answer. */
    public static final String APPLICATION_JSON = "application/json";
    /** The body of {@link #HELLO}. */
    public static final Bytes HELLO_BODY = Bytes.utf8("Hello, World!");
    /** The body of {@link #JSON}. */
    public static final Bytes JSON_BODY = Bytes.utf8("{\"message\":\"Hello, World!\"}");
    /** The chunks of {@link #CHUNKED}'s body, in order: together {@code Hello, chunked World!}. */
    public static final List<Bytes> CHUNKS = List.of(Bytes.utf8("Hello, "), Bytes.utf8("chunked "),
        Bytes.utf8("World!"));
    /** The {@code Allow} header of {@link #METHOD_NOT_ALLOWED}. */
    public static final String ALLOWED_METHODS = "GET, HEAD";
    /** The body of {@link #METHOD_NOT_ALLOWED}. */
    public static final Bytes NOT_ALLOWED_BODY = Bytes.utf8("method not allowed\n");
    /** The body of {@link #NOT_FOUND}. */
    public static final Bytes NOT_FOUND_BODY = Bytes.utf8("not found\n");

    /**
     * The route of a request.
     *
     * @param request the request
     * @return where it goes
     */
    public static Route of(final HttpRequest request) {
        final Route route = switch (request.path()) {
            case "/hello" -> HELLO;
            case "/json" -> JSON;
            case "/chunked" -> CHUNKED;
            default -> NOT_FOUND;
        };
        final boolean allowed = request.method().equals("GET") || request.method().equals("HEAD");
        return route == NOT_FOUND || allowed ? route : METHOD_NOT_ALLOWED;
    }
}
