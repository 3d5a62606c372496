package dev.airtrace.faults;

import dev.airtrace.topics.Topics;
import dev.airtrace.topics.processor.SiteAqi;
import dev.airtrace.topics.processor.SiteHourly;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the processor's {@code site-hourly} and {@code site-aqi} topics from the beginning with
 * {@code read_committed} and keeps, per site and hour, the record with the highest revision, as a
 * consumer applying revisions does (docs/topics.md). Only the given sites are kept. Not
 * thread-safe.
 */
final class LatestRevisions implements AutoCloseable {
  private final Set<String> sites;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Map<String, Map<Long, SiteHourly>> hourly = new TreeMap<>();
  private final Map<String, Map<Long, SiteAqi>> aqi = new TreeMap<>();
  private long records;

  LatestRevisions(String bootstrapServers, Set<String> sites) {
    this.sites = Set.copyOf(sites);
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    consumer = new KafkaConsumer<>(p);
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : List.of(Topics.SITE_HOURLY.name(), Topics.SITE_AQI.name())) {
      consumer
          .partitionsFor(topic)
          .forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /** Polls once; returns this. */
  LatestRevisions poll() {
    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
      if (r.topic().equals(Topics.SITE_HOURLY.name())) {
        SiteHourly h =
            Topics.SITE_HOURLY.valueSerde().deserializer().deserialize(r.topic(), r.value());
        if (sites.contains(h.siteId())) {
          records++;
          hourly
              .computeIfAbsent(h.siteId(), k -> new TreeMap<>())
              .merge(h.windowStart(), h, (a, b) -> b.revision() > a.revision() ? b : a);
        }
      } else {
        SiteAqi a = Topics.SITE_AQI.valueSerde().deserializer().deserialize(r.topic(), r.value());
        if (sites.contains(a.siteId())) {
          records++;
          aqi.computeIfAbsent(a.siteId(), k -> new TreeMap<>())
              .merge(a.hourStart(), a, (x, y) -> y.revision() > x.revision() ? y : x);
        }
      }
    }
    return this;
  }

  /** Site → hour start → latest site-hourly record. */
  Map<String, Map<Long, SiteHourly>> hourly() {
    return hourly;
  }

  /** Site → hour start → latest site-aqi record. */
  Map<String, Map<Long, SiteAqi>> aqi() {
    return aqi;
  }

  /** Records of the given sites read so far, all revisions. */
  long records() {
    return records;
  }

  /** The latest records with revision 0, to compare with a run without revisions. */
  static <V> Map<String, Map<Long, V>> withoutRevisions(
      Map<String, Map<Long, V>> latest, UnaryOperator<V> zero) {
    Map<String, Map<Long, V>> out = new TreeMap<>();
    latest.forEach(
        (site, hours) -> {
          Map<Long, V> copy = new TreeMap<>();
          hours.forEach((h, v) -> copy.put(h, zero.apply(v)));
          out.put(site, copy);
        });
    return out;
  }

  /** Highest revision seen per output, for the report. */
  Map<String, Integer> maxRevision() {
    Map<String, Integer> max = new HashMap<>();
    hourly
        .values()
        .forEach(m -> m.values().forEach(h -> max.merge("site-hourly", h.revision(), Math::max)));
    aqi.values()
        .forEach(m -> m.values().forEach(a -> max.merge("site-aqi", a.revision(), Math::max)));
    return max;
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
