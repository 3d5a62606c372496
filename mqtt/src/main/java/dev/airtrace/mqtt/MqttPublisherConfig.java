package dev.airtrace.mqtt;

import java.util.Objects;

/**
 * Configuration of an {@link MqttPublisher}. Immutable.
 *
 * @param endpoint broker and credentials
 * @param clientId MQTT client id, unique among the broker's clients
 * @param maxInFlight most QoS 1 messages published but not yet acknowledged by the broker, {@code
 *     [1, 65535]}; lowered at connect time to the broker's receive maximum when that is smaller
 * @param reconnect retry policy for lost or failed connections
 */
public record MqttPublisherConfig(
    MqttEndpoint endpoint, String clientId, int maxInFlight, ReconnectPolicy reconnect) {

  /** Default in-flight window: enough to keep a loopback broker busy without 32202 errors. */
  public static final int DEFAULT_MAX_IN_FLIGHT = 500;

  public MqttPublisherConfig {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(reconnect, "reconnect");
    MqttIntakeConfig.requireClientId(clientId);
    if (maxInFlight < 1 || maxInFlight > MqttIntakeConfig.MAX_RECEIVE_MAXIMUM) {
      throw new IllegalArgumentException(
          "maxInFlight must be in [1, 65535] but was " + maxInFlight);
    }
  }

  /** Defaults for everything but the endpoint and client id. */
  public static MqttPublisherConfig of(MqttEndpoint endpoint, String clientId) {
    return new MqttPublisherConfig(
        endpoint, clientId, DEFAULT_MAX_IN_FLIGHT, ReconnectPolicy.defaults());
  }

  /** A copy with another in-flight window. */
  public MqttPublisherConfig withMaxInFlight(int window) {
    return new MqttPublisherConfig(endpoint, clientId, window, reconnect);
  }
}
