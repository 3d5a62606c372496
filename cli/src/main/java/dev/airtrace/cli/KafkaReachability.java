package dev.airtrace.cli;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Checks at start that Kafka answers, so that a command whose clients would otherwise retry
 * silently forever (a consumer group waiting for its coordinator) fails at once with one line
 * naming the bootstrap servers. Stateless.
 */
final class KafkaReachability {
  private KafkaReachability() {}

  /**
   * Asks the cluster for its id.
   *
   * @param hint what the operator can do instead, appended to the message
   * @throws IllegalStateException when Kafka does not answer within {@code timeout}
   */
  static void require(KafkaOptions kafka, Duration timeout, String hint) {
    int ms = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    Map<String, Object> props =
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap,
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
    try (Admin admin = Admin.create(props)) {
      admin.describeCluster().clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // The admin client's own timeout and ours say the same: nobody answered.
      throw new IllegalStateException(
          "Kafka at "
              + kafka.bootstrap
              + " did not answer within "
              + timeout.toMillis() / 1000.0
              + " s"
              + " (is it running? --kafka-bootstrap names it; "
              + hint
              + ")",
          e instanceof ExecutionException ? e.getCause() : e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Kafka", e);
    }
  }
}
