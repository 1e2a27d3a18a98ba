package dev.lepus.examples.pingpong;

import dev.lepus.api.Cap;

/**
 * The message both players exchange.
 *
 * @param seq the round number
 * @param replyTo where to send the ball back
 */
public record Ball(long seq, Cap<Ball> replyTo) {
}
