/**
 * Durable OS state in a transactional database (embedded H2 by default, PostgreSQL for clusters): the component
 * registry, grants, the system description that booted, and the snapshot index.
 */
package dev.lepus.store;
