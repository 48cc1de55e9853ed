package dev.tracery.it.async;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;

/** Observes the asynchronous event on the container's notification thread. */
@ApplicationScoped
public class ParcelObserver {

  @Inject Worker worker;

  void delivered(@ObservesAsync Parcel parcel) {
    worker.work("fire-async");
  }
}
