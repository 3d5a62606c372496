package dev.airtrace.gateway.models;

import dev.airtrace.core.Correction;
import dev.airtrace.core.CorrectionStatus;
import dev.airtrace.core.Reading;
import dev.airtrace.core.calibration.ChannelAgreement;
import dev.airtrace.core.calibration.PurpleAirCorrections;
import dev.airtrace.core.calibration.PurpleAirInputs;
import dev.airtrace.inference.LiveModel;
import dev.airtrace.inference.Outputs;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code pm25-calibration} model: input {@code features [n, 3]} = (A/B mean of {@code
 * pm2.5_cf_1} in µg/m³, relative humidity %, temperature °C), raw (the graph normalises), output
 * {@code pm2_5 [n, 1]} in µg/m³. All usable readings of a model batch go through one run of the
 * version current at that moment, whose {@code name@version} is recorded in each correction ({@code
 * model:pm25-calibration@1}). When the run fails the readings keep their raw channels and record
 * {@code model-unavailable}.
 */
final class ModelCalibrator implements ReadingCalibrator {
  private static final Logger LOG = LoggerFactory.getLogger(ModelCalibrator.class);
  static final String OUTPUT = "pm2_5";
  static final int FEATURES = 3;

  private final LiveModel model;
  private final ChannelAgreement agreement;
  private long failures;

  ModelCalibrator(LiveModel model, ChannelAgreement agreement) {
    this.model = model;
    this.agreement = agreement;
  }

  @Override
  public List<Reading> correct(
      List<Reading> readings, BiConsumer<Reading, CorrectionStatus> outcome) {
    List<Reading> out = new ArrayList<>(readings);
    List<Integer> rows = new ArrayList<>();
    List<PurpleAirInputs> inputs = new ArrayList<>();
    for (int i = 0; i < readings.size(); i++) {
      Optional<PurpleAirInputs> in = PurpleAirInputs.of(readings.get(i), agreement, true);
      if (in.isEmpty()) {
        continue;
      }
      if (in.get().usable()) {
        rows.add(i);
        inputs.add(in.get());
      } else {
        Reading r =
            PurpleAirCorrections.notApplied(
                readings.get(i),
                in.get(),
                Correction.modelMethod(model.current().id()),
                in.get().problem());
        out.set(i, r);
        outcome.accept(r, in.get().problem());
      }
    }
    if (rows.isEmpty()) {
      return out;
    }
    int n = rows.size();
    FloatBuffer features = FloatBuffer.allocate(n * FEATURES);
    for (PurpleAirInputs in : inputs) {
      features.put((float) in.cf1Mean());
      features.put((float) in.relativeHumidity());
      features.put((float) in.temperature());
    }
    features.flip();
    String method;
    float[] corrected;
    try (LiveModel.Lease lease = model.acquire()) {
      method = Correction.modelMethod(lease.model().manifest().id());
      Outputs o = lease.model().run(features, n);
      corrected = o.get(OUTPUT);
      if (corrected.length != n) {
        throw new IllegalStateException(
            "model returned " + corrected.length + " values for " + n + " rows");
      }
    } catch (RuntimeException e) {
      if (failures++ % 1000 == 0) {
        LOG.warn(
            "calibration model {} failed on {} readings ({} failures so far); they keep their raw"
                + " channels and record model-unavailable",
            model.name(),
            n,
            failures,
            e);
      }
      method = Correction.modelMethod(model.current().id());
      for (int k = 0; k < n; k++) {
        int i = rows.get(k);
        Reading r =
            PurpleAirCorrections.notApplied(
                readings.get(i), inputs.get(k), method, CorrectionStatus.MODEL_UNAVAILABLE);
        out.set(i, r);
        outcome.accept(r, CorrectionStatus.MODEL_UNAVAILABLE);
      }
      return out;
    }
    for (int k = 0; k < n; k++) {
      int i = rows.get(k);
      float v = corrected[k];
      Reading r;
      if (Float.isFinite(v)) {
        r = PurpleAirCorrections.applied(readings.get(i), inputs.get(k), method, v);
        outcome.accept(r, CorrectionStatus.APPLIED);
      } else {
        r =
            PurpleAirCorrections.notApplied(
                readings.get(i), inputs.get(k), method, CorrectionStatus.MODEL_UNAVAILABLE);
        outcome.accept(r, CorrectionStatus.MODEL_UNAVAILABLE);
      }
      out.set(i, r);
    }
    return out;
  }
}
