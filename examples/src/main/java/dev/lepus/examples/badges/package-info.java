/** A server that tells its clients apart by the badges of the caps they were given. */
package dev.lepus.examples.badges;
