package dev.lepus.api;

/** The named slices of the API that a {@link Manifest} declares before a component may use them. */
public enum ApiGroup {
    /** Messaging, spawning, stopping, names of self, config, log. Always granted. */
    CORE,
    /** {@link Context#after}, {@link Context#every} and {@link Context#cancel}. */
    TIMERS,
    /** TCP sockets: {@link Context#net()} (see {@link dev.lepus.api.net.Net}). */
    NET,
    /** Files as tables (a later issue). */
    FS,
    /** Off-heap memory segments (a later issue). */
    MEMORY,
    /** Blocking-style await (kernels L3 and up). */
    AWAIT,
    /** Threads (kernels L3 and up). */
    THREADS
}
