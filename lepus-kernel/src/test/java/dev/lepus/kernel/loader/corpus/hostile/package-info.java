/** Hostile components: each breaks exactly one rule of the bytecode verifier, named in its Javadoc. */
package dev.lepus.kernel.loader.corpus.hostile;
