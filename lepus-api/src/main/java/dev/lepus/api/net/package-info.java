/**
 * The {@code net} API group: TCP sockets owned by a kernel. A component whose manifest declares
 * {@link dev.lepus.api.ApiGroup#NET} and that implements {@link dev.lepus.api.net.NetHandler} listens and connects
 * through {@link dev.lepus.api.Context#net()}; what happens on its sockets reaches it as events of its own, on its
 * kernel, in order with its messages, so socket I/O never blocks a kernel.
 */
package dev.lepus.api.net;
