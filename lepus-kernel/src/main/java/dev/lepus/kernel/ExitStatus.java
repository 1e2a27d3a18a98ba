package dev.lepus.kernel;

/**
 * How a node ended.
 *
 * @param code the process exit code: 0 for success, what a component passed to shutdown, or {@link #FAILURE}
 * @param reason why, in words
 */
public record ExitStatus(int code, String reason) {

    /** A root component failed past its restart policy, and the failure escalated to the node. */
    public static final int FAILURE = 1;
    /** The system description was wrong; nothing started. */
    public static final int DESCRIPTION_ERROR = 2;
}
