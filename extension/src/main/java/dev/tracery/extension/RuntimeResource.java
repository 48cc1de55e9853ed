package dev.tracery.extension;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.resources.Resource;
import java.net.InetAddress;
import java.util.Locale;

/**
 * The host, operating system and Java runtime attributes of the resource, as the semantic
 * conventions name them. Their keys are still in the incubating semantic conventions, which is an
 * alpha artifact; the few used here are declared locally rather than bundling it.
 */
final class RuntimeResource {

  static final AttributeKey<String> HOST_NAME = AttributeKey.stringKey("host.name");
  static final AttributeKey<String> OS_TYPE = AttributeKey.stringKey("os.type");
  static final AttributeKey<String> OS_DESCRIPTION = AttributeKey.stringKey("os.description");
  static final AttributeKey<String> PROCESS_RUNTIME_NAME =
      AttributeKey.stringKey("process.runtime.name");
  static final AttributeKey<String> PROCESS_RUNTIME_VERSION =
      AttributeKey.stringKey("process.runtime.version");
  static final AttributeKey<String> PROCESS_RUNTIME_DESCRIPTION =
      AttributeKey.stringKey("process.runtime.description");

  private RuntimeResource() {}

  static Resource get() {
    AttributesBuilder attributes = Attributes.builder();
    String host = hostName();
    if (host != null) {
      attributes.put(HOST_NAME, host);
    }
    String osName = System.getProperty("os.name");
    if (osName != null) {
      attributes.put(OS_TYPE, osType(osName));
      attributes.put(OS_DESCRIPTION, osName + ' ' + System.getProperty("os.version", ""));
    }
    putIfSet(attributes, PROCESS_RUNTIME_NAME, System.getProperty("java.runtime.name"));
    putIfSet(attributes, PROCESS_RUNTIME_VERSION, System.getProperty("java.runtime.version"));
    putIfSet(
        attributes,
        PROCESS_RUNTIME_DESCRIPTION,
        System.getProperty("java.vm.vendor")
            + ' '
            + System.getProperty("java.vm.name")
            + ' '
            + System.getProperty("java.vm.version"));
    return Resource.create(attributes.build());
  }

  private static void putIfSet(
      AttributesBuilder attributes, AttributeKey<String> key, String value) {
    if (value != null && !value.isEmpty()) {
      attributes.put(key, value);
    }
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception | LinkageError e) {
      String env = System.getenv("HOSTNAME");
      return env == null || env.isEmpty() ? null : env;
    }
  }

  /** Maps {@code os.name} to the {@code os.type} values of the semantic conventions. */
  static String osType(String osName) {
    String name = osName.toLowerCase(Locale.ROOT);
    if (name.startsWith("windows")) {
      return "windows";
    }
    if (name.startsWith("linux")) {
      return "linux";
    }
    if (name.startsWith("mac")) {
      return "darwin";
    }
    if (name.startsWith("freebsd")) {
      return "freebsd";
    }
    if (name.startsWith("netbsd")) {
      return "netbsd";
    }
    if (name.startsWith("openbsd")) {
      return "openbsd";
    }
    if (name.startsWith("dragonflybsd")) {
      return "dragonflybsd";
    }
    if (name.startsWith("hp-ux")) {
      return "hpux";
    }
    if (name.startsWith("aix")) {
      return "aix";
    }
    if (name.startsWith("solaris") || name.startsWith("sunos")) {
      return "solaris";
    }
    if (name.startsWith("z/os")) {
      return "z_os";
    }
    return name;
  }
}
