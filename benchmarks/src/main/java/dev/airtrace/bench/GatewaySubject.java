package dev.airtrace.bench;

import dev.airtrace.bench.baseline.BareBridge;
import dev.airtrace.bench.baseline.NoopSubscriber;
import dev.airtrace.core.GatewayId;
import dev.airtrace.gateway.EdgeGateway;
import dev.airtrace.gateway.GatewayConfig;
import dev.airtrace.gateway.GatewayStatus;
import dev.airtrace.gateway.GatewayTopics;
import dev.airtrace.gateway.integrity.IntegrityConfig;
import dev.airtrace.gateway.models.FaultEventConfig;
import dev.airtrace.gateway.models.ModelsConfig;
import dev.airtrace.gateway.outbox.OutboxConfig;
import dev.airtrace.gateway.outbox.OutboxStatus;
import dev.airtrace.gateway.quality.QualityConfig;
import dev.airtrace.inference.InferenceConfig;
import dev.airtrace.mqtt.MqttIntakeConfig;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * One subject of {@link GatewayThroughput}, run in its own JVM so that every subject gets the same
 * JVM flags, its own heap and its own process CPU time. The parent starts it as {@code java <flags>
 * dev.airtrace.bench.GatewaySubject <kind> <mqttUri> <bootstrap> <name>} and talks to it over
 * standard input and output, one line each way:
 *
 * <ul>
 *   <li>the subject prints {@code SUBJECT READY} once it is subscribed;
 *   <li>the parent writes {@code await <n>}; the subject answers {@code SUBJECT DONE <n> rejected
 *       <r>} once {@code n} messages in all have reached the subject's end point, {@code r} of them
 *       dead-lettered or failed (or {@code SUBJECT TIMEOUT <done> rejected <r>} after 5 minutes);
 *   <li>the parent writes {@code quit} (or closes the pipe) and the subject shuts down.
 * </ul>
 *
 * <p>Kinds: {@code noop} (B0: {@link NoopSubscriber}, done on arrival), {@code bare} ({@link
 * BareBridge}, done when Kafka acknowledged), {@code gateway:<options>} (the edge gateway; done
 * when it accepted the readings and Kafka acknowledged every one: nothing in flight, outbox backlog
 * 0). Gateway options, comma-separated: {@code outbox} or {@code no-outbox}, {@code models}
 * (anomaly detector with its spatial comparison, QARTOD QC: every model as in the gateway defaults)
 * or {@code no-models} (detector and QC off). Topics are {@code bench.<name>.*}, created by the
 * parent. Everything the subject logs goes to standard error; standard output carries only the
 * protocol.
 */
public final class GatewaySubject {
  /** Prefix of every protocol line the subject prints. */
  static final String PREFIX = "SUBJECT ";

  private static final Duration AWAIT_TIMEOUT = Duration.ofMinutes(5);

