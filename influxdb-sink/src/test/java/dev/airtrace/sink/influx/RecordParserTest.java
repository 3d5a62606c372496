package dev.airtrace.sink.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class RecordParserTest {
  private final RecordParser parser = new RecordParser();

  private static SinkRecord record(Object value) {
    return new SinkRecord("t", 0, Schema.STRING_SCHEMA, "k", null, value, 7);
  }

  @Test
  void shouldReadStringBytesAndSchemalessMapValuesAlike() throws Exception {
    String json = "{\"a\":1}";

    assertThat(parser.parse(record(json)).get("a").asInt()).isEqualTo(1);
    assertThat(parser.parse(record(json.getBytes(StandardCharsets.UTF_8))).get("a").asInt())
        .isEqualTo(1);
    assertThat(parser.parse(record(Map.of("a", 1))).get("a").asInt()).isEqualTo(1);
  }

  @Test
  void shouldRejectMalformedJson() {
    assertThatThrownBy(() -> parser.parse(record("{\"a\":")))
        .isInstanceOf(ConversionException.class)
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void shouldRejectTrailingGarbage() {
    assertThatThrownBy(() -> parser.parse(record("{\"a\":1} x")))
        .isInstanceOf(ConversionException.class);
  }

  @Test
  void shouldRejectTombstone() {
    assertThatThrownBy(() -> parser.parse(record(null)))
        .isInstanceOf(ConversionException.class)
        .hasMessageContaining("tombstone");
  }

  @Test
  void shouldExplainThatStructsNeedAnotherConverter() {
    Schema schema = SchemaBuilder.struct().field("a", Schema.INT32_SCHEMA).build();

    assertThatThrownBy(() -> parser.parse(record(new Struct(schema).put("a", 1))))
        .isInstanceOf(ConversionException.class)
        .hasMessageContaining("schemas.enable=false");
  }
}
