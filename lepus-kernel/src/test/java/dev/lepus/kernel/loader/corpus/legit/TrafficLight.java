package dev.lepus.kernel.loader.corpus.legit;

import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;

/** Legit: an enum protocol with final fields and constant bodies, a classic enum switch and a switch expression. */
@Manifest(name = "light")
public final class TrafficLight implements Component<TrafficLight.Light> {

    /** The protocol. */
    public enum Light {
        /** Stop. */
        RED(30) {
            @Override
            Light next() {
                return GREEN;
            }
        },
        /** Careful. */
        AMBER(3) {
            @Override
            Light next() {
                return RED;
            }
        },
        /** Go. */
        GREEN(25) {
            @Override
            Light next() {
                return AMBER;
            }
        };

        private final int seconds;

        Light(final int seconds) {
            this.seconds = seconds;
        }

        abstract Light next();
    }

    private Light current = Light.RED;

    /** A fresh instance. */
    public TrafficLight() {
    }

    @Override
    public void onMessage(final Context<Light> ctx, final Light message) {
        switch (message) {
            case RED:
                ctx.log("stop for " + message.seconds + "s");
                break;
            case AMBER:
                ctx.log("careful");
                break;
            default:
                ctx.log("go");
                break;
        }
        final String word = switch (current.next()) {
            case RED -> "red";
            case AMBER -> "amber";
            case GREEN -> "green";
        };
        current = current.next();
        ctx.log("next " + word);
    }
}
