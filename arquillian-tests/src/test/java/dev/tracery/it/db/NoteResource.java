package dev.tracery.it.db;

import dev.tracery.jdbc.TracedDataSources;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * The test's endpoints: JPA writes and reads, a rolled-back write, and plain JDBC on a wrapped
 * DataSource.
 */
@Path("/notes")
@RequestScoped
public class NoteResource {

  @Inject NoteStore store;

  @Resource(lookup = "java:comp/DefaultDataSource")
  DataSource dataSource;

  @POST
  public String add(@QueryParam("text") String text) {
    return String.valueOf(store.add(text));
  }

  @POST
  @Path("/rollback")
  public Response addThenFail(@QueryParam("text") String text) {
    try {
      store.addThenFail(text);
      return Response.ok().build();
    } catch (RuntimeException e) {
      return Response.status(Response.Status.CONFLICT).entity("rolled back").build();
    }
  }

  @GET
  @Path("/count")
  public String count() {
    return String.valueOf(store.countVisible());
  }

  @GET
  @Path("/jdbc")
  public String jdbc() throws SQLException {
    try (Connection c = TracedDataSources.wrap(dataSource).getConnection();
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery("SELECT COUNT(*) FROM IT_NOTES WHERE text = 'plain-jdbc-literal'")) {
      r.next();
      return String.valueOf(r.getLong(1));
    }
  }
}
