/** Clocks as interfaces, so that replay and tests drive time by hand. */
package dev.lepus.kernel.clock;
