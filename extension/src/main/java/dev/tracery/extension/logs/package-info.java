/**
 * Log correlation: the current span's ids in the MDCs of the logging APIs an application sees, and
 * the entry point a server's log handler calls by name ({@code CurrentTraceIds}). Internal to
 * Tracery, not for public use; configured by {@code tracery.logs.mdc}.
 */
package dev.tracery.extension.logs;
