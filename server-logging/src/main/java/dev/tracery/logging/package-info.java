/**
 * Log correlation for servers whose logging is java.util.logging (Payara): {@link
 * dev.tracery.logging.TraceContextHandler} and {@link dev.tracery.logging.TraceContextFilter} add
 * the {@code trace_id}, {@code span_id} and {@code trace_flags} of the span current in the logging
 * thread's application to each record logged while a span is current, asking the Tracery bundled in
 * that application. This jar goes on the server's class path, never into a WAR. Public API: those
 * two classes and their configuration properties.
 */
package dev.tracery.logging;
