package dev.lepus.kernel.loader.corpus.hostile;

/**
 * Hostile: an enum whose constants have a field that is not final. Enum constants are shared by every component on
 * every kernel, so this is mutable static state. Breaks MUTABLE_STATIC.
 */
public enum EnumWithMutableField {
    /** One. */
    ON,
    /** The other. */
    OFF;

    private int hits;

    /** @return the hits so far, after counting this one */
    public int hit() {
        return ++hits;
    }
}
