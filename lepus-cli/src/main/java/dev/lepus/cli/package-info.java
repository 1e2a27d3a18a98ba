/** The {@code lepus} command: run a system, run the benchmarks. */
package dev.lepus.cli;
