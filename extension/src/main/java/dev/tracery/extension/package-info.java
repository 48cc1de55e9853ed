/**
 * Tracery's CDI portable extension and what it builds: configuration from MicroProfile Config, the
 * OpenTelemetry SDK through autoconfigure, and the injectable beans. Not for public use;
 * applications reach Tracery through {@link dev.tracery.Traced}, the standard OpenTelemetry types
 * it makes injectable, and configuration.
 */
package dev.tracery.extension;
