package dev.airtrace.cli;

import dev.airtrace.sink.influx.standalone.StandaloneSinkWorker;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code airtrace sink}: the InfluxDB sink connector on a standalone Kafka Connect worker. */
@Command(
    name = "sink",
    mixinStandardHelpOptions = true,
    description = {
      "Run the InfluxDB sink connector on a standalone Kafka Connect worker: writes 1-minute"
          + " device aggregates, hourly site means and site AQI to InfluxDB (v1 /write protocol).",
      "To run it in an existing Connect cluster instead, see docs/sink.md."
    })
final class SinkCommand implements Callable<Integer> {
  @Mixin KafkaOptions kafka;
  @Mixin MetricsOptions metricsOptions;

  @Option(
      names = "--influx-url",
      defaultValue = "http://127.0.0.1:8086",
      description = "InfluxDB base URL (default: ${DEFAULT-VALUE}).")
  String influxUrl;

  @Option(
      names = "--influx-database",
      defaultValue = "airtrace",
      description = "InfluxDB database (created if missing) (default: ${DEFAULT-VALUE}).")
  String database;

  @Option(
      names = "--state-dir",
      defaultValue = "airtrace-state/sink",
      description = "Directory for the worker's offset file (default: ${DEFAULT-VALUE}).")
  Path stateDir;

  @Override
  public Integer call() throws Exception {
    UntilStopped stop = new UntilStopped();
    try (StandaloneSinkWorker worker =
            StandaloneSinkWorker.start(
                StandaloneSinkWorker.Options.airtrace(
                    kafka.bootstrap, stateDir, influxUrl, database));
        MetricsEndpoint metrics =
            metricsOptions.startOrNull("sink", () -> SinkTelemetry.health(worker))) {
      if (metrics != null) {
        SinkTelemetry.bind(worker, metrics.registry());
      }
      System.err.println("airtrace sink: connector " + worker.connectorName() + " running");
      Optional<Throwable> failure =
          stop.awaitOrFailure(
              () -> {
                StandaloneSinkWorker.Status s = worker.status();
                return s.hasFailed()
                    ? Optional.of(new IllegalStateException("connector failed: " + s.trace()))
                    : Optional.empty();
              });
      if (failure.isPresent()) {
        // Offsets were committed only for what InfluxDB acknowledged; a restart resumes there.
        System.err.println("airtrace sink failed: " + failure.get().getMessage());
        return 1;
      }
    } finally {
      stop.closed();
    }
    return 0;
  }
}
