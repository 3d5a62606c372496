package dev.airtrace.topics.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.airtrace.core.DeviceId;
import dev.airtrace.core.GatewayId;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.SiteId;
import dev.airtrace.topics.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class AnomalyEventJsonTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static AnomalyEvent anEvent(Quantity q) {
    return new AnomalyEvent(
        new DeviceId("dev-001"),
        new SiteId("site-a"),
        420,
        q,
        1_764_057_600_000L,
        187.0,
        6.1,
        0.97,
        "anomaly-ae@1",
        "ort-cpu",
        new GatewayId("gw-1"));
  }

  private static JsonSchema schema() throws Exception {
    return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
        .getSchema(Topics.ANOMALIES.openSchema());
  }

  @ParameterizedTest
  @EnumSource(Quantity.class)
  void shouldWriteWhatTheSchemaAccepts(Quantity q) throws Exception {
    JsonNode json = MAPPER.readTree(AnomalyEventJson.encode(anEvent(q)));

    assertThat(schema().validate(json)).isEmpty();
    assertThat(json.get("unit").textValue()).isEqualTo(q.unit().symbol());
  }

  @Test
  void shouldDecodeWhatItEncodes() {
    AnomalyEvent e = anEvent(Quantity.PM2_5);

    assertThat(AnomalyEventJson.decode(AnomalyEventJson.encode(e))).isEqualTo(e);
  }

  @Test
  void shouldRejectEventsThatBreakTheContract() throws Exception {
    ObjectNode good =
        (ObjectNode) MAPPER.readTree(AnomalyEventJson.encode(anEvent(Quantity.PM2_5)));
    ObjectNode noVersion = good.deepCopy().put("model", "anomaly-ae");
    ObjectNode badAccelerator = good.deepCopy().put("accelerator", "gpu");
    ObjectNode likelihood = good.deepCopy().put("likelihood", 1.2);
    ObjectNode extra = good.deepCopy().put("note", "x");

    for (ObjectNode bad : new ObjectNode[] {noVersion, badAccelerator, likelihood, extra}) {
      assertThat(schema().validate(bad)).as(bad.toString()).isNotEmpty();
    }
    assertThat(schema().validate(good)).isEmpty();
  }

  @Test
  void shouldCarryTheFaultTypeAndEvidenceAndValidateThem() throws Exception {
    AnomalyEvent drift =
        new AnomalyEvent(
            new DeviceId("dev-001"),
            new SiteId("site-a"),
            420,
            Quantity.NO2,
            1_764_057_600_000L,
            41.5,
            5.2,
            0.66,
            "spatial@1",
            "none",
            new GatewayId("gw-1"),
            "drift",
            "median deviation from 4 neighbours 9.1 = 5.2 typical spreads");
    byte[] bytes = AnomalyEventJson.encode(drift);

    assertThat(AnomalyEventJson.decode(bytes)).isEqualTo(drift);
    assertThat(schema().validate(MAPPER.readTree(bytes))).isEmpty();
    ObjectNode unknownFault = ((ObjectNode) MAPPER.readTree(bytes)).put("fault", "gremlins");
    assertThat(schema().validate(unknownFault)).isNotEmpty();
  }

  @Test
  void shouldReadAnOlderEventWithoutFaultAsUnusual() throws Exception {
    ObjectNode old = (ObjectNode) MAPPER.readTree(AnomalyEventJson.encode(anEvent(Quantity.O3)));
    old.remove("fault");
    old.remove("evidence");

    AnomalyEvent e = AnomalyEventJson.decode(MAPPER.writeValueAsBytes(old));
    assertThat(e.fault()).isEqualTo("unusual");
    assertThat(e.evidence()).isEmpty();
    assertThat(schema().validate(old)).isEmpty();
  }
}
