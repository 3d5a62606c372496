package dev.airtrace.mqtt;

import java.time.Duration;
import java.util.Objects;

/**
 * Configuration of an {@link MqttIntake}. Immutable.
 *
 * <p>The intake connects with clean start off and a session expiry, so the broker keeps the
 * subscription and every unacknowledged QoS 1 message while the gateway is away, and it asks the
 * broker for a receive maximum of {@link #receiveMaximum()} (half the hand-off queue): the broker
 * never has more unacknowledged messages in flight to us than that, so the queue always has room
 * for them, plus room for what a reconnect redelivers while messages of the previous connection are
 * still queued. Paho's callback thread therefore only ever enqueues; it never blocks.
 *
 * @param endpoint broker and credentials
 * @param clientId MQTT client id; must be stable across restarts (it names the persistent session)
 *     and unique among the broker's clients (a second client with the same id takes the session
 *     over)
 * @param subscriptionFilter topic filter to subscribe to with QoS 1
 * @param queueCapacity capacity of the hand-off queue between Paho and the consumer, in messages,
 *     {@code [2, 131070]}
 * @param sessionExpiry how long the broker keeps the session (subscription and queued messages)
 *     after the gateway disconnected, whole seconds, at most {@code 2^32 - 2} s
 * @param reconnect retry policy for lost or failed connections
 */
public record MqttIntakeConfig(
    MqttEndpoint endpoint,
    String clientId,
    String subscriptionFilter,
    int queueCapacity,
    Duration sessionExpiry,
    ReconnectPolicy reconnect) {

  /** Default hand-off queue capacity; the receive maximum is half of it. */
  public static final int DEFAULT_QUEUE_CAPACITY = 4_096;

  /**
   * Default session expiry: as long as a reading may be old and still be accepted ({@code
   * ValidationConfig.DEFAULT_MAX_AGE}), so that a gateway that was down for a week still gets what
   * the broker queued.
   */
  public static final Duration DEFAULT_SESSION_EXPIRY = Duration.ofDays(7);

  /** Largest MQTT receive maximum (a 16-bit field), which bounds {@link #queueCapacity()}. */
  static final int MAX_RECEIVE_MAXIMUM = 65_535;

  /** Largest session expiry that does not mean "never expires" (0xFFFFFFFF does). */
  static final long MAX_SESSION_EXPIRY_SECONDS = 0xFFFF_FFFEL;

  public MqttIntakeConfig {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(reconnect, "reconnect");
    Objects.requireNonNull(sessionExpiry, "sessionExpiry");
    requireClientId(clientId);
    requireFilter(subscriptionFilter);
    if (queueCapacity < 2 || queueCapacity > 2 * MAX_RECEIVE_MAXIMUM) {
      throw new IllegalArgumentException(
          "queueCapacity must be in [2, " + 2 * MAX_RECEIVE_MAXIMUM + "] but was " + queueCapacity);
    }
    if (sessionExpiry.isNegative()
        || sessionExpiry.toSeconds() < 1
        || sessionExpiry.toSeconds() > MAX_SESSION_EXPIRY_SECONDS) {
      throw new IllegalArgumentException(
          "sessionExpiry must be between 1 s and "
              + MAX_SESSION_EXPIRY_SECONDS
              + " s (a persistent session) but was "
              + sessionExpiry);
    }
  }

  /** Defaults for everything but the endpoint, client id and filter. */
  public static MqttIntakeConfig defaults(MqttEndpoint endpoint, String clientId, String filter) {
    return new MqttIntakeConfig(
        endpoint,
        clientId,
        filter,
        DEFAULT_QUEUE_CAPACITY,
        DEFAULT_SESSION_EXPIRY,
        ReconnectPolicy.defaults());
  }

  /** The receive maximum sent to the broker: half the queue capacity. */
  public int receiveMaximum() {
    return queueCapacity / 2;
  }

  static void requireClientId(String clientId) {
    if (clientId == null || clientId.isBlank() || clientId.length() > 256) {
      throw new IllegalArgumentException(
          "clientId must be 1-256 characters and not blank but was " + clientId);
    }
    for (int i = 0; i < clientId.length(); i++) {
      if (Character.isWhitespace(clientId.charAt(i))
          || Character.isISOControl(clientId.charAt(i))) {
        throw new IllegalArgumentException("clientId must not contain whitespace: " + clientId);
      }
    }
  }

  private static void requireFilter(String filter) {
    if (filter == null || filter.isEmpty()) {
      throw new IllegalArgumentException("subscriptionFilter must not be empty");
    }
    String[] levels = filter.split("/", -1);
    for (int i = 0; i < levels.length; i++) {
      String level = levels[i];
      boolean wildcard = level.equals("+") || (level.equals("#") && i == levels.length - 1);
      if (!wildcard && (level.contains("+") || level.contains("#"))) {
        throw new IllegalArgumentException(
            "subscriptionFilter "
                + filter
                + ": '+' must fill a whole level and '#' must be the whole last level");
      }
    }
  }

  /** A builder that starts from {@link #defaults(MqttEndpoint, String, String)}. */
  public static Builder builder(MqttEndpoint endpoint, String clientId, String filter) {
    return defaults(endpoint, clientId, filter).toBuilder();
  }

  /** A builder that starts from this configuration; change what differs, then {@code build()}. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Collects the components of one {@link MqttIntakeConfig}; {@link #build()} validates them. Not
   * thread-safe.
   */
  public static final class Builder {
    private MqttEndpoint endpoint;
    private String clientId;
    private String subscriptionFilter;
    private int queueCapacity;
    private Duration sessionExpiry;
    private ReconnectPolicy reconnect;

    private Builder(MqttIntakeConfig from) {
      this.endpoint = from.endpoint;
      this.clientId = from.clientId;
      this.subscriptionFilter = from.subscriptionFilter;
      this.queueCapacity = from.queueCapacity;
      this.sessionExpiry = from.sessionExpiry;
      this.reconnect = from.reconnect;
    }

    /** See {@link MqttIntakeConfig#endpoint()}. */
    public Builder endpoint(MqttEndpoint value) {
      this.endpoint = value;
      return this;
    }

    /** See {@link MqttIntakeConfig#clientId()}. */
    public Builder clientId(String value) {
      this.clientId = value;
      return this;
    }

    /** See {@link MqttIntakeConfig#subscriptionFilter()}. */
    public Builder subscriptionFilter(String value) {
      this.subscriptionFilter = value;
      return this;
    }

    /** See {@link MqttIntakeConfig#queueCapacity()}. */
    public Builder queueCapacity(int value) {
      this.queueCapacity = value;
      return this;
    }

    /** See {@link MqttIntakeConfig#sessionExpiry()}. */
    public Builder sessionExpiry(Duration value) {
      this.sessionExpiry = value;
      return this;
    }

    /** See {@link MqttIntakeConfig#reconnect()}. */
    public Builder reconnect(ReconnectPolicy value) {
      this.reconnect = value;
      return this;
    }

    /**
     * The validated configuration.
     *
     * @throws IllegalArgumentException if a value is out of range
     */
    public MqttIntakeConfig build() {
      return new MqttIntakeConfig(
          endpoint, clientId, subscriptionFilter, queueCapacity, sessionExpiry, reconnect);
    }
  }
}
