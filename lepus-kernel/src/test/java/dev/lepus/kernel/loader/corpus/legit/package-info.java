/** Legitimate components that use records, sealed interfaces, patterns, lambdas, streams and collections. */
package dev.lepus.kernel.loader.corpus.legit;
