package dev.airtrace.sink.influx;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * Reads a record value as a JSON tree, whatever converter the worker uses: a UTF-8 string
 * (StringConverter), bytes (ByteArrayConverter) or a schemaless map (JsonConverter with {@code
 * schemas.enable=false}). Thread-safe.
 */
final class RecordParser {
  private final ObjectMapper json =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  JsonNode parse(SinkRecord record) throws ConversionException {
    Object value = record.value();
    try {
      if (value == null) {
        throw new ConversionException("record has no value (null or tombstone)");
      } else if (value instanceof String text) {
        return json.readTree(text);
      } else if (value instanceof byte[] bytes) {
        return json.readTree(bytes);
      } else if (value instanceof ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return json.readTree(bytes);
      } else if (value instanceof Map<?, ?> map) {
        return json.valueToTree(map);
      } else if (value instanceof Struct) {
        throw new ConversionException(
            "Struct values are not supported: use StringConverter, ByteArrayConverter or"
                + " JsonConverter with schemas.enable=false");
      }
      throw new ConversionException("unsupported value type " + value.getClass().getName());
    } catch (JacksonException e) {
      throw new ConversionException("value is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new ConversionException("value cannot be read: " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new ConversionException("value cannot be read as JSON: " + e.getMessage(), e);
    }
  }
}
