package dev.airtrace.anchoring.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The JSON form of an {@link EpochRecord} (the value of {@code airtrace.anchoring.epochs.v1}): the
 * record's components by name; wei amounts as JSON integers; absent submission/inclusion as {@code
 * null}. Unknown members are rejected so that a newer writer is noticed. Thread-safe.
 */
public final class EpochRecordJson {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private EpochRecordJson() {}

  /** UTF-8 JSON of {@code record}. */
  public static byte[] write(EpochRecord record) {
    try {
      return MAPPER.writeValueAsBytes(record);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise epoch " + record.seq(), e);
    }
  }

  /** Parses what {@link #write} wrote; throws {@link IllegalArgumentException} on bad input. */
  public static EpochRecord read(byte[] json) {
    try {
      return MAPPER.readValue(json, EpochRecord.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not an epoch record: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
