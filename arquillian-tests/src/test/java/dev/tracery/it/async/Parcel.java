package dev.tracery.it.async;

/** The payload of the asynchronous CDI event. */
public record Parcel(String id) {}
