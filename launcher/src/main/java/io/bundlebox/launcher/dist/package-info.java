/**
 * Build-time only (left out of the launcher jar): makes the distribution folders and archives
 * of {@code cnf/profiles/}; see {@link io.bundlebox.launcher.dist.DistributionBuilder}.
 */
package io.bundlebox.launcher.dist;
