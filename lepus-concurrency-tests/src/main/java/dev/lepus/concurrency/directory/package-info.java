/** jcstress tests of the memory ordering of {@link dev.lepus.kernel.directory.SlotDirectory}. */
package dev.lepus.concurrency.directory;
