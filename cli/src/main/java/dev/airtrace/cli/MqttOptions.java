package dev.airtrace.cli;

import dev.airtrace.mqtt.MqttEndpoint;
import dev.airtrace.mqtt.MqttTls;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * MQTT broker options shared by {@code gateway} and {@code simulate}: the broker, credentials
 * (password from a file or {@value #PASSWORD_ENV}, never the command line) and TLS from PEM files
 * (CA, client certificate and key for mutual TLS).
 */
final class MqttOptions {
  /** Environment variable with the MQTT password (when {@code --mqtt-password-file} is absent). */
  static final String PASSWORD_ENV = "AIRTRACE_MQTT_PASSWORD";

  @Option(
      names = "--mqtt-uri",
      paramLabel = "URI",
      defaultValue = "tcp://127.0.0.1:1883",
      description = "MQTT broker, tcp://host:port or ssl://host:port (default: ${DEFAULT-VALUE}).")
  String uri;

  @Option(names = "--mqtt-username", description = "MQTT user name (default: anonymous).")
  String username;

  @Option(
      names = "--mqtt-password-file",
      paramLabel = "FILE",
      description =
          "File holding the MQTT password (one line); without it the password comes from "
              + PASSWORD_ENV
              + ". Needs --mqtt-username.")
  Path passwordFile;

  @Option(
      names = "--mqtt-ca",
      paramLabel = "PEM",
      description =
          "CA certificate(s) that sign the broker's certificate, for ssl:// (default: the JVM's"
              + " trust store).")
  Path caFile;

  @Option(
      names = "--mqtt-cert",
      paramLabel = "PEM",
      description = "Client certificate (chain) for mutual TLS; needs --mqtt-key.")
  Path certFile;

  @Option(
      names = "--mqtt-key",
      paramLabel = "PEM",
      description =
          "The client certificate's private key, unencrypted PKCS#8 (BEGIN PRIVATE KEY); keep it"
              + " readable by this user only.")
  Path keyFile;

  /** Where {@value #PASSWORD_ENV} comes from; tests replace it. */
  Map<String, String> environment = System.getenv();

  /**
   * The broker endpoint.
   *
   * @throws IllegalArgumentException when a password is given without a user name, or a TLS file is
   *     missing or unreadable
   */
  MqttEndpoint endpoint() {
    MqttEndpoint.Builder endpoint = MqttEndpoint.builder(uri);
    Optional<String> password = Secrets.read(passwordFile, PASSWORD_ENV, environment);
    if (username != null) {
      endpoint.credentials(username, password.orElse(null));
    } else if (passwordFile != null) {
      throw new IllegalArgumentException("--mqtt-password-file needs --mqtt-username");
    }
    if (caFile != null || certFile != null || keyFile != null) {
      endpoint.tls(new MqttTls(caFile, certFile, keyFile));
    }
    return endpoint.build();
  }
}
