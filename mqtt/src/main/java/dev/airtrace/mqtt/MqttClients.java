package dev.airtrace.mqtt;

/**
 * Creates the MQTT clients; the only way in from outside this package, so Paho types never leak.
 */
public final class MqttClients {
  private MqttClients() {}

  /**
   * A new, not yet started intake.
   *
   * @throws MqttTransportException if Paho refuses the configuration
   */
  public static MqttIntake intake(MqttIntakeConfig config) {
    return new PahoIntake(config);
  }

  /**
   * A new, not yet started publisher.
   *
   * @throws MqttTransportException if Paho refuses the configuration
   */
  public static MqttPublisher publisher(MqttPublisherConfig config) {
    return new PahoPublisher(config);
  }

  /**
   * Connects once with a clean session under {@code clientId} (not a component's own id, whose
   * persistent session must stay untouched) and disconnects, to tell a permanent refusal (wrong
   * credentials, untrusted or refused certificates) from a broker that is merely not reachable.
   * Blocks for at most the endpoint's connect timeout.
   *
   * @throws MqttTransportException if Paho refuses the configuration
   */
  public static MqttConnectCheck checkConnect(MqttEndpoint endpoint, String clientId) {
    return PahoConnectCheck.check(endpoint, clientId);
  }
}
