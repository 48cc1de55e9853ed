package dev.tracery.it.mapped;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

@Provider
public class RefusedMapper implements ExceptionMapper<RefusedException> {
  @Override
  public Response toResponse(RefusedException exception) {
    return Response.status(409).entity(exception.getMessage()).build();
  }
}
