package dev.lepus.examples.pingpong;

import dev.lepus.api.Component;
import dev.lepus.api.Context;

/** Returns every ball to its sender. */
public final class Pong implements Component<Ball> {

    /** A fresh player. */
    public Pong() {
    }

    @Override
    public void onMessage(final Context<Ball> ctx, final Ball ball) {
        ctx.send(ball.replyTo(), new Ball(ball.seq(), ctx.self()));
    }
}
