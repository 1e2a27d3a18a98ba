package dev.lepus.bench.suite;

/**
 * One measured value of one side of a comparison.
 *
 * @param value the value
 * @param unit the unit, such as {@code msg/s}, {@code round-trips/s}, {@code ns} or {@code bytes}
 * @param higherIsBetter true for rates, false for latencies, times and sizes
 * @param note what else the run counted (refused sends, events), for a progress line; empty if nothing
 */
record Measurement(double value, String unit, boolean higherIsBetter, String note) {

    /**
     * A rate: higher is better.
     *
     * @param count what was counted (messages, round trips)
     * @param elapsedNs in how long
     * @param unit the unit of the rate
     * @return the measurement
     */
    static Measurement rate(final long count, final long elapsedNs, final String unit) {
        return new Measurement(count * 1e9 / Math.max(1, elapsedNs), unit, true, "");
    }

    /**
     * A cost per operation (nanoseconds or bytes): lower is better.
     *
     * @param total the total (nanoseconds, bytes)
     * @param count the operations
     * @param unit the unit
     * @return the measurement
     */
    static Measurement per(final double total, final long count, final String unit) {
        return new Measurement(total / count, unit, false, "");
    }

    /**
     * The same measurement with a note.
     *
     * @param text the note
     * @return a copy with the note
     */
    Measurement note(final String text) {
        return new Measurement(value, unit, higherIsBetter, text);
    }
}
