package dev.airtrace.simulator;

import dev.airtrace.core.Quantity;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;

/**
 * Plausible air-quality and weather values: diurnal cycles (traffic peaks at 08:00 and 18:00 UTC
 * for PM, NO2 and CO; photochemical ozone in daylight; temperature and humidity in antiphase), a
 * slow multi-day swell, a per-site pollution level (site 1 clean, each further site dirtier, so the
 * sites land in different AQI categories), a per-device calibration bias, and Gaussian noise.
 * Values are rounded to one decimal (CO to two), as instruments report them.
 *
 * <p>Stateless; the caller's {@link Random} supplies the noise, so a seeded caller gets identical
 * values.
 */
final class FleetModel {
  private static final double HOUR_MS = 3_600_000.0;

  private FleetModel() {}

  static Map<Quantity, Double> measure(SimulatedDevice d, long eventTime, Random noise) {
    double hour = Math.floorMod(eventTime, 86_400_000L) / HOUR_MS;
    double hoursSinceEpoch = eventTime / HOUR_MS;
    double traffic = bump(hour, 8, 1.5) + 0.8 * bump(hour, 18, 2.0);
    double sun = Math.max(0, Math.sin(Math.PI * (hour - 6) / 14));
    double swell = 0.5 + 0.5 * Math.sin(2 * Math.PI * hoursSinceEpoch / 31);
    double daily = Math.sin(2 * Math.PI * (hour - 9) / 24);
    int site = d.siteIndex();
    double bias = d.bias();

    double pm25 = (5 + 12 * site) * (0.7 + 0.6 * swell) + 10 * traffic;
    pm25 = pm25 * bias + gauss(noise, 1 + 0.05 * pm25);
    double pm10 = pm25 * 1.5 + 4 + 6 * traffic + gauss(noise, 2);
    double no2 = (8 + 4 * site + 25 * traffic) * bias + gauss(noise, 2);
    double o3 = 18 + 40 * sun - 5 * traffic + gauss(noise, 2);
    double co = (0.2 + 0.05 * site + 0.6 * traffic) * bias + gauss(noise, 0.03);
    double so2 = 1.5 + site + gauss(noise, 0.3);
    double temperature = 11 + 7 * daily - 0.5 * site + gauss(noise, 0.3);
    double humidity = 65 - 20 * daily + gauss(noise, 2);
    double pressure =
        1013 - 3 * site + 4 * Math.sin(2 * Math.PI * hoursSinceEpoch / 40) + gauss(noise, 0.2);

    Map<Quantity, Double> v = new EnumMap<>(Quantity.class);
    v.put(Quantity.PM2_5, round1(Math.max(0.5, pm25)));
    v.put(Quantity.PM10, round1(Math.max(1, pm10)));
    v.put(Quantity.NO2, round1(Math.max(0.5, no2)));
    v.put(Quantity.O3, round1(Math.max(1, o3)));
    v.put(Quantity.CO, round2(Math.max(0.05, co)));
    v.put(Quantity.SO2, round1(Math.max(0.1, so2)));
    v.put(Quantity.TEMPERATURE, round1(temperature));
    v.put(Quantity.RELATIVE_HUMIDITY, round1(Math.min(100, Math.max(5, humidity))));
    v.put(Quantity.PRESSURE, round1(pressure));
    return v;
  }

  private static double bump(double hour, double center, double width) {
    double x = (hour - center) / width;
    return Math.exp(-0.5 * x * x);
  }

  private static double gauss(Random r, double sigma) {
    return r.nextGaussian() * sigma;
  }

  static double round1(double v) {
    return Math.round(v * 10) / 10.0;
  }

  private static double round2(double v) {
    return Math.round(v * 100) / 100.0;
  }
}
