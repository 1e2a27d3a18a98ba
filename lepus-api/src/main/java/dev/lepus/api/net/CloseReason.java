package dev.lepus.api.net;

/**
 * Why a connection closed, as {@link NetHandler#onClosed} reports it. A connection past its listener's maximum is
 * never given to the component (it is reset at accept and counted); the sockets of a component that stops or restarts
 * are reset with no event, for its instance is gone.
 */
public enum CloseReason {
    /** The other end closed it (end of stream). */
    CLOSED_BY_PEER,
    /** The component closed it ({@link Connection#close()} or {@link Connection#abort()}). */
    CLOSED_BY_SELF,
    /** A read or write failed (a reset by the other end, for instance). */
    IO_ERROR,
    /** Nothing arrived within its idle timeout. */
    IDLE_TIMEOUT,
    /** Its unconsumed input passed the listener's input limit. */
    INPUT_LIMIT,
    /** A connect could not be made (refused, unreachable, unknown host). */
    CONNECT_FAILED,
    /** A connect took longer than its timeout. */
    CONNECT_TIMEOUT,
    /** A hand-over to another component could not be done. */
    HANDOVER_FAILED
}
