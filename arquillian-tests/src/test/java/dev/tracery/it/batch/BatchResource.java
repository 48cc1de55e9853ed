package dev.tracery.it.batch;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.util.Properties;

/**
 * Starts a job from a traced request, as an application does; with {@code ?link=true} it also puts
 * the request's trace context into the job parameters (the README's one line).
 */
@Path("batch")
@RequestScoped
public class BatchResource {

  @Inject OpenTelemetry openTelemetry;

  @GET
  @Path("start/{job}")
  public String start(@PathParam("job") String job, @QueryParam("link") boolean link) {
    Properties parameters = new Properties();
    if (link) {
      openTelemetry
          .getPropagators()
          .getTextMapPropagator()
          .inject(Context.current(), parameters, Properties::setProperty);
    }
    return Long.toString(BatchRuntime.getJobOperator().start(job, parameters));
  }

  @GET
  @Path("status/{id}")
  public String status(@PathParam("id") long id) {
    return BatchRuntime.getJobOperator().getJobExecution(id).getBatchStatus().name();
  }
}
