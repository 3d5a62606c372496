package dev.airtrace.bench;

import dev.airtrace.bench.report.BenchRow;
import dev.airtrace.core.GatewayId;
import dev.airtrace.gateway.EdgeGateway;
import dev.airtrace.gateway.GatewayConfig;
import dev.airtrace.gateway.GatewayTopics;
import dev.airtrace.gateway.integrity.IntegrityConfig;
import dev.airtrace.gateway.outbox.OutboxConfig;
import dev.airtrace.gateway.outbox.OutboxLog;
import dev.airtrace.gateway.outbox.OutboxRecord;
import dev.airtrace.gateway.outbox.OutboxStatus;
import dev.airtrace.gateway.outbox.rocksdb.RocksOutboxLogs;
import dev.airtrace.localstack.FreePorts;
import dev.airtrace.localstack.MosquittoService;
import dev.airtrace.mqtt.MqttPublisher;
import dev.airtrace.simulator.PlannedMessage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one reading costs in the gateway's outbox, record by record: a real gateway (outbox and
 * integrity on, default settings) takes {@code readings} messages of the simulator's fleet (100
 * devices, one reading per device and minute) through a real mosquitto while no Kafka broker
 * listens, so everything it acknowledges stays in the outbox. Then the harness closes the gateway,
 * measures the outbox directory, reopens the log and sums every record's stored size ({@link
 * OutboxRecord#storedSize()}, what {@code --outbox-max-bytes} bounds) by topic and by part (value,
 * key, topic name, fixed overhead). It prints the table, the bytes per reading, and how long an
 * outage at 1,000 readings/s the default bound holds.
 *
 * <p>Run: {@code java -cp "benchmarks/target/airtrace-benchmarks.jar:benchmarks/target/lib/*"
 * dev.airtrace.bench.OutboxFootprint [readings]} (default 20,000).
 */
public final class OutboxFootprint {
  private OutboxFootprint() {}

  /** The bound before the default was raised, for the comparison row. */
  private static final long OLD_DEFAULT_MAX_BYTES = 1L << 30;

  public static void main(String[] args) throws Exception {
    int readings = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    String command = "OutboxFootprint " + readings;
    List<PlannedMessage> load = GatewayThroughput.load(readings);
    Path work = Files.createTempDirectory("bench-footprint");
    Path outboxDir = work.resolve("outbox");
    String bootstrap = "127.0.0.1:" + FreePorts.pick(1)[0]; // nothing listens: Kafka is down
    GatewayTopics topics =
        new GatewayTopics("bench.fp.readings", "bench.fp.aggregates", "bench.fp.dlq");
    OutboxStatus filled;
    double load1;
    try (MosquittoService mosquitto = MosquittoService.launch()) {
      GatewayConfig config =
          GatewayConfig.builder(new GatewayId("bench-footprint"), mosquitto.serverUri(), bootstrap)
              .topics(topics)
              .integrity(
                  IntegrityConfig.builder()
                      .headersTopic("bench.fp.headers")
                      .stateDirectory(work.resolve("state"))
                      .build())
              .outbox(OutboxConfig.builder().directory(outboxDir).build())
              .build();
      try (EdgeGateway gateway = EdgeGateway.create(config, new SimpleMeterRegistry());
          MqttPublisher publisher = OutboxDrain.publisher(mosquitto, "bench-footprint-pub")) {
        gateway.start();
        OutboxDrain.waitFor(() -> gateway.snapshot().mqttConnected(), "gateway connected");
        for (PlannedMessage m : load) {
          publisher.publish(m.topic(), m.payload());
        }
        OutboxDrain.waitFor(
            () -> gateway.snapshot().acked() >= load.size(), "readings acknowledged");
        load1 = BenchRow.loadNow();
        filled = gateway.snapshot().outbox();
      }
    }
    long disk = OutboxDrain.directoryBytes(outboxDir);
    Map<String, long[]> byTopic = new TreeMap<>(); // records, stored, value, key, topic name
    try (OutboxLog log = RocksOutboxLogs.open(outboxDir)) {
      long from = 0;
      List<OutboxRecord> page;
      while (!(page = log.read(from, Long.MAX_VALUE, 10_000)).isEmpty()) {
        for (OutboxRecord r : page) {
          long[] t = byTopic.computeIfAbsent(r.topic(), k -> new long[5]);
          t[0]++;
          t[1] += r.storedSize();
          t[2] += r.value().length;
          t[3] += r.key() == null ? 0 : r.key().getBytes(StandardCharsets.UTF_8).length;
          t[4] += r.topic().length();
        }
        from = page.get(page.size() - 1).id() + 1;
      }
    }
    int n = load.size();
    long stored = 0;
    System.out.printf(
        Locale.ROOT,
        "%-22s %9s %10s %9s %9s %9s %9s %12s%n",
        "topic",
        "records",
        "per reading",
        "B/record",
        "value",
        "key",
        "topic+fix",
        "B/reading");
    for (Map.Entry<String, long[]> e : byTopic.entrySet()) {
      long[] t = e.getValue();
      stored += t[1];
      System.out.printf(
          Locale.ROOT,
          "%-22s %9d %10.3f %9.0f %9.0f %9.0f %9.0f %12.1f%n",
          e.getKey(),
          t[0],
          t[0] / (double) n,
          t[1] / (double) t[0],
          t[2] / (double) t[0],
          t[3] / (double) t[0],
          (t[1] - t[2] - t[3]) / (double) t[0],
          t[1] / (double) n);
    }
    double storedPerReading = stored / (double) n;
    double diskPerReading = disk / (double) n;
    System.out.printf(
        Locale.ROOT,
        "%d readings: %d records, %d stored bytes (outbox status: %d) = %.0f B per reading; files"
            + " on disk %d bytes = %.0f B per reading (load average %.1f)%n",
        n,
        byTopic.values().stream().mapToLong(t -> t[0]).sum(),
        stored,
        filled.backlogBytes(),
        storedPerReading,
        disk,
        diskPerReading,
        load1);
    double perMinute = 1_000 * 60 * storedPerReading;
    // Read at run time: a constant would be inlined when this class was compiled.
    long defaultMaxBytes = OutboxConfig.defaults().maxBytes();
    System.out.println(
        BenchRow.of(
                "outbox bytes per reading: stored size (bounded by --outbox-max-bytes) vs files on"
                    + " disk",
                storedPerReading,
                diskPerReading,
                "B/reading",
                load1,
                command)
            .line());
    System.out.println(
        BenchRow.of(
                "minutes of a 1,000 readings/s outage the default outbox bound holds: 1 GiB before,"
                    + " "
                    + (defaultMaxBytes >> 30)
                    + " GiB now",
                OLD_DEFAULT_MAX_BYTES / perMinute,
                defaultMaxBytes / perMinute,
                "min",
                load1,
                command)
            .line());
  }
}
