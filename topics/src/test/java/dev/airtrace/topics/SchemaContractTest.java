package dev.airtrace.topics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airtrace.core.AnomalyMark;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.Reading;
import dev.airtrace.core.codec.Json;
import dev.airtrace.core.deadletter.DeadLetter;
import dev.airtrace.core.deadletter.RejectReason;
import dev.airtrace.core.integrity.BatchRef;
import dev.airtrace.quality.QcFlag;
import dev.airtrace.quality.QcTest;
import dev.airtrace.topics.deadletter.DeadLetterJson;
import dev.airtrace.topics.gateway.AcceptedReading;
import dev.airtrace.topics.gateway.QcMark;
import dev.airtrace.topics.gateway.ReadingJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code schemas/reading.v1} (corrections and anomaly marks included) and {@code
 * dead-letter.v1} true to what {@link ReadingJson} and {@link DeadLetterJson} write. Validates with
 * a small evaluator of exactly the JSON Schema 2020-12 keywords the two schemas use; an unknown
 * keyword fails the test, so the schemas cannot grow constraints this test does not check.
 */
class SchemaContractTest {
  private static final JsonNode READING_SCHEMA = load("reading.v1.schema.json");
  private static final JsonNode DEAD_LETTER_SCHEMA = load("dead-letter.v1.schema.json");

