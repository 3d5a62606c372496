package dev.airtrace.gateway.models;

import dev.airtrace.core.CorrectionStatus;
import dev.airtrace.core.Reading;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Derives corrected PM2.5 for a model batch of readings: one call per batch, so a model-based
 * correction runs the model once for all of them. Readings without PurpleAir channels come back
 * unchanged; no reading is ever dropped. Not thread-safe: the gateway worker owns it.
 */
interface ReadingCalibrator {

  /**
   * The batch with corrections applied, same size and order.
   *
   * @param outcome told the status of each correction attempted (for metrics)
   */
  List<Reading> correct(List<Reading> readings, BiConsumer<Reading, CorrectionStatus> outcome);

  /** No correction at all. */
  static ReadingCalibrator off() {
    return (readings, outcome) -> readings;
  }
}
