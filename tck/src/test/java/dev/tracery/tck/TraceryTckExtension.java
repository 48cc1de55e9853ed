package dev.tracery.tck;

import org.jboss.arquillian.container.test.spi.client.deployment.ApplicationArchiveProcessor;
import org.jboss.arquillian.core.spi.LoadableExtension;

/** Registers {@link TraceryArchiveProcessor}, which puts Tracery into every TCK deployment. */
public class TraceryTckExtension implements LoadableExtension {

  @Override
  public void register(ExtensionBuilder builder) {
    builder.service(ApplicationArchiveProcessor.class, TraceryArchiveProcessor.class);
  }
}
