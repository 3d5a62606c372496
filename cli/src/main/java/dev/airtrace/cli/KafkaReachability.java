package dev.airtrace.cli;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.AuthenticationException;

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
    // The component's own security settings (--kafka-config, AIRTRACE_KAFKA_*): on a SASL_SSL
    // listener a check without them would only ever time out.
    Map<String, Object> props = new HashMap<>(kafka.adminConfig());
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
    try (Admin admin = Admin.create(props)) {
      admin.describeCluster().clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof AuthenticationException refused) {
        // Wrong credentials or an untrusted certificate: the broker answered, and said no.
        throw new IllegalStateException(
            "Kafka at " + kafka.bootstrap + " refused the connection: " + refused.getMessage(),
            refused);
      }
      throw unanswered(kafka, timeout, hint, e.getCause());
    } catch (TimeoutException e) {
      throw unanswered(kafka, timeout, hint, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Kafka", e);
    }
  }

  private static IllegalStateException unanswered(
      KafkaOptions kafka, Duration timeout, String hint, Throwable cause) {
    // The admin client's own timeout and ours say the same: nobody answered.
    return new IllegalStateException(
        "Kafka at "
            + kafka.bootstrap
            + " did not answer within "
            + timeout.toMillis() / 1000.0
            + " s"
            + " (is it running? --kafka-bootstrap names it; "
            + hint
            + ")",
        cause);
  }
}
