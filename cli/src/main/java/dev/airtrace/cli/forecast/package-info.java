/**
 * Verification of served forecasts against what happened: {@link
 * dev.airtrace.cli.forecast.ForecastSkill} joins the forecasts topic with the observed site-hourly
 * means and computes RMSE, MAE, bias and skill against persistence (and persistence + diurnal
 * profile) per horizon; {@link dev.airtrace.cli.forecast.ForecastTopics} reads both topics from
 * Kafka. Used by {@code airtrace forecast-report} and {@code airtrace demo --replay}.
 */
package dev.airtrace.cli.forecast;
