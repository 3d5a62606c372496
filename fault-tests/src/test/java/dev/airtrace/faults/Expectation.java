package dev.airtrace.faults;

import dev.airtrace.core.deadletter.DeadLetter;
import dev.airtrace.simulator.PlannedMessage;
import dev.airtrace.simulator.SimulationPlan;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What a scenario published and what the pipeline must make of it, computed from the inputs alone:
 * the readings that must be delivered and the inputs (by SHA-256 of their bytes) that must each be
 * dead-lettered. Mutable while a scenario builds it; not thread-safe.
 */
final class Expectation {
  private final Set<ReadingKey> readings = new HashSet<>();
  private final Map<String, String> deadLetters = new HashMap<>(); // sha256 -> label
  private int published;

  /** Adds every message of a simulator plan: accepted ones as readings, the others by bytes. */
  Expectation add(SimulationPlan plan) {
    for (PlannedMessage m : plan.messages()) {
      if (m.expectedAccepted()) {
        reading(new ReadingKey(m.deviceId().value(), m.sequence(), m.eventTime()));
      } else {
        deadLetter(m.payload(), m.kind() + " " + m.deviceId().value() + " seq " + m.sequence());
      }
    }
    return this;
  }

  /** One published message that must arrive as exactly this reading. */
  Expectation reading(ReadingKey key) {
    if (!readings.add(key)) {
      throw new IllegalArgumentException("reading planned twice: " + key);
    }
    published++;
    return this;
  }

  /** One published message that must become exactly one dead letter. */
  Expectation deadLetter(byte[] payload, String label) {
    if (deadLetters.put(DeadLetter.sha256Hex(payload), label) != null) {
      throw new IllegalArgumentException("the same bytes planned twice as a dead letter: " + label);
    }
    published++;
    return this;
  }

  Set<ReadingKey> readings() {
    return readings;
  }

  Map<String, String> deadLetters() {
    return deadLetters;
  }

  int published() {
    return published;
  }
}
