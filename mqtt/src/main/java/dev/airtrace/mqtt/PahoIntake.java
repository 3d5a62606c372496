package dev.airtrace.mqtt;

import dev.airtrace.core.lifecycle.Closeables;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link MqttIntake} on Paho's {@link MqttAsyncClient} with manual acknowledgements.
 *
 * <p>Each connect starts a new epoch; a message's delivery tag packs the epoch, its QoS and its
 * packet id. {@link #acknowledge} sends a PUBACK only for messages of the current epoch: the broker
 * redelivers older ones with the same packet id, and after that id has been freed it may reuse it
 * for a new message that an acknowledgement from the old epoch would wrongly confirm.
 *
 * <p>Threading: Paho's callback thread only enqueues; the receive maximum (half the queue capacity)
 * normally keeps it from ever waiting, and when a broker oversteps it the thread waits for room,
 * which back-pressures the broker through TCP. Connecting and subscribing run on the {@link
 * Reconnector}'s thread; polling and acknowledging on the single consumer thread.
 */
final class PahoIntake implements MqttIntake {
  private static final Logger LOG = LoggerFactory.getLogger(PahoIntake.class);
  private static final int QOS = 1;
  private static final int FIRST_FAILURE_REASON = 0x80;

  /** How often a blocked hand-off re-checks whether the intake is closing. */
  private static final Duration OFFER_RETRY = Duration.ofMillis(100);

  /** Subscribe-option "retain handling": send retained messages only for a new subscription. */
  private static final int RETAIN_HANDLING_IF_NEW = 1;

  private final MqttIntakeConfig config;
  private final MqttAsyncClient client;
  private final BlockingQueue<InboundMessage> queue;
  private volatile boolean subscribed; // the current connection's subscription was granted
  private final Reconnector reconnector;
  private final AtomicInteger epoch = new AtomicInteger();
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicLong overflows = new AtomicLong();
  private volatile boolean accepting = true;
  private volatile boolean closed;

  PahoIntake(MqttIntakeConfig config) {
    this.config = config;
    this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
    this.client = PahoSupport.newClient(config.endpoint(), config.clientId());
    this.client.setCallback(new Callback());
    this.client.setManualAcks(true);
    this.reconnector =
        new Reconnector(config.clientId(), config.reconnect(), this::connectAndSubscribe);
  }

  @Override
  public void start() {
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("intake " + config.clientId() + " already started");
    }
    reconnector.start();
  }

  private void connectAndSubscribe() throws MqttException {
    if (closed || client.isConnected()) {
      return;
    }
    subscribed = false;
    epoch.incrementAndGet(); // before connecting: the broker may deliver right after CONNACK
    MqttConnectionOptions options = PahoSupport.options(config.endpoint());
    options.setCleanStart(false);
    options.setSessionExpiryInterval(config.sessionExpiry().toSeconds());
    options.setReceiveMaximum(config.receiveMaximum());
    long timeout = config.endpoint().connectTimeout().toMillis();
    IMqttToken connect = client.connect(options);
    connect.waitForCompletion(timeout);
    boolean sessionPresent = connect.getSessionPresent();
    try {
      // Subscribing on every connect is idempotent and repairs a session the broker lost.
      MqttSubscription subscription = new MqttSubscription(config.subscriptionFilter(), QOS);
      subscription.setRetainHandling(RETAIN_HANDLING_IF_NEW);
      IMqttToken subscribe = client.subscribe(subscription);
      subscribe.waitForCompletion(timeout);
      int[] codes = subscribe.getReasonCodes();
      if (codes == null || codes.length != 1 || codes[0] >= FIRST_FAILURE_REASON) {
        throw new MqttTransportException(
            "broker refused subscription to "
                + config.subscriptionFilter()
                + " (reason code "
                + (codes == null || codes.length == 0 ? "none" : codes[0])
                + ")");
      }
      if (codes[0] < QOS) {
        LOG.warn(
            "broker granted QoS {} instead of 1 for {}: messages are not acknowledged and can be"
                + " lost",
            codes[0],
            config.subscriptionFilter());
      }
    } catch (MqttException | RuntimeException e) {
      PahoSupport.forceDisconnect(client);
      throw e;
    }
    subscribed = true;
    LOG.info(
        "MQTT intake {} connected to {} (session present: {}, receive maximum {}), subscribed to"
            + " {}",
        config.clientId(),
        config.endpoint().serverUri(),
        sessionPresent,
        config.receiveMaximum(),
        config.subscriptionFilter());
  }

  @Override
  public InboundMessage poll(Duration timeout) throws InterruptedException {
    return queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  @Override
  public boolean acknowledge(InboundMessage message) {
    long tag = message.deliveryTag();
    int qos = (int) ((tag >>> 16) & 0x3);
    if (qos == 0) {
      return true; // nothing to acknowledge
    }
    int messageEpoch = (int) (tag >>> 32);
    if (messageEpoch != epoch.get() || !client.isConnected()) {
      return false; // its connection is gone; the broker redelivers it
    }
    try {
      client.messageArrivedComplete((int) (tag & 0xFFFF), qos);
      return true;
    } catch (MqttException e) {
      LOG.debug("could not acknowledge {}: {}", message, PahoSupport.describe(e));
      return false;
    }
  }

  @Override
  public void pause() {
    accepting = false;
  }

  @Override
  public MqttConnectionStatus status() {
    // Connected means ready to receive: between CONNACK and SUBACK a new session gets nothing.
    return reconnector.status(client.isConnected() && subscribed);
  }

  @Override
  public int queueDepth() {
    return queue.size();
  }

  /** Messages that found the queue full and had to wait (a broker ignoring our receive maximum). */
  long overflows() {
    return overflows.get();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    accepting = false;
    // The client is closed even when stopping the reconnector fails.
    Closeables.closeAll(reconnector, () -> PahoSupport.closeQuietly(client));
    LOG.info(
        "MQTT intake {} closed; {} queued messages left unacknowledged for redelivery",
        config.clientId(),
        queue.size());
  }

  static long deliveryTag(int epoch, int qos, int packetId) {
    return ((long) epoch << 32) | ((long) (qos & 0x3) << 16) | (packetId & 0xFFFF);
  }

  /** Paho's callbacks: enqueue or signal, nothing else. */
  private final class Callback implements MqttCallback {
    @Override
    public void messageArrived(String topic, MqttMessage message) {
      if (!accepting) {
        return; // left unacknowledged: redelivered to the next session
      }
      InboundMessage inbound =
          new InboundMessage(
              topic,
              message.getPayload(),
              message.isDuplicate(),
              System.currentTimeMillis(),
              deliveryTag(epoch.get(), message.getQos(), message.getId()));
      if (queue.offer(inbound)) {
        return;
      }
      // The receive maximum should make this impossible, yet under load mosquitto 2.0.11 was
      // seen delivering more unacknowledged messages than it (4,100 against 2,048, with no
      // reconnect in between). Forcing a reconnect here turned that into a redelivery storm, so
      // push back instead: blocking this thread stops Paho reading the socket, and TCP flow
      // control stops the broker. PUBACKs and pings still leave on Paho's sender thread, and the
      // worker keeps draining the queue, so the wait is short and nothing is lost or duplicated.
      if (overflows.getAndIncrement() == 0) {
        LOG.warn(
            "hand-off queue full ({} messages) although receive maximum is {}: the broker sends"
                + " more than it may; holding Paho's reader until the gateway catches up",
            config.queueCapacity(),
            config.receiveMaximum());
      }
      try {
        while (!queue.offer(inbound, OFFER_RETRY.toNanos(), TimeUnit.NANOSECONDS)) {
          if (!accepting || closed) {
            return; // left unacknowledged: redelivered to the next session
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // left unacknowledged: redelivered
      }
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
      if (closed) {
        return;
      }
      Throwable cause =
          response.getException() != null
              ? response.getException()
              : new MqttTransportException(
                  "broker disconnected us: reason "
                      + response.getReturnCode()
                      + " "
                      + response.getReasonString());
      reconnector.connectionLost(cause);
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
      LOG.warn("MQTT intake {}: {}", config.clientId(), PahoSupport.describe(exception));
    }

    @Override
    public void deliveryComplete(IMqttToken token) {}

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {}

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {}
  }
}
