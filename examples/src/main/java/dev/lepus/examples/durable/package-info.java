/** A system that survives kill -9: tickers and a ledger whose state a durable restart restores exactly. */
package dev.lepus.examples.durable;
