package dev.tracery.sample;

/** An order as the API shows it. */
public record Order(String id, String item, int quantity, long priceCents) {}
