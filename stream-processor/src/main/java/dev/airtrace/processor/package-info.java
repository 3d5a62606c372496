/**
 * The airtrace stream processor: a Kafka Streams application that turns the gateway's readings into
 * hourly per-site averages, the per-site EPA AQI with NowCast and per-site hourly feature windows
 * for the forecaster.
 *
 * <p>Public API: {@link dev.airtrace.processor.SiteAqiTopology#build} (the pure topology builder),
 * {@link dev.airtrace.processor.ProcessorConfig} (validated configuration), {@link
 * dev.airtrace.processor.StreamProcessorApp} (lifecycle), {@link dev.airtrace.processor.Topics}
 * (topic names and serdes) and the output values {@link dev.airtrace.processor.SiteHourly}, {@link
 * dev.airtrace.processor.SiteAqi} and {@link dev.airtrace.processor.SiteFeatures} (with {@link
 * dev.airtrace.processor.FeatureChannel}). Processors, accumulators and internal serdes are
 * package-private. Semantics and topology diagram: {@code docs/stream-processor.md}.
 */
package dev.airtrace.processor;
