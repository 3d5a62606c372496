package dev.airtrace.mqtt;

/**
 * A snapshot of an MQTT client's connection, for status lines and metrics. Immutable.
 *
 * @param connected whether the client is connected right now
 * @param connects successful connects so far (the first one included)
 * @param connectionLosses connections lost (not counting our own disconnects)
 * @param failedAttempts connect attempts that failed
 * @param lastError the last connection problem, or {@code null}
 */
public record MqttConnectionStatus(
    boolean connected,
    long connects,
    long connectionLosses,
    long failedAttempts,
    String lastError) {}
