package dev.airtrace.quality;

import dev.airtrace.core.Quantity;
import java.time.Duration;

/**
 * The default QC limits per {@link Quantity}, for an outdoor low-cost station reporting at least
 * hourly in the northern mid-latitudes. The fail spans are the usual sensor specifications
 * (Plantower PMS5003 for PM, Bosch BME280 for temperature and pressure, Alphasense B-series
 * electrochemical cells for gases) or, where no single sensor dominates, {@link
 * Quantity#plausibleMin()}..{@link Quantity#plausibleMax()}; the suspect spans, climatology, spike,
 * rate and flat-line limits are deliberately wide so that a healthy sensor in unusual weather or a
 * smoke event is not flagged. The table with the reasons is in docs/quality.md; a site overrides
 * them per quantity or per device in {@link QcConfig}.
 */
public final class QcDefaults {
  private QcDefaults() {}

  private static Span span(double min, double max) {
    return new Span(min, max);
  }

  private static FlatLineLimits flat(double tolerance, int suspectHours, int failHours) {
    return new FlatLineLimits(
        tolerance, Duration.ofHours(suspectHours), Duration.ofHours(failHours));
  }

  /** The default limits of {@code quantity}. */
  public static QuantityQc forQuantity(Quantity quantity) {
    switch (quantity) {
      case PM2_5:
        return new QuantityQc(
            new GrossRangeLimits(span(0, 1_000), span(0, 500)),
            null,
            new SpikeLimits(50, 150),
            new RateOfChangeLimit(250),
            flat(0.05, 12, 24));
      case PM10:
        return new QuantityQc(
            new GrossRangeLimits(span(0, 2_000), span(0, 1_000)),
            null,
            new SpikeLimits(100, 300),
            new RateOfChangeLimit(500),
            flat(0.05, 12, 24));
      case PM2_5_CF1_A:
      case PM2_5_CF1_B:
        return new QuantityQc(
            new GrossRangeLimits(span(0, 1_500), span(0, 700)),
            null,
            new SpikeLimits(70, 210),
            new RateOfChangeLimit(350),
            flat(0.05, 12, 24));
      case NO2:
        return new QuantityQc(
            new GrossRangeLimits(span(0, 5_000), span(0, 500)),
            null,
            new SpikeLimits(50, 150),
            new RateOfChangeLimit(200),
            flat(0.05, 12, 24));
      case O3:
        return new QuantityQc(
            new GrossRangeLimits(span(0, 1_000), span(0, 250)),
            new ClimatologyLimits(span(0, 100), span(0, 200), span(0, 250), span(0, 150)),
            new SpikeLimits(30, 80),
            new RateOfChangeLimit(60),
            flat(0.05, 12, 24));
      case SO2:
        return new QuantityQc(
            new GrossRangeLimits(span(0, 5_000), span(0, 500)),
            null,
            new SpikeLimits(50, 150),
            new RateOfChangeLimit(200),
            flat(0.05, 12, 24));
      case CO:
        return new QuantityQc(
            new GrossRangeLimits(span(0, 500), span(0, 50)),
            null,
            new SpikeLimits(5, 15),
            new RateOfChangeLimit(20),
            flat(0.005, 12, 24));
      case TEMPERATURE:
        return new QuantityQc(
            new GrossRangeLimits(span(-40, 85), span(-40, 60)),
            new ClimatologyLimits(span(-40, 30), span(-30, 40), span(-10, 50), span(-30, 40)),
            new SpikeLimits(3, 8),
            new RateOfChangeLimit(10),
            flat(0.005, 6, 12));
      case RELATIVE_HUMIDITY:
        // fog holds RH at 100 % for many hours: fail only after a day
        return new QuantityQc(
            new GrossRangeLimits(span(0, 100), span(0, 100)),
            null,
            new SpikeLimits(15, 30),
            new RateOfChangeLimit(40),
            flat(0.005, 12, 24));
      case PRESSURE:
        return new QuantityQc(
            new GrossRangeLimits(span(300, 1_100), span(850, 1_090)),
            ClimatologyLimits.allYear(span(870, 1_085)),
            new SpikeLimits(3, 10),
            new RateOfChangeLimit(6),
            flat(0.005, 3, 6));
      case WIND_SPEED:
        // calm nights keep a cup anemometer at 0 for hours
        return new QuantityQc(
            new GrossRangeLimits(span(0, 60), span(0, 40)),
            null,
            new SpikeLimits(10, 25),
            null,
            flat(0, 24, 48));
      case WIND_DIRECTION:
        // circular: a spike or a rate between 359 and 1 degrees means nothing
        return new QuantityQc(
            new GrossRangeLimits(span(0, 360), span(0, 360)), null, null, null, flat(0, 12, 48));
      default:
        return new QuantityQc(
            new GrossRangeLimits(
                span(quantity.plausibleMin(), quantity.plausibleMax()),
                span(quantity.plausibleMin(), quantity.plausibleMax())),
            null,
            null,
            null,
            null);
    }
  }
}
