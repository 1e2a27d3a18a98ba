/** The hashed timer wheel each kernel keeps for its components' timers and its asks' timeouts. */
package dev.lepus.kernel.timer;
