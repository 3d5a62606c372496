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
  public static MqttPublisherConfig defaults(MqttEndpoint endpoint, String clientId) {
    return new MqttPublisherConfig(
        endpoint, clientId, DEFAULT_MAX_IN_FLIGHT, ReconnectPolicy.defaults());
  }

  /** A builder that starts from {@link #defaults(MqttEndpoint, String)}. */
  public static Builder builder(MqttEndpoint endpoint, String clientId) {
    return defaults(endpoint, clientId).toBuilder();
  }

  /** A builder that starts from this configuration; change what differs, then {@code build()}. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Collects the components of one {@link MqttPublisherConfig}; {@link #build()} validates them.
   * Not thread-safe.
   */
  public static final class Builder {
    private MqttEndpoint endpoint;
    private String clientId;
    private int maxInFlight;
    private ReconnectPolicy reconnect;

    private Builder(MqttPublisherConfig from) {
      this.endpoint = from.endpoint;
      this.clientId = from.clientId;
      this.maxInFlight = from.maxInFlight;
      this.reconnect = from.reconnect;
    }

    /** See {@link MqttPublisherConfig#endpoint()}. */
    public Builder endpoint(MqttEndpoint value) {
      this.endpoint = value;
      return this;
    }

    /** See {@link MqttPublisherConfig#clientId()}. */
    public Builder clientId(String value) {
      this.clientId = value;
      return this;
    }

    /** See {@link MqttPublisherConfig#maxInFlight()}. */
    public Builder maxInFlight(int value) {
      this.maxInFlight = value;
      return this;
    }

    /** See {@link MqttPublisherConfig#reconnect()}. */
    public Builder reconnect(ReconnectPolicy value) {
      this.reconnect = value;
      return this;
    }

    /**
     * The validated configuration.
     *
     * @throws IllegalArgumentException if a value is out of range
     */
    public MqttPublisherConfig build() {
      return new MqttPublisherConfig(endpoint, clientId, maxInFlight, reconnect);
    }
  }
}
