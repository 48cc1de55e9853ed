/**
 * Database spans for Tracery (the optional {@code tracery-jdbc} artifact): every statement run
 * through a container {@code DataSource} becomes a CLIENT span of the application's own
 * OpenTelemetry, made by OpenTelemetry's JDBC library instrumentation with the stable database
 * semantic conventions.
 *
 * <p>Public API: {@link dev.tracery.jdbc.TracedDataSources}, and the two classes a persistence unit
 * names in {@code persistence.xml}: {@link dev.tracery.jdbc.TracingConnectionProvider} (Hibernate,
 * WildFly) and {@link dev.tracery.jdbc.TracingSessionCustomizer} (EclipseLink, Payara). Everything
 * else is internal.
 */
package dev.tracery.jdbc;
