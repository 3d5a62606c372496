/**
 * MQTT transport: the only package that may import Eclipse Paho ({@code org.eclipse.paho..}); an
 * ArchUnit rule in {@code architecture-tests} keeps it that way.
 *
 * <p>Two small interfaces hide Paho from the rest of airtrace: {@link dev.airtrace.mqtt.MqttIntake}
 * (subscribe with QoS 1 on a persistent session, hand messages to one consumer thread through a
 * bounded queue, acknowledge them manually once they are durably handed on) and {@link
 * dev.airtrace.mqtt.MqttPublisher} (QoS 1 with a bounded in-flight window, for the sensor
 * simulator, the demo and benchmarks). Both reconnect with their own jittered exponential backoff
 * ({@link dev.airtrace.mqtt.ReconnectPolicy}) instead of Paho's automatic reconnect, so that the
 * delays are ours to configure and log. Create them with {@link dev.airtrace.mqtt.MqttClients}.
 */
package dev.airtrace.mqtt;