  private GatewaySubject() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      throw new IllegalArgumentException(
          "usage: GatewaySubject <kind> <mqttUri> <bootstrap> <name>");
    }
    // The protocol owns standard output; anything else printing there (a library) goes to stderr.
    PrintStream protocol = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    System.setOut(System.err);
    String kind = args[0];
    String mqttUri = args[1];
    String bootstrap = args[2];
    String name = args[3];
    try (Subject subject = open(kind, mqttUri, bootstrap, name)) {
      protocol.println(PREFIX + "READY");
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.equals("quit")) {
          break;
        }
        if (line.startsWith("await ")) {
          long target = Long.parseLong(line.substring(6).trim());
          long deadline = System.nanoTime() + AWAIT_TIMEOUT.toNanos();
          long done = subject.done().getAsLong();
          while (done < target && System.nanoTime() < deadline) {
            // 0.2 ms: fine enough for rounds of seconds, and costs the subject next to no CPU.
            LockSupport.parkNanos(200_000);
            done = subject.done().getAsLong();
          }
          // Context for the seal cadence (issue #13): one signature and header per Merkle batch.
          subject.report(name);
          protocol.println(
              PREFIX
                  + (done >= target ? "DONE " : "TIMEOUT ")
                  + done
                  + " rejected "
                  + subject.rejected().getAsLong());
        }
      }
    }
  }

  /**
   * A running subject, how many messages reached its end point so far (accepted or dead-lettered)
   * and how many of them were dead-lettered (the harness fails a round with any).
   */
  private record Subject(
      LongSupplier done, LongSupplier rejected, AutoCloseable resource, MeterRegistry registry)
      implements AutoCloseable {
    Subject(LongSupplier done, LongSupplier rejected, AutoCloseable resource) {
      this(done, rejected, resource, null);
    }

    /** Prints the gateway's Merkle batches sealed so far to standard error (gateways only). */
    void report(String name) {
      if (registry == null) {
        return;
      }
      FunctionCounter sealed = registry.find("airtrace.gateway.batches.sealed").functionCounter();
      System.err.printf(
          "subject %s: %d Merkle batches sealed so far, %d messages done%n",
          name, sealed == null ? -1 : (long) sealed.count(), done.getAsLong());
    }

    @Override
    public void close() throws Exception {
      resource.close();
    }
  }

  private static Subject open(String kind, String mqttUri, String bootstrap, String name)
      throws Exception {
    // Both baselines get the gateway's own receive maximum, so the broker window is the same.
    int receiveMaximum = MqttIntakeConfig.DEFAULT_QUEUE_CAPACITY / 2;
    if (kind.equals("noop")) {
      NoopSubscriber s = new NoopSubscriber(mqttUri, receiveMaximum);
      return new Subject(s::received, () -> 0, s);
    }
    if (kind.equals("bare")) {
      BareBridge b = new BareBridge(mqttUri, bootstrap, "bench." + name + ".raw", receiveMaximum);
      return new Subject(b::produced, b::failed, b);
    }
    if (kind.startsWith("gateway:")) {
      return gateway(kind.substring("gateway:".length()), mqttUri, bootstrap, name);
    }
    throw new IllegalArgumentException("unknown subject kind " + kind);
  }

  private static Subject gateway(String options, String mqttUri, String bootstrap, String name)
      throws Exception {
    boolean outbox = !options.contains("no-outbox");
    boolean models = !options.contains("no-models");
    Path state = Files.createTempDirectory("bench-gw-" + name);
    String id = "bench-" + name;
    GatewayConfig config =
        GatewayConfig.builder(new GatewayId(id), mqttUri, bootstrap)
            .topics(topics(name))
            .integrity(
                IntegrityConfig.builder()
                    .headersTopic("bench." + name + ".headers")
                    .stateDirectory(state)
                    .build())
            .models(
                models
                    ? ModelsConfig.builder()
                        .anomalyEnabled(true)
                        .anomaliesTopic("bench." + name + ".anomalies")
                        .repository(
                            Path.of(System.getProperty("airtrace.models", "models/repository")),
                            Duration.ZERO)
                        .inference(InferenceConfig.cpu())
                        .faultEvents(FaultEventConfig.defaults())
                        .build()
                    : ModelsConfig.defaults())
            .quality(models ? QualityConfig.defaults() : QualityConfig.disabled())
            .outbox(
                outbox
                    ? OutboxConfig.builder().directory(state.resolve("outbox")).build()
                    : OutboxConfig.disabled())
            .build();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    EdgeGateway gateway = EdgeGateway.create(config, registry);
    gateway.start();
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (!gateway.snapshot().mqttConnected()) {
      if (System.nanoTime() > deadline) {
        gateway.close();
        throw new IllegalStateException("gateway " + id + " did not connect to " + mqttUri);
      }
      LockSupport.parkNanos(5_000_000);
    }
    return new Subject(
        () -> {
          GatewayStatus s = gateway.snapshot();
          OutboxStatus o = s.outbox();
          boolean inKafka = s.inFlight() == 0 && (o == null || o.backlogRecords() == 0);
          return inKafka ? s.accepted() + s.rejectedTotal() : 0;
        },
        () -> gateway.snapshot().rejectedTotal(),
        gateway,
        registry);
  }

  /** The subject's topics; the parent creates them before it starts the subject. */
  static GatewayTopics topics(String name) {
    return new GatewayTopics(
        "bench." + name + ".readings", "bench." + name + ".aggregates", "bench." + name + ".dlq");
  }

  /** Every topic a subject named {@code name} writes to. */
  static String[] allTopics(String name) {
    GatewayTopics t = topics(name);
    return new String[] {
      t.readings(),
      t.aggregates(),
      t.deadLetters(),
      "bench." + name + ".headers",
      "bench." + name + ".anomalies",
      "bench." + name + ".raw"
    };
  }
}
