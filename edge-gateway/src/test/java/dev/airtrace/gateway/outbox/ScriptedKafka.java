package dev.airtrace.gateway.outbox;

import dev.airtrace.gateway.kafka.RecordSink;
import dev.airtrace.gateway.kafka.RecordSinkException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Unit-test stand-in for the Kafka sink behind the outbox: records every record it was handed (with
 * its headers) and either acknowledges at once ({@link Mode#ACK}), holds callbacks ({@link
 * Mode#HOLD}, a broker that does not answer) or fails each send's callback ({@link Mode#FAIL}).
 * {@link #close} fails whatever it still holds, as {@code KafkaProducer.close(0)} does.
 * Thread-safe.
 */
final class ScriptedKafka implements RecordSink {
  enum Mode {
    ACK,
    HOLD,
    FAIL
  }

  /** One record handed over. */
  record Sent(String topic, String key, String value, boolean backfill) {}

  private final List<Sent> sent = new ArrayList<>(); // guarded by this
  private final List<Callback> held = new ArrayList<>(); // guarded by this
  private volatile Mode mode;
  volatile boolean closed;

  ScriptedKafka(Mode mode) {
    this.mode = mode;
  }

  void mode(Mode value) {
    this.mode = value;
  }

  @Override
  public void send(String topic, String key, byte[] value, Callback callback) {
    send(topic, key, value, Map.of(), callback);
  }

  @Override
  public void send(
      String topic, String key, byte[] value, Map<String, byte[]> headers, Callback callback) {
    if (closed) {
      throw new RecordSinkException("closed", null);
    }
    boolean backfill = headers.containsKey("airtrace-backfill");
    synchronized (this) {
      sent.add(
          new Sent(
              topic, key, new String(value, java.nio.charset.StandardCharsets.UTF_8), backfill));
      if (mode == Mode.HOLD) {
        held.add(callback);
        return;
      }
    }
    callback.onCompletion(mode == Mode.ACK ? null : new RuntimeException("scripted failure"));
  }

  synchronized List<Sent> sent() {
    return List.copyOf(sent);
  }

  /** Acknowledges everything held. */
  void acknowledgeHeld() {
    List<Callback> callbacks;
    synchronized (this) {
      callbacks = new ArrayList<>(held);
      held.clear();
    }
    callbacks.forEach(c -> c.onCompletion(null));
  }

  @Override
  public void flush() {
    acknowledgeHeld();
  }

  @Override
  public void close(Duration timeout) {
    closed = true;
    List<Callback> callbacks;
    synchronized (this) {
      callbacks = new ArrayList<>(held);
      held.clear();
    }
    callbacks.forEach(c -> c.onCompletion(new RuntimeException("producer closed")));
  }
}
