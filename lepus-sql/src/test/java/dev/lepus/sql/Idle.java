package dev.lepus.sql;

import dev.lepus.api.Component;
import dev.lepus.api.Context;

/** A component that does nothing: rows for the tables. */
final class Idle implements Component<Object> {

    @Override
    public void onMessage(final Context<Object> ctx, final Object message) {
        // nothing
    }
}
