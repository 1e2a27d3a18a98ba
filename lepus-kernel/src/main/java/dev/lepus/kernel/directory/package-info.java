/** A single-writer directory of live objects that readers on other threads scan without locks. */
package dev.lepus.kernel.directory;
