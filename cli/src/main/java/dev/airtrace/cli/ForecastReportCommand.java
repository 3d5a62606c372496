package dev.airtrace.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airtrace.cli.forecast.ForecastReports;
import dev.airtrace.cli.forecast.ForecastSkill;
import dev.airtrace.cli.forecast.ForecastTopics;
import dev.airtrace.core.codec.Json;
import dev.airtrace.topics.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code airtrace forecast-report}: the served forecasts' RMSE skill against persistence per
 * horizon, from the forecasts topic joined with the observed site-hourly means.
 */
@Command(
    name = "forecast-report",
    mixinStandardHelpOptions = true,
    description = {
      "Verify the forecasts on the forecasts topic against the observed hourly PM2.5 means on the"
          + " site-hourly topic and print, per model and horizon, the count, RMSE, MAE, bias and"
          + " RMSE skill over persistence (and over persistence + diurnal profile with"
          + " --diurnal-profile). Reads both topics from the beginning to their current end.",
      "Protocol (as the offline evaluation): an origin counts when the 24 hours before its issue"
          + " time (--min-history) and all its target hours are observed."
    })
final class ForecastReportCommand implements Callable<Integer> {
  @Mixin KafkaOptions kafka;

  @Option(
      names = "--forecasts-topic",
      description = "Forecasts (default: the catalogue's forecasts topic).")
  String forecastsTopic = Topics.FORECASTS.name();

  @Option(
      names = "--site-hourly-topic",
      description = "Observed hourly means (default: the catalogue's site-hourly topic).")
  String siteHourlyTopic = Topics.SITE_HOURLY.name();

  @Option(names = "--site", description = "Only this site (default: every site).")
  String site;

  @Option(
      names = "--from",
      paramLabel = "TIME",
      converter = ReplayOptions.TimeConverter.class,
      description = "Only origins whose first target hour starts at or after TIME.")
  Instant from;

  @Option(
      names = "--until",
      paramLabel = "TIME",
      converter = ReplayOptions.TimeConverter.class,
      description = "Only origins whose last target hour starts before TIME.")
  Instant until;

  @Option(
      names = "--min-history",
      defaultValue = "24",
      description =
          "Observed hours required right before the issue time (default: ${DEFAULT-VALUE}).")
  int minHistory;

  @Option(
      names = "--all-horizons",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Score an origin only when every horizon's target is observed, so every horizon has the"
              + " same origins (default: ${DEFAULT-VALUE}).")
  boolean allHorizons = true;

  @Option(
      names = "--diurnal-profile",
      paramLabel = "MODEL_JSON",
      description =
          "A model sidecar (model.json) whose metrics.diurnal_profile_ug_m3 (24 hourly means) gives"
              + " the persistence + diurnal baselines; its features.calendar_zone is the default"
              + " --time-zone.")
  Path diurnalProfile;

  @Option(
      names = "--time-zone",
      description =
          "Local time zone of the diurnal profile's hours (default: the sidecar's, else UTC).")
  ZoneId zone;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the report as JSON.")
  Path json;

  @Option(
      names = "--timeout",
      defaultValue = "2m",
      converter = DurationConverter.class,
      description =
          "Fail when the topics' end is not reached within this (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    ForecastSkill skill = new ForecastSkill(options());
    ForecastTopics.Counts counts =
        ForecastTopics.read(kafka.adminConfig(), forecastsTopic, siteHourlyTopic, skill, timeout);
    ForecastSkill.Report report = skill.report();
    out.printf(
        "read %,d forecast records and %,d site-hourly records (%,d undecodable, skipped)%n",
        counts.forecasts(), counts.hours(), counts.undecodable());
    out.println(ForecastReports.table(report));
    if (json != null) {
      Files.writeString(json, ForecastReports.json(report), StandardCharsets.UTF_8);
    }
    return 0;
  }

  ForecastSkill.Options options() throws IOException {
    Optional<double[]> profile = Optional.empty();
    ZoneId tz = zone;
    if (diurnalProfile != null) {
      JsonNode sidecar = Json.mapper().readTree(diurnalProfile.toFile());
      JsonNode d = sidecar.path("metrics").path("diurnal_profile_ug_m3");
      if (!d.isArray()) {
        throw new IllegalArgumentException(
            diurnalProfile + " has no metrics.diurnal_profile_ug_m3 array");
      }
      double[] values = new double[d.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = d.get(i).asDouble();
      }
      profile = Optional.of(values);
      JsonNode z = sidecar.path("features").path("calendar_zone");
      if (tz == null && z.isTextual()) {
        tz = ZoneId.of(z.asText());
      }
    }
    return new ForecastSkill.Options(
        Optional.ofNullable(site),
        Optional.ofNullable(from),
        Optional.ofNullable(until),
        minHistory,
        allHorizons,
        profile,
        tz == null ? ZoneId.of("UTC") : tz);
  }
}
