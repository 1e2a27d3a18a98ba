/**
 * The Lepus API: the whole operating system as a component sees it. Components, their context, capabilities,
 * promises, timers, spawning and supervision events. It has no dependencies and names no thread, lock, clock or
 * global address.
 */
package dev.lepus.api;
