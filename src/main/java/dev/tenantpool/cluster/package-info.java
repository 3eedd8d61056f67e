/**
 * The cluster budget ({@code tenantpool.clusterBudget}): application instances that share a
 * PostgreSQL coordination database split each server's connection cap between them, following
 * demand, through a table and advisory locks in that database. Talks to the pool package (the
 * per-instance {@link dev.tenantpool.pool.ConnectionBudget} whose limit it moves).
 */
package dev.tenantpool.cluster;
