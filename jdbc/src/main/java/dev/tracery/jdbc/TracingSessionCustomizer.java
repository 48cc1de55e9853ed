package dev.tracery.jdbc;

import javax.sql.DataSource;
import org.eclipse.persistence.config.SessionCustomizer;
import org.eclipse.persistence.sessions.Connector;
import org.eclipse.persistence.sessions.DatasourceLogin;
import org.eclipse.persistence.sessions.JNDIConnector;
import org.eclipse.persistence.sessions.Login;
import org.eclipse.persistence.sessions.Session;
import org.eclipse.persistence.sessions.server.ConnectionPool;
import org.eclipse.persistence.sessions.server.ServerSession;

/**
 * An EclipseLink session customizer that wraps the data sources of a persistence unit (its {@code
 * jta-data-source}, and the non-JTA one EclipseLink reads with where the server provides it) with
 * {@link TracedDataSources#wrap(DataSource)}. Named in {@code persistence.xml}; the JPA code stays
 * as it is:
 *
 * <pre>{@code
 * <property name="eclipselink.session.customizer" value="dev.tracery.jdbc.TracingSessionCustomizer"/>
 * }</pre>
 *
 * <p>Only EclipseLink loads this class; on a server with another JPA provider the property is
 * ignored.
 */
public class TracingSessionCustomizer implements SessionCustomizer {

  @Override
  public void customize(Session session) {
    wrap(session.getDatasourceLogin());
    if (session instanceof ServerSession server) {
      ConnectionPool read = server.getReadConnectionPool();
      if (read != null) {
        wrap(read.getLogin());
      }
      for (ConnectionPool pool : server.getConnectionPools().values()) {
        wrap(pool.getLogin());
      }
    }
  }

  private static void wrap(Login login) {
    if (login instanceof DatasourceLogin datasourceLogin) {
      Connector connector = datasourceLogin.getConnector();
      if (connector instanceof JNDIConnector jndi && jndi.getDataSource() != null) {
        jndi.setDataSource(TracedDataSources.wrap(jndi.getDataSource()));
      }
    }
  }
}
