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
}
