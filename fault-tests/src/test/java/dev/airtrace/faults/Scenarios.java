package dev.airtrace.faults;

import static org.awaitility.Awaitility.await;

import dev.airtrace.localstack.TestWaits;
import dev.airtrace.simulator.FaultMix;
import dev.airtrace.simulator.SimulatorConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.core.ConditionTimeoutException;

/** Building blocks the scenarios share. Stateless. */
final class Scenarios {
  /** How long the pipeline may take to deliver everything once the publisher is done. */
  static final Duration DRAIN = Duration.ofSeconds(120);

  private Scenarios() {}

  /**
   * A deterministic fleet of {@code profile.devices()} devices on three sites, {@code hours} of one
   * reading a minute ending at the last full hour, published at {@code rate} readings/s, with every
   * stateless reject the simulator plans (malformed JSON, unknown quantity, unsupported unit, out
   * of range, future time) and late readings, but no byte-identical duplicates: after a gateway
   * restart a duplicate's original is no longer in the gateway's memory, so its verdict would
   * depend on where the kill fell.
   */
  static SimulatorConfig fleet(String namespace, FaultProfile profile, int hours, double rate) {
    return SimulatorConfig.builder(SimulatorConfig.startHoursBefore(Instant.now(), hours))
        .namespace(namespace)
        .sites(3)
        .devicesPerSite(Math.max(1, profile.devices() / 3))
        .hours(hours)
        .faults(FaultMix.defaults().toBuilder().duplicates(0).build())
        .messagesPerSecond(rate)
        .build();
  }

  /**
   * Polls {@code auditor} until every expected reading and dead letter arrived, and returns the
   * audit; when they do not arrive within {@link #DRAIN}, returns the incomplete audit so the
   * scenario can print its row before its assertions fail.
   */
  static Audit awaitAudit(Auditor auditor, Expectation expected) {
    AtomicReference<Audit> last = new AtomicReference<>();
    try {
      await("every expected reading and dead letter")
          .atMost(TestWaits.atMost(DRAIN))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                last.set(auditor.audit(expected));
                return last.get().complete();
              });
    } catch (ConditionTimeoutException e) {
      // reported through the returned audit's lost count
    }
    // Anything still in flight (a redelivered copy) shows up in one more poll.
    return auditor.audit(expected);
  }
}
