/** Two components on two kernels exchange a ball and measure the round trip. */
package dev.lepus.examples.pingpong;
