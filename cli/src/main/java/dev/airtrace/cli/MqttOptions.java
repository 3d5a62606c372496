package dev.airtrace.cli;

import dev.airtrace.mqtt.MqttEndpoint;
import picocli.CommandLine.Option;

/** MQTT broker options shared by {@code gateway} and {@code simulate}. */
final class MqttOptions {
  @Option(
      names = "--mqtt-uri",
      paramLabel = "URI",
      defaultValue = "tcp://127.0.0.1:1883",
      description = "MQTT broker, tcp://host:port or ssl://host:port (default: ${DEFAULT-VALUE}).")
  String uri;

  @Option(names = "--mqtt-username", description = "MQTT user name (default: anonymous).")
  String username;

  @Option(
      names = "--mqtt-password",
      description = "MQTT password; prefer AIRTRACE_MQTT_PASSWORD over the command line.")
  String password;

  /**
   * The broker endpoint; a password without a user name is ignored, as anonymous access has none.
   */
  MqttEndpoint endpoint() {
    MqttEndpoint.Builder endpoint = MqttEndpoint.builder(uri);
    if (username != null) {
      endpoint.credentials(username, password);
    }
    return endpoint.build();
  }
}
