package dev.airtrace.mqtt;

import java.util.Objects;

/**
 * The outcome of one connect attempt made only to check an endpoint's address, TLS settings and
 * credentials before a component starts ({@link MqttClients#checkConnect}). A component refuses to
 * start on {@link Outcome#REJECTED}, which no retry can fix, and starts anyway on {@link
 * Outcome#UNREACHABLE}, which its own reconnect loop outlasts (a broker that starts later).
 *
 * @param outcome what happened
 * @param detail for {@code REJECTED} and {@code UNREACHABLE} one line naming the cause ("broker
 *     refused the credentials: Not authorized (reason 135)"); empty when {@code CONNECTED}
 */
public record MqttConnectCheck(Outcome outcome, String detail) {
  /** What one connect attempt showed. */
  public enum Outcome {
    /** TLS and credentials were accepted; the check disconnected again. */
    CONNECTED,
    /**
     * Permanent: the broker refused the credentials or the client certificate, the broker's
     * certificate is not trusted, or the local client certificate is expired or not yet valid.
     */
    REJECTED,
    /** Possibly transient: nothing answered, the connection dropped, or it timed out. */
    UNREACHABLE
  }

  /** Requires an outcome and a detail (empty for {@code CONNECTED}). */
  public MqttConnectCheck {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(detail, "detail");
  }

  /** Whether no retry can help: wrong credentials or a TLS trust problem. */
  public boolean rejected() {
    return outcome == Outcome.REJECTED;
  }
}
