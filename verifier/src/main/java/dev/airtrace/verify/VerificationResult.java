package dev.airtrace.verify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of verifying one proof: the verdict, a one-line reason, what each JSON-RPC endpoint
 * said, and how long the offline (Merkle) part and the whole verification took. Immutable.
 *
 * @param verdict the overall verdict; its {@link Verdict#exitCode()} is the command's exit code
 * @param reason one line, no line breaks, naming the first failed check or what was proven
 * @param endpoints one entry per {@code --rpc} endpoint that was asked, in order; empty when the
 *     offline part already failed
 * @param offline time spent on the Merkle part
 * @param total time spent on everything, network included
 */
public record VerificationResult(
    Verdict verdict,
    String reason,
    List<EndpointResult> endpoints,
    Duration offline,
    Duration total) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Validates and copies the components; the reason is flattened to one line. */
  public VerificationResult {
    Objects.requireNonNull(verdict, "verdict");
    reason = oneLine(Objects.requireNonNull(reason, "reason"));
    endpoints = List.copyOf(endpoints);
    Objects.requireNonNull(offline, "offline");
    Objects.requireNonNull(total, "total");
  }

  /** What one endpoint said. */
  public record EndpointResult(URI endpoint, Verdict verdict, String reason) {
    /** Validates the components; the reason is flattened to one line. */
    public EndpointResult {
      Objects.requireNonNull(endpoint, "endpoint");
      Objects.requireNonNull(verdict, "verdict");
      reason = oneLine(Objects.requireNonNull(reason, "reason"));
    }
  }

  /** {@code VALID: reason} (or INVALID / CANNOT_DECIDE), the command's one-line verdict. */
  public String line() {
    return verdict + ": " + reason;
  }

  /**
   * The {@code --json} form (docs/verify.md): {@code {"verdict","exitCode","reason","endpoints":
   * [{"rpc","verdict","reason"}],"timing":{"offlineMicros","totalMillis"}}}.
   */
  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("verdict", verdict.name());
    root.put("exitCode", verdict.exitCode());
    root.put("reason", reason);
    ArrayNode array = root.putArray("endpoints");
    for (EndpointResult e : endpoints) {
      ObjectNode node = array.addObject();
      node.put("rpc", e.endpoint().toString());
      node.put("verdict", e.verdict().name());
      node.put("reason", e.reason());
    }
    ObjectNode timing = root.putObject("timing");
    timing.put("offlineMicros", offline.toNanos() / 1_000);
    timing.put("totalMillis", total.toMillis());
    return root.toString();
  }

  private static String oneLine(String text) {
    return text.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
  }
}
