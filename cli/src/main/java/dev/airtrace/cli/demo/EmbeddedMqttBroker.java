package dev.airtrace.cli.demo;

import com.hivemq.configuration.service.InternalConfigurations;
import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * An in-process MQTT 5 broker (HiveMQ Community Edition, embedded) for the {@code demo} command, so
 * a new user needs nothing but a JDK. Production and CI use mosquitto (see {@code
 * docs/operations.md}); this broker is sized for a functional quickstart, not load tests.
 *
 * <p>Only this package imports HiveMQ. Not thread-safe: start and close from one thread.
 *
 * <p>Delivery window: HiveMQ CE hands a subscriber at most {@code min(its receive maximum,
 * InternalConfigurations.MAX_INFLIGHT_WINDOW_SIZE_MESSAGES)} queued messages (but never fewer than
 * its poll batch of 50) and reads the next ones from the queue only once <em>every</em> one of them
 * has been acknowledged (its {@code PublishStatusFutureCallback} polls again when the in-flight
 * count reaches 0): stop-and-wait in windows. That cap is a hard-coded 50 with no
 * configuration-file setting, so a gateway that acknowledges after a durable append drained the
 * demo at ~700 messages/s while the simulator published 2,000-3,000/s. {@link #start} raises it to
 * {@link #SUBSCRIBER_WINDOW}, which leaves the subscriber's own receive maximum (the gateway asks
 * for 2,048) as the bound. The setting is a static of the HiveMQ classes, so it holds for every
 * embedded broker in this JVM.
 */
public final class EmbeddedMqttBroker implements AutoCloseable {
  private static final long START_TIMEOUT_SECONDS = 60;

  /**
   * HiveMQ's per-subscriber delivery window set by {@link #start}: the largest receive maximum MQTT
   * 5 allows, so the subscriber's own receive maximum decides (HiveMQ's default is 50).
   */
  static final int SUBSCRIBER_WINDOW = 65_535;

  private final EmbeddedHiveMQ hivemq;
  private final int port;

  private EmbeddedMqttBroker(EmbeddedHiveMQ hivemq, int port) {
    this.hivemq = hivemq;
    this.port = port;
  }

  /**
   * Starts a broker listening on 127.0.0.1:{@code port}, keeping its data under {@code workDir}.
   *
   * @throws IllegalStateException when the broker does not start within a minute
   */
  public static EmbeddedMqttBroker start(Path workDir, int port) {
    try {
      Path conf = Files.createDirectories(workDir.resolve("conf"));
      Path data = Files.createDirectories(workDir.resolve("data"));
      Path extensions = Files.createDirectories(workDir.resolve("extensions"));
      Files.writeString(conf.resolve("config.xml"), config(port), StandardCharsets.UTF_8);
      // Read by HiveMQ on every poll of a subscriber's queue; see the class comment.
      InternalConfigurations.MAX_INFLIGHT_WINDOW_SIZE_MESSAGES = SUBSCRIBER_WINDOW;
      EmbeddedHiveMQ hivemq =
          EmbeddedHiveMQ.builder()
              .withConfigurationFolder(conf)
              .withDataFolder(data)
              .withExtensionsFolder(extensions)
              .withoutLoggingBootstrap()
              .build();
      try {
        hivemq.start().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
      } catch (Exception e) {
        closeQuietly(hivemq);
        throw new IllegalStateException("embedded MQTT broker did not start on port " + port, e);
      }
      return new EmbeddedMqttBroker(hivemq, port);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the embedded MQTT broker in " + workDir, e);
    }
  }

  /** The URI clients connect to, e.g. {@code tcp://127.0.0.1:1883}. */
  public String serverUri() {
    return "tcp://127.0.0.1:" + port;
  }

  // Queue and overload limits raised: the defaults drop bursts to a single QoS 1 subscriber
  // (measured in reference/infra.md 2c), and the default server receive maximum of 10 in-flight
  // messages per client paces the simulator to a few hundred messages a second. Usage statistics
  // off because nothing leaves this machine.
  private static String config(int port) {
    return """
        <?xml version="1.0"?>
        <hivemq>
          <listeners>
            <tcp-listener>
              <port>%d</port>
              <bind-address>127.0.0.1</bind-address>
            </tcp-listener>
          </listeners>
          <mqtt>
            <queued-messages><max-queue-size>200000</max-queue-size></queued-messages>
            <receive-maximum><server-receive-maximum>1000</server-receive-maximum></receive-maximum>
          </mqtt>
          <overload-protection><enabled>false</enabled></overload-protection>
          <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
        </hivemq>
        """
        .formatted(port);
  }

  @Override
  public void close() {
    try {
      hivemq.stop().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      // closing below releases the resources either way; the stop failure is not actionable
    } finally {
      closeQuietly(hivemq);
    }
  }

  private static void closeQuietly(EmbeddedHiveMQ hivemq) {
    try {
      hivemq.close();
    } catch (Exception e) {
      // the broker is being discarded; a failure to release it changes nothing for the caller
    }
  }
}
