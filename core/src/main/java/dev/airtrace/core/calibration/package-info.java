/**
 * PM2.5 corrections for low-cost optical sensors, as pure functions of a reading: the EPA PurpleAir
 * corrections of Barkjohn et al. (US-wide 2021 and the 2022 piecewise extension for smoke), the A/B
 * channel agreement check, and the bookkeeping that records the correction applied in the reading
 * ({@link dev.airtrace.core.Correction}).
 *
 * <p>No inference here: a model-based calibration (the gateway's {@code model} mode) reads its
 * inputs with {@link dev.airtrace.core.calibration.PurpleAirInputs} and records its result with
 * {@link dev.airtrace.core.calibration.PurpleAirCorrections}, so every method leaves the same
 * trace. Everything is stateless and thread-safe. Formulas and sources: {@code docs/aqi.md}.
 */
package dev.airtrace.core.calibration;
