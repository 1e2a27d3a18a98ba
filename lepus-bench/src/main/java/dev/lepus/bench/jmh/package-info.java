/** JMH micro benchmarks of the kernel's hot paths: the channel round, same-kernel send and dispatch, the duty cycle. */
package dev.lepus.bench.jmh;
