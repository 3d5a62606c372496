package dev.airtrace.core.codec;

/**
 * How much one MQTT payload may carry before the decoder refuses it as {@link
 * dev.airtrace.core.deadletter.RejectReason#PAYLOAD_TOO_LARGE}: bounds the memory and the work one
 * message can cost, and the number of records (and dead letters) it can produce. Immutable.
 *
 * @param maxPayloadBytes largest accepted payload in bytes, 1 KiB to {@link #MAX_PAYLOAD_BYTES}
 * @param maxReadingsPerMessage most readings one payload may carry (a SenML pack with that many
 *     distinct times), 1 to {@link #MAX_READINGS_PER_MESSAGE}
 */
public record PayloadLimits(int maxPayloadBytes, int maxReadingsPerMessage) {
  /**
   * Default payload limit: 64 KiB, hundreds of times a sensor reading and room for a SenML pack of
   * about 1,000 readings. Also the bound on any JSON string ({@link Json#MAX_DOCUMENT_LENGTH}).
   */
  public static final int DEFAULT_MAX_PAYLOAD_BYTES = Json.MAX_DOCUMENT_LENGTH;

  /**
   * Default readings per message: 1,000, 16 hours of minute readings buffered by a device. Each
   * rejected reading of a pack becomes its own dead letter, so this also bounds what one message
   * can write.
   */
  public static final int DEFAULT_MAX_READINGS_PER_MESSAGE = 1_000;

  /** Smallest configurable payload limit: 1 KiB. */
  public static final int MIN_PAYLOAD_BYTES = 1024;

  /**
   * Largest configurable payload limit: 16 MiB. Larger MQTT payloads are not sensor readings, and
   * the worker holds every queued payload in memory.
   */
  public static final int MAX_PAYLOAD_BYTES = 16 * 1024 * 1024;

  /** Largest configurable readings-per-message limit. */
  public static final int MAX_READINGS_PER_MESSAGE = 100_000;

  public PayloadLimits {
    if (maxPayloadBytes < MIN_PAYLOAD_BYTES || maxPayloadBytes > MAX_PAYLOAD_BYTES) {
      throw new IllegalArgumentException(
          "maxPayloadBytes must be within ["
              + MIN_PAYLOAD_BYTES
              + ", "
              + MAX_PAYLOAD_BYTES
              + "] but was "
              + maxPayloadBytes);
    }
    if (maxReadingsPerMessage < 1 || maxReadingsPerMessage > MAX_READINGS_PER_MESSAGE) {
      throw new IllegalArgumentException(
          "maxReadingsPerMessage must be within [1, "
              + MAX_READINGS_PER_MESSAGE
              + "] but was "
              + maxReadingsPerMessage);
    }
  }

  /** {@link #DEFAULT_MAX_PAYLOAD_BYTES} and {@link #DEFAULT_MAX_READINGS_PER_MESSAGE}. */
  public static PayloadLimits defaults() {
    return new PayloadLimits(DEFAULT_MAX_PAYLOAD_BYTES, DEFAULT_MAX_READINGS_PER_MESSAGE);
  }

  /** A builder that starts from these limits. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** A builder that starts from {@link #defaults()}. */
  public static Builder builder() {
    return defaults().toBuilder();
  }

  /** Collects one {@link PayloadLimits}; {@link #build()} validates. Not thread-safe. */
  public static final class Builder {
    private int maxPayloadBytes;
    private int maxReadingsPerMessage;

    private Builder(PayloadLimits from) {
      this.maxPayloadBytes = from.maxPayloadBytes;
      this.maxReadingsPerMessage = from.maxReadingsPerMessage;
    }

    /** See {@link PayloadLimits#maxPayloadBytes()}. */
    public Builder maxPayloadBytes(int value) {
      this.maxPayloadBytes = value;
      return this;
    }

    /** See {@link PayloadLimits#maxReadingsPerMessage()}. */
    public Builder maxReadingsPerMessage(int value) {
      this.maxReadingsPerMessage = value;
      return this;
    }

    /**
     * The validated limits.
     *
     * @throws IllegalArgumentException if a value is out of range
     */
    public PayloadLimits build() {
      return new PayloadLimits(maxPayloadBytes, maxReadingsPerMessage);
    }
  }
}
