package dev.airtrace.mqtt;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Where and how an MQTT client connects: broker URI, optional credentials, keep-alive and connect
 * timeout. Shared by {@link MqttIntakeConfig} and {@link MqttPublisherConfig}. Immutable; {@link
 * #toString()} never shows the password.
 *
 * <p>{@code ssl://} URIs trust the CA file of {@link #tls()} when it is set, else the JVM's default
 * trust store ({@code javax.net.ssl.trustStore}); {@link MqttTls} also carries the client
 * certificate for mutual TLS. The broker's host name must match its certificate.
 *
 * @param serverUri {@code tcp://host:port}, {@code ssl://host:port}, {@code ws://} or {@code
 *     wss://}
 * @param username user name, or {@code null} for anonymous access
 * @param password password, or {@code null}; only allowed together with a user name
 * @param keepAlive MQTT keep-alive interval, whole seconds in {@code [1 s, 65535 s]}
 * @param connectTimeout how long one connect attempt may take, whole seconds {@code >= 1 s}
 * @param tls TLS trust and client certificate, or {@code null} for none (then {@code ssl://} uses
 *     the JVM's trust store); only with an {@code ssl://} or {@code wss://} URI
 */
public record MqttEndpoint(
    String serverUri,
    String username,
    String password,
    Duration keepAlive,
    Duration connectTimeout,
    MqttTls tls) {

  /** Default keep-alive: a dead TCP connection is noticed within about 1.5 times this. */
  public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofSeconds(30);

  /** Default time one connect attempt may take before the reconnect policy takes over. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private static final Set<String> SCHEMES = Set.of("tcp", "ssl", "ws", "wss");

  public MqttEndpoint {
    Objects.requireNonNull(serverUri, "serverUri");
    Objects.requireNonNull(keepAlive, "keepAlive");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    try {
      URI uri = new URI(serverUri);
      if (uri.getScheme() == null || !SCHEMES.contains(uri.getScheme())) {
        throw new IllegalArgumentException(
            "serverUri must start with one of " + SCHEMES + ":// but was " + serverUri);
      }
      if (uri.getHost() == null || uri.getPort() < 1) {
        throw new IllegalArgumentException(
            "serverUri must name a host and a port, e.g. tcp://127.0.0.1:1883, but was "
                + serverUri);
      }
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("serverUri is not a URI: " + serverUri, e);
    }
    String scheme = URI.create(serverUri).getScheme();
    if (tls != null && !scheme.equals("ssl") && !scheme.equals("wss")) {
      throw new IllegalArgumentException(
          "TLS settings (CA file, client certificate) need an ssl:// or wss:// URI but the URI is "
              + serverUri);
    }
    if (password != null && username == null) {
      throw new IllegalArgumentException("a password needs a username");
    }
    if (username != null && username.isEmpty()) {
      throw new IllegalArgumentException("username must be null or non-empty");
    }
    requireSeconds("keepAlive", keepAlive, 65_535);
    requireSeconds("connectTimeout", connectTimeout, Integer.MAX_VALUE);
  }

  /** An endpoint without TLS settings ({@code ssl://} then uses the JVM's trust store). */
  public MqttEndpoint(
      String serverUri,
      String username,
      String password,
      Duration keepAlive,
      Duration connectTimeout) {
    this(serverUri, username, password, keepAlive, connectTimeout, null);
  }

  /** Anonymous access to {@code serverUri} with the default timeouts. */
  public static MqttEndpoint of(String serverUri) {
    return new MqttEndpoint(
        serverUri, null, null, DEFAULT_KEEP_ALIVE, DEFAULT_CONNECT_TIMEOUT, null);
  }

  /** A builder that starts from {@link #of(String)}. */
  public static Builder builder(String serverUri) {
    return of(serverUri).toBuilder();
  }

  /** A builder that starts from this endpoint; change what differs, then {@code build()}. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  @Override
  public String toString() {
    return "MqttEndpoint[serverUri="
        + serverUri
        + ", username="
        + username
        + ", password="
        + (password == null ? "null" : "****")
        + ", keepAlive="
        + keepAlive
        + ", connectTimeout="
        + connectTimeout
        + ", tls="
        + tls
        + "]";
  }

  private static void requireSeconds(String name, Duration value, long maxSeconds) {
    if (value.isNegative() || value.toSeconds() < 1 || value.toSeconds() > maxSeconds) {
      throw new IllegalArgumentException(
          name + " must be between 1 s and " + maxSeconds + " s but was " + value);
    }
    if (value.toMillis() % 1000 != 0) {
      throw new IllegalArgumentException(
          name + " must be whole seconds (MQTT counts in seconds) but was " + value);
    }
  }

  /**
   * Collects the components of one {@link MqttEndpoint}; {@link #build()} validates them. Not
   * thread-safe.
   */
  public static final class Builder {
    private String serverUri;
    private String username;
    private String password;
    private Duration keepAlive;
    private Duration connectTimeout;
    private MqttTls tls;

    private Builder(MqttEndpoint from) {
      this.serverUri = from.serverUri;
      this.username = from.username;
      this.password = from.password;
      this.keepAlive = from.keepAlive;
      this.connectTimeout = from.connectTimeout;
      this.tls = from.tls;
    }

    /** See {@link MqttEndpoint#tls()}. */
    public Builder tls(MqttTls value) {
      this.tls = value;
      return this;
    }

    /** See {@link MqttEndpoint#serverUri()}. */
    public Builder serverUri(String value) {
      this.serverUri = value;
      return this;
    }

    /** See {@link MqttEndpoint#username()}. */
    public Builder username(String value) {
      this.username = value;
      return this;
    }

    /** See {@link MqttEndpoint#password()}. */
    public Builder password(String value) {
      this.password = value;
      return this;
    }

    /** Sets the user name and password together ({@code null}, {@code null}: anonymous). */
    public Builder credentials(String user, String secret) {
      this.username = user;
      this.password = secret;
      return this;
    }

    /** See {@link MqttEndpoint#keepAlive()}. */
    public Builder keepAlive(Duration value) {
      this.keepAlive = value;
      return this;
    }

    /** See {@link MqttEndpoint#connectTimeout()}. */
    public Builder connectTimeout(Duration value) {
      this.connectTimeout = value;
      return this;
    }

    /**
     * The validated endpoint.
     *
     * @throws IllegalArgumentException if a value is out of range
     */
    public MqttEndpoint build() {
      return new MqttEndpoint(serverUri, username, password, keepAlive, connectTimeout, tls);
    }
  }
}
