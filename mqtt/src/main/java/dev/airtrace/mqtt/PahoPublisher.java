package dev.airtrace.mqtt;

import dev.airtrace.core.lifecycle.Closeables;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link MqttPublisher} on Paho's {@link MqttAsyncClient} with a clean session: every message stays
 * in our own pending map until the broker acknowledged it, and everything still pending is
 * published again after a reconnect. That is simpler to reason about than Paho's own in-flight
 * persistence, and it is at-least-once either way.
 *
 * <p>Thread-safe: {@link #publish} from any thread; Paho's callbacks complete futures; the {@link
 * Reconnector}'s thread connects, resends and retries.
 */
final class PahoPublisher implements MqttPublisher {
  private static final Logger LOG = LoggerFactory.getLogger(PahoPublisher.class);
  private static final int QOS = 1;
  private static final int FIRST_FAILURE_REASON = 0x80;

  /** Pause before retrying a publish Paho refused because its own window was full. */
  private static final Duration BUSY_RETRY = Duration.ofMillis(5);

  private final MqttPublisherConfig config;
  private final MqttAsyncClient client;
  private final Reconnector reconnector;
  private final InFlightWindow window;
  private final ConcurrentSkipListMap<Long, Pending> pending = new ConcurrentSkipListMap<>();
  private final AtomicLong nextId = new AtomicLong();
  private final AtomicLong published = new AtomicLong();
  private final AtomicLong acknowledged = new AtomicLong();
  private final AtomicBoolean started = new AtomicBoolean();
  private final CountDownLatch firstConnect = new CountDownLatch(1);
  private volatile boolean closed;

  PahoPublisher(MqttPublisherConfig config) {
    this.config = config;
    this.window = new InFlightWindow(config.maxInFlight());
    this.client = PahoSupport.newClient(config.endpoint(), config.clientId());
    this.client.setCallback(new Callback());
    this.reconnector = new Reconnector(config.clientId(), config.reconnect(), this::connect);
  }

  @Override
  public void start() {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("publisher " + config.clientId() + " already started");
    }
    reconnector.start();
  }

  @Override
  public boolean awaitConnected(Duration timeout) throws InterruptedException {
    return firstConnect.await(timeout.toNanos(), TimeUnit.NANOSECONDS) && client.isConnected();
  }

  private void connect() throws MqttException {
    if (closed || client.isConnected()) {
      return;
    }
    MqttConnectionOptions options = PahoSupport.options(config.endpoint());
    options.setCleanStart(true);
    IMqttToken token = client.connect(options);
    token.waitForCompletion(config.endpoint().connectTimeout().toMillis());
    Integer brokerReceiveMaximum =
        token.getResponseProperties() == null
            ? null
            : token.getResponseProperties().getReceiveMaximum();
    int limit = config.maxInFlight();
    if (brokerReceiveMaximum != null && brokerReceiveMaximum < limit) {
      LOG.info(
          "broker {} accepts {} messages in flight; lowering the window from {}",
          config.endpoint().serverUri(),
          brokerReceiveMaximum,
          limit);
      limit = brokerReceiveMaximum;
    }
    window.limit(limit);
    int resent = 0;
    for (Pending p : pending.values()) {
      send(p);
      resent++;
    }
    LOG.info(
        "MQTT publisher {} connected to {}; {} unacknowledged messages published again",
        config.clientId(),
        config.endpoint().serverUri(),
        resent);
    firstConnect.countDown();
  }

  @Override
  public CompletableFuture<Void> publish(String topic, byte[] payload) throws InterruptedException {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(payload, "payload");
    if (topic.isEmpty() || topic.contains("+") || topic.contains("#")) {
      throw new IllegalArgumentException("not a topic name: " + topic);
    }
    if (closed) {
      throw new IllegalStateException("publisher " + config.clientId() + " is closed");
    }
    window.acquire();
    Pending p = new Pending(nextId.incrementAndGet(), topic, payload);
    pending.put(p.id, p);
    published.incrementAndGet();
    if (closed) {
      fail(p, new MqttTransportException("publisher closed"));
    } else {
      send(p);
    }
    return p.future;
  }

  private void send(Pending p) {
    if (closed || p.future.isDone() || !client.isConnected()) {
      return; // published again by connect()
    }
    int attempt = p.attempts.incrementAndGet();
    try {
      MqttMessage message = new MqttMessage(p.payload, QOS, false, null);
      client.publish(p.topic, message, null, new Listener(p, attempt));
    } catch (MqttException e) {
      if (e.getReasonCode() == MqttClientException.REASON_CODE_MAX_INFLIGHT) {
        reconnector.execute(() -> send(p), BUSY_RETRY);
      }
      // Otherwise the connection is gone: connect() publishes it again.
    }
  }

  private void fail(Pending p, RuntimeException e) {
    if (pending.remove(p.id, p)) {
      window.release();
      p.future.completeExceptionally(e);
    }
  }

  @Override
  public boolean awaitDelivered(Duration timeout) throws InterruptedException {
    return window.awaitEmpty(timeout);
  }

  @Override
  public long published() {
    return published.get();
  }

  @Override
  public long acknowledged() {
    return acknowledged.get();
  }

  @Override
  public MqttConnectionStatus status() {
    return reconnector.status(client.isConnected());
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    // The client is closed even when stopping the reconnector fails.
    Closeables.closeAll(reconnector, () -> PahoSupport.closeQuietly(client));
    int abandoned = pending.size();
    for (Pending p : pending.values()) {
      fail(p, new MqttTransportException("publisher closed before the broker acknowledged"));
    }
    if (abandoned > 0) {
      LOG.warn(
          "MQTT publisher {} closed with {} unacknowledged messages", config.clientId(), abandoned);
    }
  }

  private static final class Pending {
    final long id;
    final String topic;
    final byte[] payload;
    final AtomicInteger attempts = new AtomicInteger();
    final CompletableFuture<Void> future = new CompletableFuture<>();

    Pending(long id, String topic, byte[] payload) {
      this.id = id;
      this.topic = topic;
      this.payload = payload;
    }
  }

  private final class Listener implements MqttActionListener {
    private final Pending p;
    private final int attempt;

    Listener(Pending p, int attempt) {
      this.p = p;
      this.attempt = attempt;
    }

    @Override
    public void onSuccess(IMqttToken token) {
      int[] codes = token.getReasonCodes();
      if (codes != null && codes.length > 0 && codes[0] >= FIRST_FAILURE_REASON) {
        fail(
            p,
            new MqttTransportException(
                "broker refused the message on " + p.topic + " with reason code " + codes[0]));
        return;
      }
      if (pending.remove(p.id, p)) {
        acknowledged.incrementAndGet();
        window.release();
        p.future.complete(null);
      }
    }

    @Override
    public void onFailure(IMqttToken token, Throwable exception) {
      // A newer attempt is under way, or the connection is gone and connect() will resend.
      if (attempt == p.attempts.get() && client.isConnected()) {
        reconnector.execute(() -> send(p), BUSY_RETRY);
      }
    }
  }

  private final class Callback implements MqttCallback {
    @Override
    public void disconnected(MqttDisconnectResponse response) {
      if (!closed) {
        reconnector.connectionLost(response.getException());
      }
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
      LOG.warn("MQTT publisher {}: {}", config.clientId(), PahoSupport.describe(exception));
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {}

    @Override
    public void deliveryComplete(IMqttToken token) {}

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {}

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {}
  }
}
