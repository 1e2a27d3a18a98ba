/**
 * The multikernel: a node of per-core L1 kernels, the component cells they own, messaging between them, timers,
 * asks and supervision. Kernels share no mutable state; they talk only through channels and commands.
 */
package dev.lepus.kernel;
