/** The side-by-side suite behind {@code lepus bench}: Lepus and its peer measured in the same run, as ratios. */
package dev.lepus.bench.suite;
