/** Many components, many messages: sources on every kernel send to a thousand workers spread over the kernels. */
package dev.lepus.examples.fanout;
