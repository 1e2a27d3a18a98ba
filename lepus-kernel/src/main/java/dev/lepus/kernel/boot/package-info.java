/** Boots a node from a checked system description. */
package dev.lepus.kernel.boot;
