/**
 * Implementation of {@link dev.tracery.Traced}: the interceptors and the per-method metadata they
 * use. Not for public use; the classes are public only so that the CDI container and Tracery's
 * extension can reach them.
 */
package dev.tracery.interceptors;
