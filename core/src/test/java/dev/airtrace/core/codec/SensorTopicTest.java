package dev.airtrace.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airtrace.core.DeviceId;
import dev.airtrace.core.SiteId;
import dev.airtrace.core.deadletter.RejectReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SensorTopicTest {

  @Test
  void shouldParseSiteDeviceAndFormat() {
    SensorTopic t = SensorTopic.parse("airtrace/v1/site-a/dev-001/senml");

    assertThat(t.siteId()).isEqualTo(new SiteId("site-a"));
    assertThat(t.deviceId()).isEqualTo(new DeviceId("dev-001"));
    assertThat(t.format()).isEqualTo(PayloadFormat.SENML);
  }

  @Test
  void shouldRoundTripTopicString() {
    SensorTopic t =
        new SensorTopic(new SiteId("s.1"), new DeviceId("urn:dev:7"), PayloadFormat.JSON);

    assertThat(t.topic()).isEqualTo("airtrace/v1/s.1/urn:dev:7/json");
    assertThat(SensorTopic.parse(t.topic())).isEqualTo(t);
  }

  @Test
  void shouldOfferSubscriptionFilterMatchingEveryTopic() {
    assertThat(SensorTopic.subscriptionFilter()).isEqualTo("airtrace/v1/+/+/+");
  }

  @Test
  void shouldNameTopicLevelOfEachFormat() {
    assertThat(PayloadFormat.JSON.topicLevel()).isEqualTo("json");
    assertThat(PayloadFormat.SENML.topicLevel()).isEqualTo("senml");
    assertThat(PayloadFormat.fromTopicLevel("senml")).contains(PayloadFormat.SENML);
    assertThat(PayloadFormat.fromTopicLevel("JSON")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "airtrace/v1/site-a/dev-001",
        "airtrace/v1/site-a/dev-001/json/extra",
        "airtrace/v2/site-a/dev-001/json",
        "other/v1/site-a/dev-001/json",
        "/airtrace/v1/site-a/dev-001/json",
        "airtrace/v1/site-a/dev-001/xml",
        "airtrace/v1/site-a/dev-001/JSON",
        "airtrace/v1/site-a/dev-001/"
      })
  void shouldRejectTopicOutsideScheme(String topic) {
    assertThatThrownBy(() -> SensorTopic.parse(topic))
        .isInstanceOfSatisfying(
            CodecException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectReason.UNSUPPORTED_TOPIC));
  }

  @Test
  void shouldRejectNullTopicAsUnsupported() {
    assertThatThrownBy(() -> SensorTopic.parse(null))
        .isInstanceOfSatisfying(
            CodecException.class,
            e -> assertThat(e.reason()).isEqualTo(RejectReason.UNSUPPORTED_TOPIC));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "airtrace/v1//dev-001/json",
        "airtrace/v1/site a/dev-001/json",
        "airtrace/v1/site-a/+/json",
        "airtrace/v1/site-a/dev#1/json",
        "airtrace/v1/site-a/dévice/json"
      })
  void shouldRejectInvalidIdentifierLevel(String topic) {
    assertThatThrownBy(() -> SensorTopic.parse(topic))
        .isInstanceOfSatisfying(
            CodecException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(RejectReason.INVALID_IDENTIFIER);
              assertThat(e.getMessage()).contains("id level");
            });
  }

  @Test
  void shouldTruncateLongTopicInMessage() {
    String topic = "airtrace/v1/site-a/" + "x".repeat(5_000) + "/json";

    assertThatThrownBy(() -> SensorTopic.parse(topic))
        .isInstanceOfSatisfying(
            CodecException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(RejectReason.INVALID_IDENTIFIER);
              assertThat(e.getMessage()).hasSizeLessThan(400).contains("chars)");
            });
  }
}
