package dev.airtrace.gateway.testdata;

import dev.airtrace.core.GatewayId;
import dev.airtrace.gateway.GatewayConfig;
import dev.airtrace.gateway.GatewayTopics;
import dev.airtrace.gateway.integrity.IntegrityConfig;
import dev.airtrace.gateway.outbox.OutboxConfig;
import dev.airtrace.localstack.KafkaService;
import dev.airtrace.localstack.TestWaits;
import dev.airtrace.mqtt.MqttClients;
import dev.airtrace.mqtt.MqttEndpoint;
import dev.airtrace.mqtt.MqttIntakeConfig;
import dev.airtrace.mqtt.MqttPublisher;
import dev.airtrace.mqtt.MqttPublisherConfig;
import java.time.Duration;

/** Shared set-up for the gateway's integration tests: unique names, topics, scaled timeouts. */
public final class Integration {

  private Integration() {}

  /** {@code base} scaled by {@code it.timeout.factor}. */
  public static Duration atMost(Duration base) {
    return TestWaits.atMost(base);
  }

  /** A name no other test in this JVM or an earlier run uses: ids, topics, client ids. */
  public static String uniqueName(String prefix) {
    return TestWaits.uniqueName(prefix);
  }

  /** Three fresh topics with {@code partitions} partitions each, created on {@code kafka}. */
  public static GatewayTopics createTopics(KafkaService kafka, String ns, int partitions) {
    GatewayTopics topics =
        new GatewayTopics(
            "it." + ns + ".readings", "it." + ns + ".aggregates", "it." + ns + ".dlq");
    kafka.createTopics(partitions, topics.readings(), topics.aggregates(), topics.deadLetters());
    return topics;
  }

  /**
   * A gateway configuration for the sensors of {@code site} only, so tests can share a broker.
   * Integrity is off: these tests are about transport and acknowledgement; {@code
   * GatewayIntegrityIT} turns it on. The outbox is off too: these tests pin acknowledgement after
   * Kafka; {@code OutboxIT} turns it on.
   */
  public static GatewayConfig.Builder gateway(
      String ns, String mqttUri, String kafkaBootstrap, String site, GatewayTopics topics) {
    GatewayId id = new GatewayId("gw-" + ns);
    MqttIntakeConfig siteOnly =
        GatewayConfig.defaultMqtt(id, MqttEndpoint.of(mqttUri)).toBuilder()
            .subscriptionFilter("airtrace/v1/" + site + "/+/+")
            .build();
    return GatewayConfig.builder(id, mqttUri, kafkaBootstrap)
        .mqtt(siteOnly)
        .topics(topics)
        .integrity(IntegrityConfig.disabled())
        .outbox(OutboxConfig.disabled());
  }

  /** A started publisher. */
  public static MqttPublisher publisher(String mqttUri, String ns) {
    MqttPublisher publisher =
        MqttClients.publisher(MqttPublisherConfig.defaults(MqttEndpoint.of(mqttUri), "pub-" + ns));
    publisher.start();
    return publisher;
  }
}
