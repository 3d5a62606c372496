package dev.airtrace.core.integrity;

import dev.airtrace.core.Correction;
import dev.airtrace.core.CorrectionStatus;
import dev.airtrace.core.DeviceId;
import dev.airtrace.core.GatewayId;
import dev.airtrace.core.Location;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.Reading;
import dev.airtrace.core.SiteId;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** jqwik generators for readings within what the leaf encoding accepts. */
public final class IntegrityArbitraries {
  private IntegrityArbitraries() {}

  public static Arbitrary<String> identifiers() {
    return Arbitraries.strings()
        .withCharRange('a', 'z')
        .withCharRange('A', 'Z')
        .withCharRange('0', '9')
        .withChars('.', '_', ':', '-')
        .ofMinLength(1)
        .ofMaxLength(64);
  }

  /** Any finite double, weighted towards the edges (zeros, tiny, huge, many digits). */
  public static Arbitrary<Double> measurements() {
    return Arbitraries.oneOf(
        Arbitraries.doubles(),
        Arbitraries.doubles().between(-100, 2_000).ofScale(3),
        Arbitraries.integers()
            .between(0, 9)
            .flatMap(
                k ->
                    Arbitraries.longs()
                        .between(-(1L << 52), 1L << 52)
                        .map(m -> m / Math.pow(10, k))),
        Arbitraries.of(0.0, -0.0, 1e-7, 1e21, 2e23, Double.MIN_VALUE, Double.MAX_VALUE, 0.1 + 0.2),
        Arbitraries.longs().map(Double::longBitsToDouble).filter(Double::isFinite));
  }

  public static Arbitrary<Location> locations() {
    return Combinators.combine(
            Arbitraries.doubles().between(-90, 90),
            Arbitraries.doubles().between(-180, 180),
            measurements().injectNull(0.4))
        .as(Location::new);
  }

  public static Arbitrary<Reading> readings() {
    return Combinators.combine(
            identifiers().map(DeviceId::new),
            identifiers().map(SiteId::new),
            Arbitraries.longs().between(-Jcs.MAX_SAFE_INTEGER, Jcs.MAX_SAFE_INTEGER),
            Arbitraries.longs().between(0, Jcs.MAX_SAFE_INTEGER),
            Arbitraries.maps(Arbitraries.of(Quantity.class), measurements()).ofMinSize(1),
            locations().injectNull(0.3),
            identifiers().map(GatewayId::new),
            Arbitraries.longs())
        .as(Reading::new);
  }

  /** Corrections as the gateway records them: any method code, status and inputs. */
  public static Arbitrary<Correction> corrections() {
    return Combinators.combine(
            Arbitraries.of(
                Correction.EPA_BARKJOHN_2021,
                Correction.EPA_BARKJOHN_2022,
                Correction.modelMethod("pm25-calibration@1"),
                Correction.modelMethod("pm25-calibration@12")),
            Arbitraries.of(CorrectionStatus.class),
            Arbitraries.maps(Arbitraries.of(Quantity.class), measurements()).ofMaxSize(5))
        .as(Correction::new);
  }

  /** Readings, about half of them with a pm2_5 correction (applied ones carry a pm2_5 value). */
  public static Arbitrary<Reading> readingsWithCorrections() {
    return Combinators.combine(readings(), corrections().injectNull(0.5), measurements())
        .as(
            (r, c, v) -> {
              if (c == null) {
                return r;
              }
              Double pm = c.status().applied() ? v : r.values().get(Quantity.PM2_5);
              return r.withCorrection(Quantity.PM2_5, pm, c);
            });
  }
}
