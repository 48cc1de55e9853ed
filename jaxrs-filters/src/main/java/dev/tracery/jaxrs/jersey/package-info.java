/**
 * Jersey (Payara) only, found through {@code
 * META-INF/services/org.glassfish.jersey.internal.spi.ForcedAutoDiscoverable}: registers Tracery's
 * filters with every Jersey application and client, and ends CLIENT spans of calls that fail
 * without a response. RESTEasy never loads these classes. Not for public use.
 */
package dev.tracery.jaxrs.jersey;
