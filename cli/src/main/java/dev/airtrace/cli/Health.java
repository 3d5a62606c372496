package dev.airtrace.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A component's answer on {@code GET /health}: a state and a few facts an operator checks first
 * (Kafka Streams state, connector task states, anchoring backlog). Serialised as one JSON object,
 * {@code {"status":"UP", ...details}}; the endpoint answers 200 for {@link Status#UP} and 503
 * otherwise, so an orchestrator's readiness probe needs no JSON parsing. Immutable.
 *
 * @param status the state
 * @param details facts in the order they should be shown; values are strings, numbers, booleans or
 *     lists of them
 */
record Health(Health.Status status, Map<String, Object> details) {
  /** The states of a component. */
  enum Status {
    /** Working: ready for traffic. */
    UP,
    /** Not yet working (joining its group, restoring state); a probe should wait. */
    STARTING,
    /** Failed or stopping; a restart is due unless it recovers by itself. */
    DOWN
  }

  Health {
    Objects.requireNonNull(status, "status");
    details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }

  /** Up, without details. */
  static Health up() {
    return new Health(Status.UP, Map.of());
  }

  /** The JSON body: status first, then the details. */
  Map<String, Object> body() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", status.name());
    body.putAll(details);
    return body;
  }
}
