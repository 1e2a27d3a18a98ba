package dev.lepus.kernel.description;

import java.io.Serial;
import java.util.List;

/**
 * A system description with mistakes. The message lists every mistake found, each as {@code FILE:LINE:COLUMN:
 * KEY.PATH: what is wrong}, so all can be fixed in one go. Nothing has started when this is thrown.
 */
public final class DescriptionException extends Exception {

    @Serial
    private static final long serialVersionUID = 1L;

    private final transient List<String> errors;

    /**
     * Creates the exception.
     *
     * @param errors the mistakes, one line each
     */
    public DescriptionException(final List<String> errors) {
        super(errors.size() + (errors.size() == 1 ? " error" : " errors") + " in the system description:\n  "
            + String.join("\n  ", errors));
        this.errors = List.copyOf(errors);
    }

    /**
     * The mistakes, one line each.
     *
     * @return the lines
     */
    public List<String> errors() {
        return errors;
    }
}
