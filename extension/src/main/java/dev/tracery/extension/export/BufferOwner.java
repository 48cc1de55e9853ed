package dev.tracery.extension.export;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Whose disk buffer a directory is: an application, known by its {@code service.name} and its
 * deployment name, which are stable across restarts and redeploys of the same application and
 * differ between two applications on one server. Its {@link #directoryName()} is the subdirectory
 * of {@code tracery.exporter.buffer.directory} the application keeps its batches in.
 */
final class BufferOwner {

  /**
   * Longest part of a directory name taken from each of the two names, so the whole stays well
   * below 255.
   */
  private static final int MAX_PART = 64;

  private final String serviceName;
  private final String deploymentName;

  private BufferOwner(String serviceName, String deploymentName) {
    this.serviceName = serviceName;
    this.deploymentName = deploymentName;
  }

  static BufferOwner of(String serviceName, String deploymentName) {
    return new BufferOwner(
        serviceName == null || serviceName.isEmpty() ? "unknown_service" : serviceName,
        deploymentName == null || deploymentName.isEmpty() ? "unknown_deployment" : deploymentName);
  }

  /**
   * {@code <service>--<deployment>--<hash>}: both names with every character other than ASCII
   * letters, digits, {@code .}, {@code _} and {@code -} replaced by {@code _} (and cut to 64
   * characters), then the first 12 hex digits of the SHA-256 of the two names as given, so that two
   * identities that read the same once sanitised (or differ only in case, on a case-insensitive
   * file system) still get two directories.
   */
  String directoryName() {
    return sanitise(serviceName) + "--" + sanitise(deploymentName) + "--" + hash();
  }

  private static String sanitise(String name) {
    StringBuilder out = new StringBuilder(Math.min(name.length(), MAX_PART));
    for (int i = 0; i < name.length() && out.length() < MAX_PART; i++) {
      char c = name.charAt(i);
      boolean safe =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '_'
              || c == '-'
              || (c == '.' && i > 0);
      out.append(safe ? c : '_');
    }
    return out.toString();
  }

  private String hash() {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update(serviceName.getBytes(StandardCharsets.UTF_8));
      sha256.update((byte) 0);
      sha256.update(deploymentName.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha256.digest(), 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  @Override
  public String toString() {
    return "service '" + serviceName + "', deployment '" + deploymentName + "'";
  }
}
