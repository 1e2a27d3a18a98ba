package dev.lepus.examples.counter;

import java.time.Duration;

import dev.lepus.api.ApiGroup;
import dev.lepus.api.Cap;
import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;

/** Adds one every second; answers {@link Counter.Get} with the total. */
@Manifest(name = "counter", groups = {ApiGroup.CORE, ApiGroup.TIMERS})
public final class CounterComponent implements Component<Counter> {

    private long total;

    /** A counter at zero. */
    public CounterComponent() {
    }

    @Override
    public void onStart(final Context<Counter> ctx) {
        ctx.every(Duration.ofSeconds(1), new Counter.Add(1));
    }

    @Override
    public void onMessage(final Context<Counter> ctx, final Counter m) {
        switch (m) {
            case Counter.Add(long n) -> total += n;
            case Counter.Get(Cap<Long> to) -> ctx.send(to, total);
        }
    }
}
