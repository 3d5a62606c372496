package dev.airtrace.cli.pacing;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a paced replay has seen of the pipeline's output so far: closed hours (site-hourly topic),
 * forecasts (forecasts topic) and forecast skill records (forecast-skill topic), accumulated by
 * {@link #refresh}. The Kafka implementation reads committed records only; unit tests use a fake.
 *
 * <p>Not thread-safe: one pacer calls it.
 */
public interface PipelineView extends AutoCloseable {
  /**
   * Reads what has arrived since the last call, blocking up to {@code maxBlock} when nothing has.
   */
  void refresh(Duration maxBlock) throws InterruptedException;

  /** The closed hour of {@code siteId} that ends at {@code windowEnd}, if seen. */
  Optional<ClosedHour> hour(String siteId, long windowEnd);

  /** The forecasts seen for {@code siteId} issued at {@code issueTime} (one per model). */
  List<IssuedForecast> forecasts(String siteId, long issueTime);

  /**
   * The newest verified hour end ({@code windowEnd}) of the skill records seen for this site,
   * horizon and model.
   */
  OptionalLong skillThrough(String siteId, int hours, String model);

  @Override
  void close();

  /**
   * A closed hour.
   *
   * @param hasPm25 whether the hour has a PM2.5 mean (only such hours are verified)
   */
  record ClosedHour(boolean hasPm25) {}

  /**
   * A forecast as far as pacing needs it.
   *
   * @param model {@code name@version}
   * @param horizonsHours its horizons
   * @param hasPersistence whether it carries a persistence value (only such forecasts enter the
   *     verifier's skill window)
   */
  record IssuedForecast(String model, int[] horizonsHours, boolean hasPersistence) {}
}
