package dev.airtrace.simulator;

import dev.airtrace.core.deadletter.RejectReason;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a simulation publishes, in publish order, with the gateway's expected verdict for each
 * message, computed from the generation plan alone (not from running anything). Tests compare the
 * pipeline's output with it: every message is either accepted or dead-lettered with {@link
 * PlannedMessage#expectedRejection()}, so {@code published = accepted + dead-lettered}. Immutable.
 */
public final class SimulationPlan {
  private final SimulatorConfig config;
  private final List<PlannedMessage> messages;
  private final List<InjectedFault> injectedFaults;

  SimulationPlan(
      SimulatorConfig config, List<PlannedMessage> messages, List<InjectedFault> injectedFaults) {
    this.config = config;
    this.messages = List.copyOf(messages);
    this.injectedFaults = List.copyOf(injectedFaults);
  }

  /**
   * The ground truth of the injected sensor faults ({@link SimulatorConfig#sensorFaults()}), in
   * {@link SensorFaultType} order; empty when none were configured. Their readings are valid
   * messages, included in {@link #expectedAccepted()} with the faulty values. A message fault
   * ({@link FaultMix}) that replaces one of their measurements takes precedence.
   */
  public List<InjectedFault> injectedFaults() {
    return injectedFaults;
  }

  /** The configuration the plan was made from. */
  public SimulatorConfig config() {
    return config;
  }

  /** Every message, in publish order. */
  public List<PlannedMessage> messages() {
    return messages;
  }

  /** How many messages are published. */
  public int published() {
    return messages.size();
  }

  /** The messages the gateway should accept (one reading each), in publish order. */
  public List<PlannedMessage> expectedAccepted() {
    return messages.stream().filter(PlannedMessage::expectedAccepted).toList();
  }

  /** The messages the gateway should dead-letter, in publish order. */
  public List<PlannedMessage> expectedRejected() {
    return messages.stream().filter(m -> !m.expectedAccepted()).toList();
  }

  /** Expected dead letters per reason. */
  public Map<RejectReason, Long> expectedDeadLetters() {
    Map<RejectReason, Long> out = new EnumMap<>(RejectReason.class);
    for (PlannedMessage m : messages) {
      if (!m.expectedAccepted()) {
        out.merge(m.expectedRejection(), 1L, Long::sum);
      }
    }
    return out;
  }

  /** Messages of one kind, in publish order. */
  public List<PlannedMessage> ofKind(MessageKind kind) {
    return messages.stream().filter(m -> m.kind() == kind).toList();
  }
}
