/**
 * JAX-RS and MicroProfile Rest Client calls, on every runtime: a CLIENT span per request and the
 * trace context written into its headers. Not for public use.
 */
package dev.tracery.jaxrs.client;
