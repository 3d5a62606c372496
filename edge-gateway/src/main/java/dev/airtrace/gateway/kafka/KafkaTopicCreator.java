package dev.airtrace.gateway.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates one topic with the broker's defaults unless it exists. */
final class KafkaTopicCreator {
  private KafkaTopicCreator() {}

  /** {@code null} if the topic exists or was created, else why not. */
  static String ensure(KafkaOutputConfig config, String topic, Duration timeout) {
    Properties p = new Properties();
    p.putAll(config.clientOverrides());
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.put(AdminClientConfig.CLIENT_ID_CONFIG, config.clientId() + "-admin");
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    try (Admin admin = Admin.create(p)) {
      NewTopic t = new NewTopic(topic, Optional.empty(), Optional.empty());
      admin.createTopics(List.of(t)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return null;
    } catch (ExecutionException e) {
      return e.getCause() instanceof TopicExistsException ? null : String.valueOf(e.getCause());
    } catch (TimeoutException e) {
      return "no answer from Kafka within " + timeout;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    } catch (RuntimeException e) {
      return e.toString();
    }
  }
}
