/** An HTTP/1.1 server: keep-alive, pipelining, chunked responses, answered by components. */
package dev.lepus.examples.http;
