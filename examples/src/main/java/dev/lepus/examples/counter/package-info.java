/** The README's example: a counter that adds one every second and answers asks for its total. */
package dev.lepus.examples.counter;
