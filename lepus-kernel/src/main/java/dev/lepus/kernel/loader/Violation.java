package dev.lepus.kernel.loader;

/**
 * One thing the loader refuses in a class: where it is, which rule it breaks, and what exactly it is.
 *
 * <p>The place is a method and the bytecode offset of the instruction ({@code offset >= 0}); or a field
 * ({@code offset == -1}, {@code descriptor} a field descriptor); or the class itself ({@code member} empty), for a
 * protocol that is not deeply immutable. A {@code synchronized} method is reported at offset 0, where its monitor is
 * entered.
 *
 * <p>Thread contract: immutable and threadsafe.
 *
 * @param className the class, as a binary name ({@code com.example.Worker$Helper})
 * @param member the method or field name, or {@code ""} for the class itself
 * @param descriptor the method or field descriptor ({@code (J)V}), or {@code ""} for the class itself
 * @param offset the bytecode offset in the method, or -1 for a field or the class
 * @param rule the rule it breaks
 * @param detail what exactly: the call ({@code java/lang/System.exit(I)V}), the field type, the message component
 */
public record Violation(String className, String member, String descriptor, int offset, Rule rule, String detail) {

    /** The offset of a violation that is not at an instruction. */
    public static final int NO_OFFSET = -1;

    /**
     * The place, as {@code Class.method(desc) @offset}, {@code Class.field:desc} or {@code Class}.
     *
     * @param simpleNames whether to drop the package from the class name
     * @return the place
     */
    public String where(final boolean simpleNames) {
        final String cls = simpleNames ? className.substring(className.lastIndexOf('.') + 1) : className;
        if (member.isEmpty()) {
            return cls;
        }
        if (descriptor.startsWith("(")) {
            return cls + "." + member + descriptor + (offset >= 0 ? " @" + offset : "");
        }
        return cls + "." + member + ":" + descriptor;
    }

    /**
     * One line for people: {@code Class.method(desc) @offset: rule: detail}, with simple class names.
     *
     * @return the line
     */
    public String toShortString() {
        return where(true) + ": " + rule.description() + ": " + detail;
    }

    /**
     * One line for people: {@code Class.method(desc) @offset: rule: detail}, with the full class name.
     *
     * @return the line
     */
    @Override
    public String toString() {
        return where(false) + ": " + rule.description() + ": " + detail;
    }
}
