/**
 * A Kafka Connect sink connector that writes JSON records to InfluxDB with the v1 protocol (line
 * protocol to {@code /write}, which InfluxDB 1.x, 2.x and 3.x serve).
 *
 * <p>Entry points: {@link dev.airtrace.sink.influx.InfluxSinkConnector} (what a Connect worker
 * instantiates), {@link dev.airtrace.sink.influx.InfluxSinkTask} and {@link
 * dev.airtrace.sink.influx.InfluxSinkConfig} (the configuration reference and the {@code airtrace}
 * preset). Records become points through per-topic mappings that are pure configuration; the
 * mapping, line-protocol encoding and batching are package-private. {@code org.influxdb} is used in
 * this package only, behind the package-private {@code PointWriter} interface.
 */
package dev.airtrace.sink.influx;
