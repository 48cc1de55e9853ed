package dev.tracery.it.app;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

@Path("/punctuation")
@RequestScoped
public class PunctuationResource {

  @Inject Punctuation punctuation;

  @GET
  public String finish(@QueryParam("sentence") String sentence) {
    return punctuation.finish(sentence);
  }
}
