/** Duty-cycle agents, the idle strategies that run between their cycles, and the runner that drives them. */
package dev.lepus.kernel.agent;
