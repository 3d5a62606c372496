package dev.airtrace.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airtrace.cli.pacing.PacingConfig;
import dev.airtrace.core.DeviceId;
import dev.airtrace.core.SiteId;
import dev.airtrace.core.codec.Json;
import dev.airtrace.simulator.replay.BadRowException;
import dev.airtrace.simulator.replay.BeijingPm25Csv;
import dev.airtrace.simulator.replay.ReplayConfig;
import dev.airtrace.simulator.replay.ReplayCsv;
import dev.airtrace.simulator.replay.ReplaySource;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * How a recorded file is read and replayed, shared by {@code replay} and {@code demo --replay}: the
 * file's format, the time range, the speed, and what bad rows do.
 */
public final class ReplayOptions {
  /** The file formats {@code replay} reads. */
  public enum Format {
    /** The replay CSV layout (docs/operations.md#replaying-recorded-data). */
    AIRTRACE,
    /**
     * The UCI Beijing PM2.5 file, read as one site and device ({@code --site}, {@code --device}).
     */
    BEIJING
  }

  /** Site id of the Beijing file's one monitor (the US Embassy's). */
  public static final String DEFAULT_BEIJING_SITE = "beijing";

  @Option(
      names = "--format",
      defaultValue = "airtrace",
      description =
          "File format: airtrace (the replay CSV layout) or beijing (the UCI Beijing PM2.5 file,"
              + " converted on the fly) (default: ${DEFAULT-VALUE}).")
  Format format = Format.AIRTRACE;

  @Option(
      names = "--site",
      defaultValue = DEFAULT_BEIJING_SITE,
      description = "--format beijing: the site id of its rows (default: ${DEFAULT-VALUE}).")
  String site = DEFAULT_BEIJING_SITE;

  @Option(
      names = "--device",
      description = "--format beijing: the device id of its rows (default: <site>-1).")
  String device;

  @Option(
      names = "--speed",
      defaultValue = "0",
      description =
          "Event time per wall-clock time (3600 = an hour of data per second); 0 publishes as fast"
              + " as the broker acknowledges (default: ${DEFAULT-VALUE}).")
  double speed;

  @Option(
      names = "--paced",
      description =
          "Publish the file one event-time hour at a time and, before the next hour, wait until"
              + " the pipeline has caught up with the hours the last one closed: their hourly"
              + " means, the forecasts issued from them and the skill records that verify them"
              + " (read from Kafka). Makes a replay causal for the online correction; needs"
              + " the processor and the forecast server running. Not with --speed.")
  boolean paced;

  @Option(
      names = "--paced-max-wait",
      paramLabel = "DURATION",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description =
          "--paced: the longest wait for one hour's outputs; an hour that needs longer is"
              + " published anyway, counted and listed in the report (default: ${DEFAULT-VALUE}).")
  Duration pacedMaxWait = PacingConfig.DEFAULT_MAX_WAIT;

  @Option(
      names = "--from",
      paramLabel = "TIME",
      converter = TimeConverter.class,
      description =
          "Skip rows before this event time (ISO-8601 with offset, or a date = its start in UTC).")
  Instant from;

  @Option(
      names = "--until",
      paramLabel = "TIME",
      converter = TimeConverter.class,
      description = "Skip rows at or after this event time (same forms as --from).")
  Instant until;

  @Option(
      names = "--first-sequence",
      defaultValue = "0",
      description =
          "Each device's first sequence number; raise it to replay a file again through the same"
              + " gateway, which otherwise drops every reading as a duplicate (default:"
              + " ${DEFAULT-VALUE}).")
  long firstSequence;

  @Option(
      names = "--stop-on-bad-row",
      description =
          "End the replay (exit 1) at the first bad row instead of reporting, counting and"
              + " skipping it.")
  boolean stopOnBadRow;

  @Option(
      names = "--bad-rows",
      paramLabel = "FILE",
      description =
          "Also write every bad row to this file, one JSON object per line: reason, source"
              + " (file#row), the original line.")
  Path badRowsFile;

  /**
   * The pacing config of {@code --paced} for a processor with this window grace and feature window.
   *
   * @throws IllegalArgumentException when {@code --paced} is combined with {@code --speed}
   */
  public PacingConfig pacingConfig(Duration processorGrace, int featureWindowHours) {
    if (speed > 0) {
      throw new IllegalArgumentException(
          "--paced publishes as soon as the pipeline has caught up: not with --speed");
    }
    return PacingConfig.builder()
        .maxWait(pacedMaxWait)
        .grace(processorGrace)
        .featureWindowHours(featureWindowHours)
        .build();
  }

  /** Whether {@code --paced} was given. */
  public boolean paced() {
    return paced;
  }

  /** The replay config these options give. */
  public ReplayConfig toConfig() {
    return ReplayConfig.builder()
        .speed(speed)
        .range(from, until)
        .badRows(stopOnBadRow ? ReplayConfig.BadRowPolicy.STOP : ReplayConfig.BadRowPolicy.SKIP)
        .firstSequence(firstSequence)
        .build();
  }

  /**
   * Opens {@code file} in the chosen format.
   *
   * @throws IllegalArgumentException when its header is not the format's, or an id is invalid
   */
  public ReplaySource open(Path file) throws IOException {
    BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
    try {
      return switch (format) {
        case AIRTRACE -> ReplayCsv.open(in);
        case BEIJING ->
            BeijingPm25Csv.open(
                in, new SiteId(site), new DeviceId(device != null ? device : site + "-1"));
      };
    } catch (IOException | RuntimeException e) {
      in.close();
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reports bad rows: one line on {@code err} each ({@code <file>: row N: reason}) and, with {@code
   * --bad-rows}, one JSON line in that file. Close it to flush the file.
   */
  public BadRowReporter badRowReporter(Path file, PrintStream err) throws IOException {
    return new BadRowReporter(file, err, badRowsFile);
  }

  /** See {@link #badRowReporter}. Not thread-safe. */
  public static final class BadRowReporter implements Consumer<BadRowException>, AutoCloseable {
    private final Path file;
    private final PrintStream err;
    private final BufferedWriter out;
    private final AtomicLong count = new AtomicLong();

    BadRowReporter(Path file, PrintStream err, Path badRowsFile) throws IOException {
      this.file = file;
      this.err = err;
      this.out =
          badRowsFile == null ? null : Files.newBufferedWriter(badRowsFile, StandardCharsets.UTF_8);
    }

    @Override
    public void accept(BadRowException e) {
      count.incrementAndGet();
      err.println(file.getFileName() + ": " + e.getMessage());
      if (out != null) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("reason", "BAD_ROW");
        n.put("detail", e.reason());
        n.put("source", "file:" + file + "#row=" + e.row());
        n.put("row", e.row());
        n.put("line", e.line());
        try {
          out.write(Json.mapper().writeValueAsString(n));
          out.newLine();
        } catch (IOException io) {
          throw new UncheckedIOException(io);
        }
      }
    }

    /** Bad rows reported so far. */
    public long count() {
      return count.get();
    }

    @Override
    public void close() throws IOException {
      if (out != null) {
        out.close();
      }
    }
  }

  /** An ISO-8601 time with offset, or a date (its start in UTC). */
  public static final class TimeConverter implements ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
      try {
        return OffsetDateTime.parse(value.trim()).toInstant();
      } catch (DateTimeParseException e) {
        try {
          return LocalDate.parse(value.trim()).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e2) {
          throw new TypeConversionException(
              "'" + value + "' is neither an ISO-8601 time with offset nor a date (2014-01-01)");
        }
      }
    }
  }
}
