/** The one-way single-producer single-consumer channel that carries messages between two kernels of a node. */
package dev.lepus.kernel.channel;
