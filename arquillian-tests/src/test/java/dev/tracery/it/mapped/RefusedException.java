package dev.tracery.it.mapped;

/** What {@link StockResource} throws and {@link RefusedMapper} maps to 409. */
public class RefusedException extends RuntimeException {
  public RefusedException(String message) {
    super(message);
  }
}
