/**
 * Tracery's sample application: an order service, traced with {@code @Traced} and Tracery's
 * filters.
 */
package dev.tracery.sample;
