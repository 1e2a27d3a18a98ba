/**
 * Check points: the cheap poll the component loader inserts into component bytecode (method entries and loop
 * back-edges), through which a kernel preempts a running handler (L2 nested dispatch, L3 yield) and a watchdog stops a
 * runaway one.
 */
package dev.lepus.kernel.checkpoint;
