package dev.airtrace.gateway;

import dev.airtrace.core.deadletter.RejectReason;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A snapshot of an {@link EdgeGateway}'s counters; the same numbers are exported to Micrometer.
 * Immutable. Counters are read one by one, so a snapshot taken under load is consistent only to
 * within the messages processed while it was taken.
 *
 * <p>Units: {@code received} and {@code acked} count MQTT messages; {@code accepted} and {@code
 * rejected} count readings (a message normally carries one; a SenML pack may carry several, and a
 * message that cannot be decoded is one rejection); {@code produced} counts Kafka records the
 * broker acknowledged (readings, aggregates and dead letters).
 *
 * @param state lifecycle state
 * @param mqttConnected whether the MQTT intake is connected
 * @param received MQTT messages taken from the hand-off queue
 * @param accepted readings accepted and handed to Kafka
 * @param rejected dead letters per reason (duplicates included)
 * @param duplicates readings rejected as duplicates (also in {@code rejected})
 * @param gaps sequence numbers found missing
 * @param produced Kafka records acknowledged by Kafka
 * @param acked MQTT messages acknowledged to the broker
 * @param inFlight MQTT messages processed but not yet acknowledged (waiting for Kafka)
 * @param queueDepth MQTT messages waiting in the hand-off queue
 * @param aggregatesEmitted one-minute aggregates handed to Kafka
 * @param lateForAggregates accepted readings that arrived after their minute was emitted
 * @param mqttReconnects MQTT connections lost and re-established
 * @param lastError the last error worth an operator's attention, or {@code null}
 * @param inference the inference backend token ({@code ort-cpu}, {@code tensorrt:0}), or {@code
 *     null} when no model runs
 * @param models {@code name@version} of every model serving now
 * @param anomalies anomalous values found (anomaly events sent)
 * @param pm25Corrected readings whose PM2.5 was derived by the configured correction
 * @param pm25NotCorrected PurpleAir readings left without a derived PM2.5 (channels disagree,
 *     missing input, model unavailable)
 * @param outbox the disk outbox's backlog and counters, or {@code null} when it is off
 */
public record GatewayStatus(
    State state,
    boolean mqttConnected,
    long received,
    long accepted,
    Map<RejectReason, Long> rejected,
    long duplicates,
    long gaps,
    long produced,
    long acked,
    long inFlight,
    int queueDepth,
    long aggregatesEmitted,
    long lateForAggregates,
    long mqttReconnects,
    String lastError,
    String inference,
    List<String> models,
    long anomalies,
    long pm25Corrected,
    long pm25NotCorrected,
    dev.airtrace.gateway.outbox.OutboxStatus outbox) {

  /** Lifecycle of a gateway. */
  public enum State {
    /** Created, not started. */
    NEW,
    /** Receiving and processing. */
    RUNNING,
    /** {@code close()} called: finishing in-flight messages. */
    DRAINING,
    /** Closed. */
    STOPPED,
    /**
     * Stopped by a fatal error (see {@code lastError}); unacknowledged messages are redelivered.
     */
    FAILED
  }

  public GatewayStatus {
    EnumMap<RejectReason, Long> copy = new EnumMap<>(RejectReason.class);
    rejected.forEach(
        (reason, count) -> {
          if (count > 0) {
            copy.put(reason, count);
          }
        });
    rejected = Collections.unmodifiableMap(copy);
    models = List.copyOf(models);
  }

  /** All dead letters, every reason. */
  public long rejectedTotal() {
    return rejected.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Dead letters with {@code reason}. */
  public long rejected(RejectReason reason) {
    return rejected.getOrDefault(reason, 0L);
  }

  /**
   * One line for a console, e.g. {@code gateway RUNNING mqtt=up received=120 accepted=115
   * rejected=5 (OUT_OF_RANGE=2, DUPLICATE=3) gaps=0 produced=121 acked=118 inflight=2 queue=0}.
   */
  public String progressLine() {
    StringBuilder sb =
        new StringBuilder("gateway ")
            .append(state)
            .append(" mqtt=")
            .append(mqttConnected ? "up" : "down")
            .append(" received=")
            .append(received)
            .append(" accepted=")
            .append(accepted)
            .append(" rejected=")
            .append(rejectedTotal());
    if (!rejected.isEmpty()) {
      sb.append(" (")
          .append(
              rejected.entrySet().stream()
                  .map(e -> e.getKey() + "=" + e.getValue())
                  .collect(Collectors.joining(", ")))
          .append(')');
    }
    sb.append(" gaps=")
        .append(gaps)
        .append(" produced=")
        .append(produced)
        .append(" acked=")
        .append(acked)
        .append(" inflight=")
        .append(inFlight)
        .append(" queue=")
        .append(queueDepth)
        .append(" aggregates=")
        .append(aggregatesEmitted);
    if (lateForAggregates > 0) {
      sb.append(" late-for-aggregates=").append(lateForAggregates);
    }
    if (mqttReconnects > 0) {
      sb.append(" reconnects=").append(mqttReconnects);
    }
    if (inference != null) {
      sb.append(" inference=").append(inference);
      sb.append(" models=").append(String.join(",", models));
    }
    if (anomalies > 0) {
      sb.append(" anomalies=").append(anomalies);
    }
    if (pm25Corrected > 0 || pm25NotCorrected > 0) {
      sb.append(" pm25-corrected=").append(pm25Corrected);
      if (pm25NotCorrected > 0) {
        sb.append(" pm25-not-corrected=").append(pm25NotCorrected);
      }
    }
    if (outbox != null) {
      sb.append(' ').append(outbox.progressPart());
    }
    if (lastError != null) {
      sb.append(" last-error=\"").append(lastError).append('"');
    }
    return sb.toString();
  }
}
