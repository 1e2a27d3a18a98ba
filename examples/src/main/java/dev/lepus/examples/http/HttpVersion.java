package dev.lepus.examples.http;

/**
 * The HTTP versions a request may name: the server speaks HTTP/1.1 and answers HTTP/1.0 clients in kind.
 *
 * <p>Thread contract: immutable; threadsafe.
 */
public enum HttpVersion {
    /** {@code HTTP/1.0}: a connection closes after each response unless the request asks to keep it alive. */
    HTTP_1_0,
    /** {@code HTTP/1.1}: a connection persists unless the request asks to close it. */
    HTTP_1_1
}
