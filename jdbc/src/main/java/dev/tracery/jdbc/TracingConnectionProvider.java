package dev.tracery.jdbc;

import java.util.Map;
import org.hibernate.engine.jdbc.connections.internal.DatasourceConnectionProviderImpl;

/**
 * Hibernate's data source connection provider (the one it uses for a persistence unit's {@code
 * jta-data-source}) with the data source wrapped by {@link
 * TracedDataSources#wrap(javax.sql.DataSource)}. Named in {@code persistence.xml}; the JPA code
 * stays as it is:
 *
 * <pre>{@code
 * <property name="hibernate.connection.provider_class" value="dev.tracery.jdbc.TracingConnectionProvider"/>
 * }</pre>
 *
 * <p>Only Hibernate loads this class; on a server with another JPA provider the property is
 * ignored.
 */
public class TracingConnectionProvider extends DatasourceConnectionProviderImpl {

  @Override
  public void configure(Map<String, Object> settings) {
    super.configure(settings);
    setDataSource(TracedDataSources.wrap(getDataSource()));
  }
}
