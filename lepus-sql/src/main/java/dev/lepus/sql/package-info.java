/** The system state as SQL tables (Apache Calcite), the admin endpoint that serves them, and its client. */
package dev.lepus.sql;
