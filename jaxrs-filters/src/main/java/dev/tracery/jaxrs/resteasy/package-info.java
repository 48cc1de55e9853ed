/**
 * RESTEasy (WildFly) only, listed in {@code META-INF/services/jakarta.ws.rs.ext.Providers}, which
 * only RESTEasy reads: carries the caller's context onto RESTEasy's asynchronous client threads.
 * Jersey never loads these classes. Not for public use.
 */
package dev.tracery.jaxrs.resteasy;
