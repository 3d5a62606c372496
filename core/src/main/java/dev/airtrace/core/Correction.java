package dev.airtrace.core;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How a gateway derived (or tried to derive) one quantity of a {@link Reading} from other measured
 * values, for example PM2.5 from the PurpleAir CF=1 channels and relative humidity. It is part of
 * the reading record and of its Merkle leaf, so a proof of a corrected value also proves how it was
 * corrected.
 *
 * <p>Immutable and thread-safe.
 *
 * @param method what was applied: {@code epa-barkjohn-2021}, {@code epa-barkjohn-2022} or {@code
 *     model:<name>@<version>}; lower-case ASCII letters, digits and {@code . : @ _ -}
 * @param status whether the value was derived, and if not, why
 * @param inputs the measured values the method read, in their quantities' canonical units (the raw
 *     channels, humidity, temperature; and the device's own value of the corrected quantity when
 *     the correction replaced it); may be empty
 */
public record Correction(String method, CorrectionStatus status, Map<Quantity, Double> inputs) {
  private static final Pattern METHOD = Pattern.compile("[a-z0-9][a-z0-9.:@_-]{0,127}");

  /** {@code method} of the EPA US-wide correction (Barkjohn et al. 2021). */
  public static final String EPA_BARKJOHN_2021 = "epa-barkjohn-2021";

  /** {@code method} of the EPA extended piecewise correction (Barkjohn et al. 2022). */
  public static final String EPA_BARKJOHN_2022 = "epa-barkjohn-2022";

  public Correction {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(inputs, "inputs");
    if (!METHOD.matcher(method).matches()) {
      throw new IllegalArgumentException(
          "correction method must match " + METHOD.pattern() + " but was '" + method + "'");
    }
    EnumMap<Quantity, Double> copy = new EnumMap<>(Quantity.class);
    inputs.forEach(
        (q, v) -> {
          Objects.requireNonNull(q, "input quantity");
          if (v == null || !Double.isFinite(v)) {
            throw new IllegalArgumentException(
                "correction input " + q.code() + " must be finite but was " + v);
          }
          copy.put(q, v);
        });
    inputs = Collections.unmodifiableMap(copy);
  }

  /** The {@code method} of a correction by a model from the model repository. */
  public static String modelMethod(String modelId) {
    return "model:" + modelId;
  }
}
