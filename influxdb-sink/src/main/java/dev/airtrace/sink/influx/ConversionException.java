package dev.airtrace.sink.influx;

/**
 * A record that cannot become InfluxDB points (not JSON, not an object, no time, a non-finite
 * number). Never retried: the task hands the record to Connect's errant record reporter or fails.
 */
final class ConversionException extends Exception {
  private static final long serialVersionUID = 1L;

  ConversionException(String message) {
    super(message);
  }

  ConversionException(String message, Throwable cause) {
    super(message, cause);
  }
}
