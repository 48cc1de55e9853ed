package dev.tracery.extension.export;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The subdirectory names applications get in the disk buffer directory. */
class BufferOwnerTest {

  @Test
  void namesTheDirectoryAfterServiceAndDeploymentWithAHashOfBoth() {
    assertThat(BufferOwner.of("orders", "orders-1.2").directoryName())
        .matches("orders--orders-1\\.2--[0-9a-f]{12}");
  }

  @Test
  void isStableAcrossInstancesOfTheSameApplication() {
    assertThat(BufferOwner.of("orders", "orders").directoryName())
        .isEqualTo(BufferOwner.of("orders", "orders").directoryName());
  }

  @Test
  void replacesWhatIsNotSafeInAFileNameAndNeverClimbsOutOfTheDirectory() {
    String name = BufferOwner.of("../../etc/passwd", "a b/c\\d:e*\u00e9\u0000").directoryName();
    assertThat(name).matches("[A-Za-z0-9._-]+").doesNotStartWith(".");
    assertThat(name).startsWith("_._.");
  }

  @Test
  void keepsApartNamesThatReadTheSameOnceSanitisedOrDifferOnlyInCase() {
    assertThat(BufferOwner.of("a/b", "x").directoryName())
        .isNotEqualTo(BufferOwner.of("a_b", "x").directoryName());
    assertThat(BufferOwner.of("Orders", "x").directoryName().toLowerCase())
        .isNotEqualTo(BufferOwner.of("orders", "x").directoryName().toLowerCase());
    assertThat(BufferOwner.of("a--b", "c").directoryName())
        .isNotEqualTo(BufferOwner.of("a", "b--c").directoryName());
  }

  @Test
  void staysWellWithinTheLengthOfAFileName() {
    assertThat(BufferOwner.of("s".repeat(1000), "d".repeat(1000)).directoryName())
        .hasSizeLessThanOrEqualTo(64 + 2 + 64 + 2 + 12);
  }
}
