package dev.airtrace.mqtt;

/** An MQTT operation failed; the Paho exception, if any, is the cause. */
public final class MqttTransportException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MqttTransportException(String message) {
    super(message);
  }

  public MqttTransportException(String message, Throwable cause) {
    super(message, cause);
  }
}
