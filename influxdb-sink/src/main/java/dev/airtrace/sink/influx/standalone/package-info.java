/**
 * An in-process Kafka Connect standalone worker running the InfluxDB sink connector, for local runs
 * (the CLI's {@code sink} command) and integration tests. Needs {@code connect-runtime} on the
 * classpath, which this module declares {@code provided}: the application that starts the worker
 * supplies it.
 */
package dev.airtrace.sink.influx.standalone;
