/** The journal's storage layer: append-only, checksummed segment files (or an in-memory ring) of kernel inputs. */
package dev.lepus.kernel.journal;