  private static JsonNode load(String name) {
    try {
      return Json.mapper()
          .readTree(SchemaContractTest.class.getResourceAsStream("/schemas/" + name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Property(tries = 300)
  void shouldAcceptEveryEncodedReading(@ForAll("readings") Reading r) throws IOException {
    JsonNode json = Json.mapper().readTree(ReadingJson.encode(r));

    assertThat(errors(READING_SCHEMA, json)).isEmpty();
  }

  @Property(tries = 300)
  void shouldAcceptEveryEncodedDeadLetter(@ForAll("deadLetters") DeadLetter d) throws IOException {
    JsonNode json = Json.mapper().readTree(DeadLetterJson.encode(d));

    assertThat(errors(DEAD_LETTER_SCHEMA, json)).isEmpty();
  }

  @Test
  void shouldAcceptTheSchemasOwnExamples() {
    for (JsonNode schema : List.of(READING_SCHEMA, DEAD_LETTER_SCHEMA)) {
      for (JsonNode example : schema.get("examples")) {
        assertThat(errors(schema, example)).isEmpty();
      }
    }
  }

  @Test
  void shouldDecodeTheSchemasOwnExamples() {
    assertThat(ReadingJson.decode(DomainArbitraries.bytes(READING_SCHEMA.get("examples").get(0))))
        .isNotNull();
    assertThat(
            DeadLetterJson.decode(
                DomainArbitraries.bytes(DEAD_LETTER_SCHEMA.get("examples").get(0))))
        .isNotNull();
  }

  @Test
  void shouldDeclareEveryQuantityWithItsCanonicalUnit() {
    JsonNode values = READING_SCHEMA.at("/properties/values/properties");

    assertThat(names(values))
        .containsExactlyElementsOf(Arrays.stream(Quantity.values()).map(Quantity::code).toList());
    for (Quantity q : Quantity.values()) {
      assertThat(values.at("/" + q.code() + "/properties/unit/const").textValue())
          .isEqualTo(q.unit().symbol());
    }
  }

  @Test
  void shouldListEveryRejectReason() {
    List<String> listed = new ArrayList<>();
    DEAD_LETTER_SCHEMA.at("/properties/reason/enum").forEach(n -> listed.add(n.textValue()));

    assertThat(listed)
        .containsExactlyElementsOf(Arrays.stream(RejectReason.values()).map(Enum::name).toList());
  }

  @Test
  void shouldRejectRecordsThatBreakTheContract() throws IOException {
    ObjectNode good = (ObjectNode) READING_SCHEMA.get("examples").get(0).deepCopy();

    ObjectNode wrongUnit = good.deepCopy();
    ((ObjectNode) wrongUnit.at("/values/pm2_5")).put("unit", "mg/m3");
    ObjectNode missing = good.deepCopy();
    missing.remove("sequence");
    ObjectNode extra = good.deepCopy();
    extra.put("comment", "x");
    ObjectNode unknownQuantity = good.deepCopy();
    ((ObjectNode) unknownQuantity.get("values"))
        .putObject("radon")
        .put("value", 1)
        .put("unit", "Bq");
    ObjectNode badId = good.deepCopy().put("deviceId", "dev 1");
    ObjectNode fraction = good.deepCopy().put("sequence", 1.5);
    ObjectNode farNorth = good.deepCopy();
    ((ObjectNode) farNorth.get("location")).put("latitude", 91);
    ObjectNode noValues = good.deepCopy();
    noValues.putObject("values");

    for (ObjectNode bad :
        List.of(wrongUnit, missing, extra, unknownQuantity, badId, fraction, farNorth, noValues)) {
      assertThat(errors(READING_SCHEMA, bad)).as(bad.toString()).isNotEmpty();
    }

    ObjectNode badReason = DEAD_LETTER_SCHEMA.get("examples").get(0).deepCopy();
    badReason.put("reason", "BROKEN");
    ObjectNode badSource = DEAD_LETTER_SCHEMA.get("examples").get(0).deepCopy();
    badSource.put("source", "http://x");
    assertThat(errors(DEAD_LETTER_SCHEMA, badReason)).isNotEmpty();
    assertThat(errors(DEAD_LETTER_SCHEMA, badSource)).isNotEmpty();
  }

  @Provide
  Arbitrary<Reading> readings() {
    return DomainArbitraries.readingsWithCorrections();
  }

  @Property(tries = 100)
  void shouldAcceptEveryEncodedReadingWithAnomalyMarksAndBatch(@ForAll("readings") Reading r)
      throws IOException {
    List<AnomalyMark> marks =
        r.values().keySet().stream()
            .map(q -> new AnomalyMark(q, 3.5, 0.9999, "anomaly-ae@2"))
            .toList();
    JsonNode json = Json.mapper().readTree(ReadingJson.encode(r, new BatchRef(7, 3), marks));

    assertThat(errors(READING_SCHEMA, json)).isEmpty();
  }

  @Property(tries = 100)
  void shouldAcceptEveryEncodedReadingWithQcFlags(@ForAll("readings") Reading r)
      throws IOException {
    List<QcMark> flags =
        r.values().keySet().stream()
            .map(
                q ->
                    new QcMark(
                        q,
                        QcFlag.FAIL,
                        Map.of(QcTest.FLAT_LINE, QcFlag.FAIL, QcTest.SPIKE, QcFlag.SUSPECT),
                        QcFlag.FAIL))
            .toList();
    JsonNode json =
        Json.mapper().readTree(ReadingJson.encode(new AcceptedReading(r, null, List.of(), flags)));

    assertThat(errors(READING_SCHEMA, json)).isEmpty();
  }

  @Test
  void shouldRejectQcFlagsThatBreakTheContract() {
    ObjectNode good = (ObjectNode) READING_SCHEMA.get("examples").get(1).deepCopy();
    assertThat(errors(READING_SCHEMA, good)).isEmpty();

    ObjectNode badFlag = good.deepCopy();
    ((ObjectNode) badFlag.at("/qc/pm2_5")).put("flag", 5);
    ObjectNode passRaised = good.deepCopy();
    ((ObjectNode) passRaised.at("/qc/pm2_5/tests")).put("flat_line", 1);
    ObjectNode unknownTest = good.deepCopy();
    ((ObjectNode) unknownTest.at("/qc/pm2_5/tests")).put("bogus", 4);
    ObjectNode noFlag = good.deepCopy();
    ((ObjectNode) noFlag.at("/qc/pm2_5")).remove("flag");

    for (ObjectNode bad : List.of(badFlag, passRaised, unknownTest, noFlag)) {
      assertThat(errors(READING_SCHEMA, bad)).as(bad.toString()).isNotEmpty();
    }
  }

  @Test
  void shouldRejectCorrectionsAndAnomaliesThatBreakTheContract() {
    ObjectNode good = (ObjectNode) READING_SCHEMA.get("examples").get(1).deepCopy();
    assertThat(errors(READING_SCHEMA, good)).isEmpty();

    ObjectNode badStatus = good.deepCopy();
    ((ObjectNode) badStatus.at("/corrections/pm2_5")).put("status", "maybe");
    ObjectNode badMethod = good.deepCopy();
    ((ObjectNode) badMethod.at("/corrections/pm2_5")).put("method", "Barkjohn 2022");
    ObjectNode badLikelihood = good.deepCopy();
    ((ObjectNode) badLikelihood.at("/anomalies/pm2_5")).put("likelihood", 1.5);
    ObjectNode badModel = good.deepCopy();
    ((ObjectNode) badModel.at("/anomalies/pm2_5")).put("model", "anomaly-ae");
    ObjectNode wrongInputUnit = good.deepCopy();
    ((ObjectNode) wrongInputUnit.at("/corrections/pm2_5/inputs/pm2_5_cf1_a")).put("unit", "ppb");

    for (ObjectNode bad : List.of(badStatus, badMethod, badLikelihood, badModel, wrongInputUnit)) {
      assertThat(errors(READING_SCHEMA, bad)).as(bad.toString()).isNotEmpty();
    }
  }

  @Provide
  Arbitrary<DeadLetter> deadLetters() {
    return DomainArbitraries.deadLetters();
  }

  // --- a minimal JSON Schema 2020-12 evaluator for the keywords our schemas use

  private static final Set<String> ANNOTATIONS =
      Set.of("$schema", "$id", "$defs", "title", "description", "examples", "contentEncoding");

  private static List<String> errors(JsonNode root, JsonNode instance) {
    List<String> errors = new ArrayList<>();
    check(root, root, instance, "$", errors);
    return errors;
  }

  private static void check(
      JsonNode root, JsonNode schema, JsonNode value, String path, List<String> errors) {
    for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> kw = it.next();
      JsonNode arg = kw.getValue();
      switch (kw.getKey()) {
        case "$ref" -> {
          assertThat(arg.textValue()).startsWith("#/");
          check(root, root.at(arg.textValue().substring(1)), value, path, errors);
        }
        case "type" -> {
          if (!hasType(value, arg.textValue())) {
            errors.add(path + " is not " + arg.textValue());
          }
        }
        case "required" ->
            arg.forEach(
                f -> {
                  if (value.isObject() && !value.has(f.textValue())) {
                    errors.add(path + " lacks " + f.textValue());
                  }
                });
        case "properties" -> {
          if (value.isObject()) {
            arg.fields()
                .forEachRemaining(
                    p -> {
                      if (value.has(p.getKey())) {
                        check(
                            root,
                            p.getValue(),
                            value.get(p.getKey()),
                            path + "." + p.getKey(),
                            errors);
                      }
                    });
          }
        }
        case "additionalProperties" -> {
          assertThat(arg.isBoolean()).as("only additionalProperties: false is supported").isTrue();
          JsonNode declared = schema.get("properties");
          if (value.isObject() && !arg.booleanValue()) {
            value
                .fieldNames()
                .forEachRemaining(
                    f -> {
                      if (declared == null || !declared.has(f)) {
                        errors.add(path + " has undeclared " + f);
                      }
                    });
          }
        }
        case "dependentRequired" -> {
          for (Iterator<Map.Entry<String, JsonNode>> deps = arg.fields(); deps.hasNext(); ) {
            Map.Entry<String, JsonNode> dep = deps.next();
            if (value.isObject() && value.has(dep.getKey())) {
              for (JsonNode required : dep.getValue()) {
                if (!value.has(required.textValue())) {
                  errors.add(path + ": " + dep.getKey() + " requires " + required.textValue());
                }
              }
            }
          }
        }
        case "minProperties" -> {
          if (value.isObject() && value.size() < arg.intValue()) {
            errors.add(path + " has fewer than " + arg.intValue() + " properties");
          }
        }
        case "pattern" -> {
          if (value.isTextual()
              && !Pattern.compile(arg.textValue()).matcher(value.textValue()).find()) {
            errors.add(path + " does not match " + arg.textValue());
          }
        }
        case "enum" -> {
          boolean found = false;
          for (JsonNode option : arg) {
            found |= option.equals(value);
          }
          if (!found) {
            errors.add(path + " is not one of " + arg);
          }
        }
        case "const" -> {
          if (!arg.equals(value)) {
            errors.add(path + " is not " + arg);
          }
        }
        case "minimum" -> {
          if (value.isNumber() && value.decimalValue().compareTo(arg.decimalValue()) < 0) {
            errors.add(path + " is below " + arg);
          }
        }
        case "maximum" -> {
          if (value.isNumber() && value.decimalValue().compareTo(arg.decimalValue()) > 0) {
            errors.add(path + " is above " + arg);
          }
        }
        default ->
            assertThat(ANNOTATIONS).as("unsupported keyword at " + path).contains(kw.getKey());
      }
    }
  }

  private static boolean hasType(JsonNode value, String type) {
    return switch (type) {
      case "object" -> value.isObject();
      case "string" -> value.isTextual();
      case "number" -> value.isNumber();
      case "integer" -> value.isNumber() && value.canConvertToExactIntegral();
      case "boolean" -> value.isBoolean();
      case "array" -> value.isArray();
      default -> throw new AssertionError("unsupported type " + type);
    };
  }

  private static List<String> names(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
