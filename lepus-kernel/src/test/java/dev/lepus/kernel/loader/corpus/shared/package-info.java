/**
 * Two components that share a helper which opens a socket: one declares NET, the other does not. The loader verifies
 * the helper against the groups both declare.
 */
package dev.lepus.kernel.loader.corpus.shared;
