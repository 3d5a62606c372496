/**
 * The US EPA Air Quality Index (2024 revision) and the PM NowCast, as pure functions.
 *
 * <p>Entry points: {@link dev.airtrace.core.aqi.Aqi} (sub-indices and the overall index), {@link
 * dev.airtrace.core.aqi.NowCast} (hourly PM2.5/PM10 NowCast) and {@link
 * dev.airtrace.core.aqi.TrailingAverage} (8-hour and 24-hour averages with EPA's completeness
 * rules). Concentrations go in and come out in airtrace's canonical units ({@link
 * dev.airtrace.core.Quantity#unit()}: O3, NO2 and SO2 in ppb, CO in ppm, PM in ug/m3); conversion
 * to the units of EPA's breakpoint tables (O3 in ppm) happens inside. Decimal arithmetic ({@link
 * java.math.BigDecimal}) is used for truncation, table look-up and the AQI equation so that the
 * half-up rounding at .5 is exact. The rules and the choices made where EPA leaves room are in
 * {@code docs/aqi.md}. Everything here is stateless and thread-safe.
 */
package dev.airtrace.core.aqi;
