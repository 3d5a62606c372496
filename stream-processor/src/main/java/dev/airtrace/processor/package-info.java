/**
 * The airtrace stream processor: a Kafka Streams application that turns the gateway's readings into
 * hourly per-site averages, the per-site EPA AQI with NowCast and per-site hourly feature windows
 * for the forecaster.
 *
 * <p>Public API: {@link dev.airtrace.processor.SiteAqiTopology#build} (the pure topology builder),
 * {@link dev.airtrace.processor.ProcessorConfig} (validated configuration) and {@link
 * dev.airtrace.processor.StreamProcessorApp} (lifecycle). The topics it reads and writes, their
 * value records and codecs are contracts in {@code dev.airtrace.topics}. Processors, accumulators
 * and internal serdes are package-private. Semantics and topology diagram: {@code
 * docs/stream-processor.md}.
 */
package dev.airtrace.processor;
