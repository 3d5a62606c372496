package dev.airtrace.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code ./airtrace gateway} starts the JVM with the edge flags (docs/operations.md#edge-memory),
 * not the 2 GB heap the other commands get. (Compose's gateway still sizes its heap from the
 * container limit: its services are configured through {@code AIRTRACE_*} variables only, see
 * {@link ComposeFileTest}.)
 */
class GatewayJvmFlagsTest {
  /** A fully grown detector series, JOL ({@code SeriesMemoryTest}, docs/anomaly.md#memory). */
  private static final long FULLY_GROWN_SERIES_BYTES = 16_842;

  /** {@code AnomalyConfig}'s default {@code maxSeries}. */
  private static final long MAX_SERIES = 10_000;

  /** The Kafka producer's {@code buffer.memory} (Kafka's default, 32 MiB). */
  private static final long PRODUCER_BUFFER_BYTES = 32L << 20;

  /** The live heap with anomaly detection off (#13), the rest of the gateway. */
  private static final long REST_BYTES = 50L << 20;

  private static String launcher() {
    return RepoFiles.read(RepoFiles.path("airtrace"));
  }

  private static String launcherEdgeFlags() {
    Matcher m = Pattern.compile("(?s)edge_gateway_opts=\"(.*?)\"").matcher(launcher());
    assertThat(m.find()).as("./airtrace defines edge_gateway_opts").isTrue();
    return m.group(1).replace("\\\n", " ").replaceAll("\\s+", " ").trim();
  }

  private static long megabytes(String flags, String prefix) {
    Matcher m = Pattern.compile(Pattern.quote(prefix) + "(\\d+)m\\b").matcher(flags);
    assertThat(m.find()).as("flags set %s<n>m: %s", prefix, flags).isTrue();
    return Long.parseLong(m.group(1)) << 20;
  }

  @Test
  void shouldGiveTheGatewayABoundedSerialHeapNotTheTwoGigabyteDefault() {
    String flags = launcherEdgeFlags();
    assertThat(flags).contains("-XX:+UseSerialGC").contains("-Xmx384m").doesNotContain("-Xmx2g");
    assertThat(launcher()).contains("gateway)\n    default_opts=\"$edge_gateway_opts\"");
  }

  @Test
  void shouldLeaveTheOldGenerationRoomForTenThousandFullyGrownSeries() {
    String flags = launcherEdgeFlags();
    long oldGeneration = megabytes(flags, "-Xmx") - megabytes(flags, "-Xmn");
    long liveAtWorst =
        MAX_SERIES * FULLY_GROWN_SERIES_BYTES + PRODUCER_BUFFER_BYTES + REST_BYTES; // 250 MB
    // 368 MB / 250 MB = 1.47: a Serial old generation this full still collects without thrashing
    assertThat((double) oldGeneration / liveAtWorst).isGreaterThanOrEqualTo(1.4);
  }

  @Test
  void shouldLetTheCommittedHeapFollowTheLiveState() {
    // Serial's defaults (40 % / 70 % free) kept 106 MB committed and touched for 64 MB live
    assertThat(launcherEdgeFlags())
        .contains("-XX:MinHeapFreeRatio=20")
        .contains("-XX:MaxHeapFreeRatio=40")
        .contains("-Xmn16m");
  }

  @Test
  void shouldTrimTheNativeHeapOnlyWhereTheJvmKnowsTheFlag() {
    String script = launcher();
    assertThat(script).contains("edge_trim_opt=\"-XX:TrimNativeHeapInterval=10000\"");
    // an older JDK 17 refuses unknown -XX flags, so the launcher probes before adding it, and only
    // when the operator did not replace the flags
    assertThat(script)
        .contains("if [[ -z \"${AIRTRACE_JAVA_OPTS:-}\" ]]; then")
        .contains("if java \"$edge_trim_opt\" -version >/dev/null 2>&1; then")
        .contains("default_opts=\"$default_opts $edge_trim_opt\"");
  }
}
