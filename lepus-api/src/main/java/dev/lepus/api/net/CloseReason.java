package dev.lepus.api.net;

/** Why a connection closed, as {@link NetHandler#onClosed} reports it. */
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
    /** Its listener had its maximum of open connections. */
    TOO_MANY_CONNECTIONS,
    /** A connect could not be made (refused, unreachable, unknown host). */
    CONNECT_FAILED,
    /** A connect took longer than its timeout. */
    CONNECT_TIMEOUT,
    /** A hand-over to another component could not be done. */
    HANDOVER_FAILED,
    /** The component or its node stopped. */
    STOPPED
}
