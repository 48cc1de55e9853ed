/** Tracery's sample application: a small order service traced with {@code @Traced}. */
package dev.tracery.sample;
