/**
 * Class files for the loader's tests: {@code hostile} classes each break one rule of the bytecode verifier;
 * {@code legit} classes use the language freely and must be accepted.
 */
package dev.lepus.kernel.loader.corpus;
