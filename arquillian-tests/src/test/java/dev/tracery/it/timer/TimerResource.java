package dev.tracery.it.timer;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** Sets off the timer; its callback runs later, on the timer service's thread. */
@Path("timer")
@RequestScoped
public class TimerResource {

  @Inject Alarm alarm;

  @GET
  public String setOff() {
    alarm.setOff();
    return "set";
  }
}
