package dev.lepus.api;

/**
 * The supervision event: a child's handler threw, and the kernel applied the child's {@link RestartPolicy}.
 *
 * @param child the failed child's cap (still valid if it was restarted)
 * @param childName the child's name
 * @param cause what the handler threw
 * @param action what the kernel did: restarted, stopped, or escalated (then this supervisor fails too)
 * @param restarts how many restarts fall in the policy's window, this one included
 */
public record Failure(Cap<?> child, String childName, Throwable cause, RestartPolicy.Action action, int restarts) {
}
