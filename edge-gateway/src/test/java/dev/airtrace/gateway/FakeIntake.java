package dev.airtrace.gateway;

import dev.airtrace.mqtt.InboundMessage;
import dev.airtrace.mqtt.MqttConnectionStatus;
import dev.airtrace.mqtt.MqttIntake;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Unit-test stand-in for the MQTT intake: a queue the test fills, and a log of acknowledgements.
 */
final class FakeIntake implements MqttIntake {
  private final LinkedBlockingQueue<InboundMessage> queue = new LinkedBlockingQueue<>();
  private final List<InboundMessage> acknowledged = new CopyOnWriteArrayList<>();
  private final AtomicLong tags = new AtomicLong();
  private volatile boolean refuseAcks;
  volatile boolean started;
  volatile boolean paused;
  volatile boolean closed;

  /** Delivers a message as the broker would. */
  InboundMessage deliver(String topic, byte[] payload) {
    InboundMessage m =
        new InboundMessage(
            topic, payload, false, System.currentTimeMillis(), tags.incrementAndGet());
    queue.add(m);
    return m;
  }

  /** From now on acknowledgements fail, as after a reconnect. */
  void refuseAcknowledgements() {
    refuseAcks = true;
  }

  List<InboundMessage> acknowledged() {
    return List.copyOf(acknowledged);
  }

  @Override
  public void start() {
    started = true;
  }

  @Override
  public InboundMessage poll(Duration timeout) throws InterruptedException {
    return queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  @Override
  public boolean acknowledge(InboundMessage message) {
    if (refuseAcks || closed) {
      return false;
    }
    acknowledged.add(message);
    return true;
  }

  @Override
  public void pause() {
    paused = true;
  }

  @Override
  public MqttConnectionStatus status() {
    return new MqttConnectionStatus(started && !closed, started ? 1 : 0, 0, 0, null);
  }

  @Override
  public int queueDepth() {
    return queue.size();
  }

  @Override
  public void close() {
    closed = true;
  }
}
