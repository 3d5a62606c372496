package dev.airtrace.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The one place topics are created: creates the requested topics that do not exist yet, each with
 * its {@link CreationPolicy} (cleanup policy, retention, pinned partition count) and the caller's
 * default partitions and replication. Existing topics are left exactly as they are, so running it
 * again, or beside another instance, is harmless.
 *
 * <p>Thread-safety: one thread at a time. Ownership: the caller closes it (closing its admin
 * client).
 */
public final class TopicProvisioner implements AutoCloseable {
  private final Admin admin;
  private final String bootstrap;

  private TopicProvisioner(Admin admin, String bootstrap) {
    this.admin = admin;
    this.bootstrap = bootstrap;
  }

  /**
   * Partitions and replication for created topics whose policy does not pin them; empty: the
   * broker's defaults ({@code num.partitions}, {@code default.replication.factor}).
   *
   * @param partitions partition count, {@code >= 1}, when present
   * @param replication replication factor, {@code >= 1}, when present
   */
  public record Defaults(Optional<Integer> partitions, Optional<Short> replication) {
    /** The broker's defaults for both. */
    public static final Defaults BROKER = new Defaults(Optional.empty(), Optional.empty());

    public Defaults {
      Objects.requireNonNull(partitions, "partitions");
      Objects.requireNonNull(replication, "replication");
      if (partitions.filter(p -> p < 1).isPresent() || replication.filter(r -> r < 1).isPresent()) {
        throw new IllegalArgumentException(
            "partitions and replication must be >= 1 but were " + partitions + ", " + replication);
      }
    }

    /** Explicit partitions and replication factor. */
    public static Defaults of(int partitions, short replication) {
      return new Defaults(Optional.of(partitions), Optional.of(replication));
    }
  }

  /**
   * A provisioner over an admin client built from {@code adminConfig} (it must hold {@code
   * bootstrap.servers}; security settings go here too).
   */
  public static TopicProvisioner create(Map<String, ?> adminConfig) {
    Properties p = new Properties();
    p.putAll(adminConfig);
    String bootstrap = String.valueOf(p.get(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG));
    return new TopicProvisioner(Admin.create(p), bootstrap);
  }

  /** A provisioner for the cluster at {@code bootstrapServers}, with no further settings. */
  public static TopicProvisioner create(String bootstrapServers) {
    return create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
  }

  /**
   * Creates every requested topic that is missing and waits until the broker confirms them.
   *
   * @return the names created by this call, in request order (empty when all existed)
   * @throws TopicProvisioningException naming the cluster and the cause when Kafka refuses or does
   *     not answer within {@code timeout}
   */
  public List<String> createMissing(
      Collection<TopicRequest> requests, Defaults defaults, Duration timeout) {
    Objects.requireNonNull(defaults, "defaults");
    long timeoutMs = timeout.toMillis();
    try {
      Set<String> existing = admin.listTopics().names().get(timeoutMs, TimeUnit.MILLISECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (TopicRequest r : requests) {
        if (!existing.contains(r.name())
            && missing.stream().noneMatch(t -> t.name().equals(r.name()))) {
          missing.add(newTopic(r, defaults));
        }
      }
      List<String> created = new ArrayList<>();
      if (missing.isEmpty()) {
        return created;
      }
      for (Map.Entry<String, KafkaFuture<Void>> e :
          admin.createTopics(missing).values().entrySet()) {
        try {
          e.getValue().get(timeoutMs, TimeUnit.MILLISECONDS);
          created.add(e.getKey());
        } catch (ExecutionException ex) {
          // Another instance created it between our listing and our request: that is success.
          if (!(ex.getCause() instanceof TopicExistsException)) {
            throw ex;
          }
        }
      }
      return missing.stream().map(NewTopic::name).filter(created::contains).toList();
    } catch (ExecutionException e) {
      throw new TopicProvisioningException(
          "cannot create topics on " + bootstrap + ": " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      throw new TopicProvisioningException(
          "Kafka at " + bootstrap + " did not answer within " + timeout, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TopicProvisioningException("interrupted while creating topics", e);
    } catch (org.apache.kafka.common.KafkaException e) {
      throw new TopicProvisioningException(
          "cannot create topics on " + bootstrap + ": " + e.getMessage(), e);
    }
  }

  private static NewTopic newTopic(TopicRequest r, Defaults defaults) {
    Optional<Integer> partitions = r.policy().partitions().or(defaults::partitions);
    return new NewTopic(r.name(), partitions, defaults.replication()).configs(r.policy().configs());
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
  }
}
