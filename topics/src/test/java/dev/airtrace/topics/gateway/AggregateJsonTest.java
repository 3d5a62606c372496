package dev.airtrace.topics.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.airtrace.core.DeviceId;
import dev.airtrace.core.GatewayId;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.SiteId;
import dev.airtrace.core.codec.CodecException;
import dev.airtrace.core.codec.Json;
import dev.airtrace.core.deadletter.RejectReason;
import dev.airtrace.topics.Topics;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AggregateJsonTest {
  private static final long T0 = 1_795_593_600_000L;

  @Test
  void shouldWriteTheDocumentedShape() throws Exception {
    JsonNode json = Json.mapper().readTree(AggregateJson.encode(anAggregate()));

    assertThat(json.get("deviceId").textValue()).isEqualTo("d1");
    assertThat(json.get("siteId").textValue()).isEqualTo("s1");
    assertThat(json.get("gatewayId").textValue()).isEqualTo("gw1");
    assertThat(json.get("windowStart").longValue()).isEqualTo(T0);
    assertThat(json.get("windowEnd").longValue()).isEqualTo(T0 + 60_000);
    JsonNode pm = json.get("quantities").get("pm2_5");
    assertThat(pm.get("unit").textValue()).isEqualTo("ug/m3");
    assertThat(pm.get("count").longValue()).isEqualTo(6);
    assertThat(pm.get("min").doubleValue()).isEqualTo(1.0);
    assertThat(pm.get("max").doubleValue()).isEqualTo(3.0);
    assertThat(pm.get("mean").doubleValue()).isEqualTo(2.0);
    assertThat(pm.get("last").doubleValue()).isEqualTo(2.5);
    assertThat(json.get("quantities").get("temperature").get("unit").textValue()).isEqualTo("Cel");
  }

  @Test
  void shouldDecodeWhatItEncodes() {
    DeviceAggregate a = anAggregate();

    assertThat(AggregateJson.decode(AggregateJson.encode(a))).isEqualTo(a);
  }

  @Test
  void shouldRejectRecordWithWrongUnitAsUndecodable() {
    byte[] bytes =
        new String(AggregateJson.encode(anAggregate()), StandardCharsets.UTF_8)
            .replace("ug/m3", "mg/m3")
            .getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> AggregateJson.decode(bytes))
        .isInstanceOfSatisfying(
            CodecException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectReason.UNDECODABLE_RECORD));
  }

  @Test
  void shouldProduceRecordsTheDocumentedSchemaAccepts() throws Exception {
    JsonSchema schema;
    try (InputStream in = Topics.AGGREGATES_1M.openSchema()) {
      schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
    }

    Set<ValidationMessage> errors =
        schema.validate(Json.mapper().readTree(AggregateJson.encode(anAggregate())));

    assertThat(errors).isEmpty();
  }

  @Test
  void shouldHaveASchemaThatRejectsAMissingField() throws Exception {
    JsonSchema schema;
    try (InputStream in = Topics.AGGREGATES_1M.openSchema()) {
      schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
    }
    var json =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            Json.mapper().readTree(AggregateJson.encode(anAggregate()));
    json.remove("windowEnd");

    assertThat(schema.validate(json)).isNotEmpty();
  }

  private static DeviceAggregate anAggregate() {
    Map<Quantity, QuantityStats> q = new EnumMap<>(Quantity.class);
    q.put(Quantity.PM2_5, new QuantityStats(6, 1.0, 3.0, 2.0, 2.5));
    q.put(Quantity.TEMPERATURE, new QuantityStats(6, -1.5, 2.0, 0.25, 1.0));
    return new DeviceAggregate(
        new DeviceId("d1"), new SiteId("s1"), new GatewayId("gw1"), T0, T0 + 60_000, q);
  }
}
