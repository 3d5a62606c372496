package dev.airtrace.cli;

import dev.airtrace.cli.pacing.HourPacer;
import dev.airtrace.cli.pacing.KafkaPipelineView;
import dev.airtrace.cli.pacing.PacedSource;
import dev.airtrace.cli.pacing.PacingConfig;
import dev.airtrace.core.DeviceId;
import dev.airtrace.core.SiteId;
import dev.airtrace.mqtt.MqttPublisher;
import dev.airtrace.processor.ProcessorConfig;
import dev.airtrace.simulator.replay.BeijingPm25Csv;
import dev.airtrace.simulator.replay.ReplayResult;
import dev.airtrace.simulator.replay.ReplaySource;
import dev.airtrace.simulator.replay.Replayer;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code airtrace replay}: publishes a recorded file over MQTT as its sensors would have. */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      "Publish recorded data over MQTT as its sensors would have: one JSON message per row, QoS 1,"
          + " with the event times of the file, as fast as the broker acknowledges or at --speed."
          + " Reads the replay CSV layout (time,site,device,<quantity>[<unit>],...) or the UCI"
          + " Beijing PM2.5 file (--format beijing). The gateway must accept old event times"
          + " (airtrace gateway --max-age). Bad rows are reported with their row number, counted"
          + " and skipped (or end the replay with --stop-on-bad-row).",
      "With --paced it publishes one event-time hour at a time and waits before each hour until"
          + " the pipeline (read from Kafka) has caught up with the hours the last one closed.",
      "With --convert-to FILE it writes the file in the replay layout instead of publishing."
    })
final class ReplayCommand implements Callable<Integer> {
  @Parameters(paramLabel = "FILE", description = "The recorded data.")
  Path file;

  @Mixin MqttOptions mqtt;

  @Mixin KafkaOptions kafka;

  @ArgGroup(exclusive = false, heading = "Replay%n")
  ReplayOptions replay = new ReplayOptions();

  @Option(
      names = "--client-id",
      defaultValue = "airtrace-replay",
      description = "MQTT client id (default: ${DEFAULT-VALUE}).")
  String clientId;

  @Option(
      names = "--device-key-dir",
      paramLabel = "DIR",
      description =
          "Sign the payloads of every device with a private key <device-id>.key.pem in this"
              + " folder (as written by airtrace device), as its firmware would.")
  Path deviceKeyDir;

  @Option(
      names = "--convert-to",
      paramLabel = "FILE",
      description =
          "--format beijing: write FILE in the replay CSV layout (times in UTC+8) and publish"
              + " nothing.")
  Path convertTo;

  @Option(
      names = "--processor-grace",
      paramLabel = "DURATION",
      defaultValue = "10m",
      converter = DurationConverter.class,
      description =
          "--paced: the stream processor's window grace (airtrace processor --window-grace): an"
              + " hour closes when a site's event time reaches its end + grace, and only closed"
              + " hours are awaited (default: ${DEFAULT-VALUE}).")
  Duration processorGrace = PacingConfig.DEFAULT_GRACE;

  /** How long opening the pacing consumer may take (Kafka reachable, topics found). */
  static final Duration OPEN_TIMEOUT = Duration.ofSeconds(30);

  PrintStream out = System.out;
  PrintStream err = System.err;

  @Override
  public Integer call() throws Exception {
    if (convertTo != null) {
      return convert();
    }
    Map<DeviceId, PrivateKey> keys = SimulateCommand.deviceKeys(deviceKeyDir);
    Replayer replayer = new Replayer(replay.toConfig());
    PacingConfig pacing =
        replay.paced()
            ? replay.pacingConfig(processorGrace, ProcessorConfig.DEFAULT_FEATURE_WINDOW_HOURS)
            : null;
    try (ReplaySource source = replay.open(file);
        ReplayOptions.BadRowReporter bad = replay.badRowReporter(file, err);
        KafkaPipelineView view =
            pacing == null ? null : KafkaPipelineView.open(kafka.adminConfig(), OPEN_TIMEOUT);
        MqttPublisher publisher = SimulateCommand.publisher(mqtt, clientId)) {
      if (!keys.isEmpty()) {
        err.println(
            "airtrace replay: signing for " + keys.size() + " devices from " + deviceKeyDir);
      }
      HourPacer pacer =
          pacing == null ? null : new HourPacer(pacing, view, publisher::awaitDelivered);
      long start = System.nanoTime();
      ReplayResult result =
          replayer.run(
              pacer == null ? source : new PacedSource(source, replay.toConfig(), pacer),
              publisher,
              keys,
              bad);
      if (pacer != null) {
        pacer.finish();
      }
      out.println(summary(file, result, (System.nanoTime() - start) / 1e9));
      if (pacer != null) {
        pacer.result().lines().forEach(out::println);
        if (view.undecodable() > 0) {
          out.printf("  %,d pipeline records did not decode (ignored)%n", view.undecodable());
        }
      }
    }
    return 0;
  }

  private int convert() throws Exception {
    if (replay.format != ReplayOptions.Format.BEIJING) {
      throw new IllegalArgumentException("--convert-to needs --format beijing");
    }
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        BufferedWriter w = Files.newBufferedWriter(convertTo, StandardCharsets.UTF_8);
        ReplayOptions.BadRowReporter bad = replay.badRowReporter(file, err)) {
      long written =
          BeijingPm25Csv.convert(
              in,
              w,
              new SiteId(replay.site),
              new DeviceId(replay.device != null ? replay.device : replay.site + "-1"),
              replay.stopOnBadRow ? null : bad);
      out.printf("wrote %,d rows to %s (%,d bad rows skipped)%n", written, convertTo, bad.count());
    }
    return 0;
  }

  static String summary(Path file, ReplayResult r, double seconds) {
    String span =
        r.published() == 0
            ? ""
            : String.format(
                "; event times %s .. %s",
                Instant.ofEpochMilli(r.firstEventTime()), Instant.ofEpochMilli(r.lastEventTime()));
    return String.format(
        "replayed %s: %s in %.1f s (%,.0f messages/s)%s",
        file.getFileName(),
        r.summary(),
        seconds,
        seconds > 0 ? r.published() / seconds : 0.0,
        span);
  }
}
