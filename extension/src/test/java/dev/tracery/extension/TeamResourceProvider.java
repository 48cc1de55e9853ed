package dev.tracery.extension;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ResourceProvider;
import io.opentelemetry.sdk.resources.Resource;

/**
 * An application's own resource provider reading an {@code otel.*} key Tracery knows nothing about.
 */
public class TeamResourceProvider implements ResourceProvider {
  static final AttributeKey<String> TEAM = AttributeKey.stringKey("test.team");

  @Override
  public Resource createResource(ConfigProperties config) {
    String team = config.getString("otel.test.team");
    return team == null ? Resource.empty() : Resource.create(Attributes.of(TEAM, team));
  }
}
