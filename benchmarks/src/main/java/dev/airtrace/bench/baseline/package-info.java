/**
 * The bare references the benchmarks measure airtrace against, each the least code that does the
 * same job straight on the vendor library: {@link dev.airtrace.bench.baseline.BareBridge} (Paho
 * callback → KafkaProducer, MQTT acknowledged after Kafka, for the gateway), {@link
 * dev.airtrace.bench.baseline.NoopSubscriber} (the publisher and broker ceiling beside it) and
 * {@link dev.airtrace.bench.baseline.OrtBaseline} (raw ONNX Runtime {@code session.run}, for the
 * DJL inference path). The only package outside {@code dev.airtrace.mqtt} and {@code
 * dev.airtrace.inference} that the ArchUnit rules in {@code architecture-tests} let import Paho or
 * ONNX Runtime: a baseline that went through airtrace's own wrappers would measure nothing.
 */
package dev.airtrace.bench.baseline;
