/** The smallest system: one component that greets, ticks a few times on a timer, and shuts the system down. */
package dev.lepus.examples.hello;
