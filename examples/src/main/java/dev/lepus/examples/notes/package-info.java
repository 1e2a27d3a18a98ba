/** A component that keeps its notes in the file system kept as tables (the fs API group). */
package dev.lepus.examples.notes;
