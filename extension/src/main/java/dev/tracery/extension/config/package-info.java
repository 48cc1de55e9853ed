/**
 * Tracery's configuration: the one table of keys ({@link dev.tracery.extension.config.ConfigKeys}),
 * the parsers that read and validate their values ({@link
 * dev.tracery.extension.config.ConfigValues}), and the immutable configuration read once at
 * deployment ({@link dev.tracery.extension.config.TraceryConfig}) with its {@code http} and {@code
 * export} sections. Not for public use.
 */
package dev.tracery.extension.config;
