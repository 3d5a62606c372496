package dev.airtrace.cli;

import dev.airtrace.topics.TopicProvisioner;
import dev.airtrace.topics.TopicProvisioningException;
import dev.airtrace.topics.TopicRequest;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics a command writes when they do not exist yet, through the one {@link
 * TopicProvisioner}: each with its topic's creation policy, and the command's {@code
 * --topic-partitions} and {@code --topic-replication} where the policy does not pin them.
 */
final class TopicAdmin {
  private static final Logger LOG = LoggerFactory.getLogger(TopicAdmin.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private TopicAdmin() {}

  static void createMissing(KafkaOptions kafka, TopicOptions options, List<TopicRequest> topics) {
    if (!options.createTopics) {
      return;
    }
    try (TopicProvisioner provisioner = TopicProvisioner.create(kafka.adminConfig())) {
      List<String> created =
          provisioner.createMissing(
              topics,
              TopicProvisioner.Defaults.of(options.partitions, options.replication),
              TIMEOUT);
      if (!created.isEmpty()) {
        LOG.info("created topics {}", created);
      }
    } catch (TopicProvisioningException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }
}
