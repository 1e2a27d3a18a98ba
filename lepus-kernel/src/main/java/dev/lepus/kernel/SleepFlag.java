package dev.lepus.kernel;

/*
 * The kernel's sleeping flag on a cache line of its own. Producers on other kernels read it after every publish
 * (Kernel.flush); the kernel writes its duty-cycle fields (nowNs, the ready queue) all the time. Sharing a line would
 * move that line between cores at every cross-kernel send. Superclass fields are laid out first, so the chain
 * LeftPad -> SleepFlag -> RightPad -> Kernel puts 64 bytes on each side of the flag.
 */

/** Padding before the sleeping flag. */
abstract class SleepFlagLeftPad {
    long l0, l1, l2, l3, l4, l5, l6, l7;
}

/** The flag: 1 while the kernel announces it may park (see the sleep protocol in {@link Kernel}). */
abstract class SleepFlag extends SleepFlagLeftPad {
    /** Volatile store by its kernel, volatile load by producers. */
    volatile int sleeping;
}

/** Padding after the sleeping flag, before the kernel's own fields. */
abstract class SleepFlagRightPad extends SleepFlag {
    long r0, r1, r2, r3, r4, r5, r6, r7;
}
