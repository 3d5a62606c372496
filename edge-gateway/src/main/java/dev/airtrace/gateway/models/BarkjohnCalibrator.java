package dev.airtrace.gateway.models;

import dev.airtrace.core.CorrectionStatus;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.Reading;
import dev.airtrace.core.calibration.BarkjohnCorrector;
import dev.airtrace.core.calibration.BarkjohnMethod;
import dev.airtrace.core.calibration.ChannelAgreement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/** The EPA formulas, reading by reading (no model, nothing to batch). */
final class BarkjohnCalibrator implements ReadingCalibrator {
  private final BarkjohnCorrector corrector;

  BarkjohnCalibrator(BarkjohnMethod method, ChannelAgreement agreement) {
    this.corrector = new BarkjohnCorrector(method, agreement);
  }

  @Override
  public List<Reading> correct(
      List<Reading> readings, BiConsumer<Reading, CorrectionStatus> outcome) {
    List<Reading> out = new ArrayList<>(readings.size());
    for (Reading r : readings) {
      Reading c = corrector.correct(r);
      if (c != r) {
        outcome.accept(c, c.corrections().get(Quantity.PM2_5).status());
      }
      out.add(c);
    }
    return out;
  }
}
