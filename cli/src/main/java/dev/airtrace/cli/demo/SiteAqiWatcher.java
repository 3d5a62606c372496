package dev.airtrace.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airtrace.core.codec.Json;
import dev.airtrace.core.lifecycle.LoopRunner;
import dev.airtrace.core.lifecycle.ServiceLoop;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows the processor's output topics for the demo's progress line: the latest AQI per site and
 * how many records each topic carried. Reads committed records only (the processor is
 * exactly-once). Runs its own daemon {@link LoopRunner}, idling in its 200 ms poll; the getters are
 * thread-safe.
 */
final class SiteAqiWatcher implements AutoCloseable, ServiceLoop {
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

  /** The latest AQI of one site. */
  record SiteState(long hourStart, int aqi, String category, String dominant) {}

  private final KafkaConsumer<String, byte[]> consumer;
  private final String aqiTopic;
  private final LoopRunner runner;
  private final Map<String, SiteState> latest = new TreeMap<>();
  private final Map<String, AtomicLong> counts = new TreeMap<>();
  private volatile long lastRecordNanos = System.nanoTime();

  SiteAqiWatcher(String bootstrap, String aqiTopic, List<String> countedTopics) {
    this.aqiTopic = aqiTopic;
    this.consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG,
                "airtrace-demo-watcher-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    countedTopics.forEach(t -> counts.put(t, new AtomicLong()));
    consumer.subscribe(countedTopics);
    this.runner = LoopRunner.builder(this).daemon(true).closeTimeout(CLOSE_TIMEOUT).start();
  }

  @Override
  public String roleName() {
    return "airtrace-demo-watcher";
  }

  @Override
  public int doWork() {
    int n = 0;
    try {
      for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
        n++;
        lastRecordNanos = System.nanoTime();
        counts.get(r.topic()).incrementAndGet();
        if (r.topic().equals(aqiTopic)) {
          remember(r.key(), r.value());
        }
      }
      return n;
    } catch (WakeupException e) {
      return DONE; // close() asked us to stop
    }
  }

  @Override
  public void onClose() {
    consumer.close();
  }

  private void remember(String site, byte[] value) {
    try {
      JsonNode n = Json.mapper().readTree(value);
      SiteState s =
          new SiteState(
              n.path("hourStart").asLong(),
              n.path("aqi").asInt(),
              n.path("category").asText(),
              n.path("dominant").asText());
      synchronized (latest) {
        SiteState old = latest.get(site);
        if (old == null || old.hourStart() <= s.hourStart()) {
          latest.put(site, s);
        }
      }
    } catch (IOException e) {
      // the processor's own contract tests guard the format; a bad record only dims the demo
    }
  }

  /** The latest AQI per site, sorted by site. */
  Map<String, SiteState> latest() {
    synchronized (latest) {
      return new TreeMap<>(latest);
    }
  }

  /** Records seen on {@code topic} so far. */
  long count(String topic) {
    return counts.get(topic).get();
  }

  /** How long since the last record arrived on any followed topic. */
  Duration quietFor() {
    return Duration.ofNanos(System.nanoTime() - lastRecordNanos);
  }

  @Override
  public void close() {
    runner.requestStop();
    consumer.wakeup();
    runner.close();
  }
}
