package dev.airtrace.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airtrace.localstack.KafkaService;
import dev.airtrace.localstack.Services;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The provisioner against a real broker: creates what is missing, as the policy says, once. */
@Timeout(120)
class TopicProvisionerIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private final KafkaService kafka = Services.kafka();
  private final String ns = "prov-" + UUID.randomUUID().toString().substring(0, 8);

  @Test
  void shouldCreateMissingTopicsWithTheirPolicyAndLeaveExistingOnesAlone() throws Exception {
    String readings = ns + ".readings";
    String epochs = ns + ".epochs";
    List<TopicRequest> requests =
        List.of(TopicRequest.of(Topics.READINGS, readings), TopicRequest.of(Topics.EPOCHS, epochs));

    try (TopicProvisioner p = TopicProvisioner.create(kafka.bootstrapServers())) {
      assertThat(p.createMissing(requests, TopicProvisioner.Defaults.of(3, (short) 1), TIMEOUT))
          .containsExactly(readings, epochs);
      assertThat(p.createMissing(requests, TopicProvisioner.Defaults.of(5, (short) 1), TIMEOUT))
          .isEmpty();
    }

    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      Map<String, TopicDescription> d =
          admin.describeTopics(List.of(readings, epochs)).allTopicNames().get();
      assertThat(d.get(readings).partitions()).hasSize(3);
      assertThat(d.get(epochs).partitions()).as("pinned by the policy").hasSize(1);
      Map<ConfigResource, Config> c =
          admin
              .describeConfigs(
                  List.of(
                      new ConfigResource(ConfigResource.Type.TOPIC, readings),
                      new ConfigResource(ConfigResource.Type.TOPIC, epochs)))
              .all()
              .get();
      Config r = c.get(new ConfigResource(ConfigResource.Type.TOPIC, readings));
      Config e = c.get(new ConfigResource(ConfigResource.Type.TOPIC, epochs));
      assertThat(r.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("delete");
      assertThat(r.get(TopicConfig.RETENTION_MS_CONFIG).value())
          .isEqualTo(Long.toString(Duration.ofDays(7).toMillis()));
      assertThat(e.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("compact");
    }
  }

  @Test
  void shouldNameTheClusterWhenKafkaDoesNotAnswer() {
    try (TopicProvisioner p =
        TopicProvisioner.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 1_000))) {
      assertThatThrownBy(
              () ->
                  p.createMissing(
                      List.of(Topics.READINGS.request()),
                      new TopicProvisioner.Defaults(Optional.empty(), Optional.empty()),
                      Duration.ofSeconds(3)))
          .isInstanceOf(TopicProvisioningException.class)
          .hasMessageContaining("127.0.0.1:1");
    }
  }
}
