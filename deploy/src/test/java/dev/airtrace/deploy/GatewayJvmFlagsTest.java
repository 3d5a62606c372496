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
  private static String launcherEdgeFlags() {
    String script = RepoFiles.read(RepoFiles.path("airtrace"));
    Matcher m = Pattern.compile("(?s)edge_gateway_opts=\"(.*?)\"").matcher(script);
    assertThat(m.find()).as("./airtrace defines edge_gateway_opts").isTrue();
    return m.group(1).replace("\\\n", " ").replaceAll("\\s+", " ").trim();
  }

  @Test
  void shouldGiveTheGatewayABoundedSerialHeapNotTheTwoGigabyteDefault() {
    String flags = launcherEdgeFlags();
    assertThat(flags).contains("-XX:+UseSerialGC").contains("-Xmx384m").doesNotContain("-Xmx2g");
    String script = RepoFiles.read(RepoFiles.path("airtrace"));
    assertThat(script).contains("gateway)\n    default_opts=\"$edge_gateway_opts\"");
  }
}
