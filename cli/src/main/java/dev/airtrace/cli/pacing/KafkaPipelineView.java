package dev.airtrace.cli.pacing;

import dev.airtrace.core.Quantity;
import dev.airtrace.topics.Topics;
import dev.airtrace.topics.processor.ForecastSkill;
import dev.airtrace.topics.processor.SiteHourly;
import dev.airtrace.topics.serving.Forecast;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * {@link PipelineView} on Kafka: one group-less consumer (commits nothing) assigned every partition
 * of the site-hourly, forecasts and forecast-skill topics, positioned at their ends when it opens
 * (so only records of this replay count, not those of an earlier run), reading committed records
 * only (the processor writes exactly-once). A record that does not decode is counted ({@link
 * #undecodable()}) and otherwise ignored: pacing then waits for it until its bound and says so.
 *
 * <p>Not thread-safe: one pacer calls it. Close it to close the consumer.
 */
public final class KafkaPipelineView implements PipelineView {
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Map<String, ClosedHour> hours = new HashMap<>();
  private final Map<String, List<IssuedForecast>> forecasts = new HashMap<>();
  private final Map<String, Long> skill = new HashMap<>();
  private long undecodable;

  private KafkaPipelineView(KafkaConsumer<byte[], byte[]> consumer) {
    this.consumer = consumer;
  }

  /**
   * Opens the view at the topics' current ends.
   *
   * @param clientConfig Kafka client settings, {@code bootstrap.servers} included
   * @throws IllegalStateException when a topic does not exist
   */
  public static KafkaPipelineView open(Map<String, Object> clientConfig, Duration timeout) {
    Map<String, Object> config = new HashMap<>(clientConfig);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    try {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic :
          List.of(
              Topics.SITE_HOURLY.name(), Topics.FORECASTS.name(), Topics.FORECAST_SKILL.name())) {
        List<PartitionInfo> info = consumer.partitionsFor(topic, timeout);
        if (info == null || info.isEmpty()) {
          throw new IllegalStateException(
              "a paced replay reads " + topic + ", which does not exist");
        }
        info.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
      }
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      // Resolve the positions now, before anything is published.
      partitions.forEach(p -> consumer.position(p, timeout));
      return new KafkaPipelineView(consumer);
    } catch (RuntimeException e) {
      consumer.close();
      throw e;
    }
  }

  @Override
  public void refresh(Duration maxBlock) {
    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(maxBlock)) {
      if (r.value() == null) {
        continue; // a tombstone of the compacted skill topic
      }
      try {
        if (r.topic().equals(Topics.SITE_HOURLY.name())) {
          SiteHourly h =
              Topics.SITE_HOURLY.valueSerde().deserializer().deserialize(r.topic(), r.value());
          hours.put(
              key(h.siteId(), h.windowEnd()),
              new ClosedHour(h.quantities().containsKey(Quantity.PM2_5)));
        } else if (r.topic().equals(Topics.FORECASTS.name())) {
          Forecast f =
              Topics.FORECASTS.valueSerde().deserializer().deserialize(r.topic(), r.value());
          List<IssuedForecast> list =
              forecasts.computeIfAbsent(key(f.siteId(), f.issueTime()), k -> new ArrayList<>());
          list.removeIf(x -> x.model().equals(f.model()));
          list.add(
              new IssuedForecast(f.model(), f.horizonsHours(), Double.isFinite(f.persistence())));
        } else {
          ForecastSkill s =
              Topics.FORECAST_SKILL.valueSerde().deserializer().deserialize(r.topic(), r.value());
          skill.merge(s.key(), s.windowEnd(), Math::max);
        }
      } catch (RuntimeException e) {
        undecodable++;
      }
    }
  }

  @Override
  public Optional<ClosedHour> hour(String siteId, long windowEnd) {
    return Optional.ofNullable(hours.get(key(siteId, windowEnd)));
  }

  @Override
  public List<IssuedForecast> forecasts(String siteId, long issueTime) {
    return forecasts.getOrDefault(key(siteId, issueTime), List.of());
  }

  @Override
  public OptionalLong skillThrough(String siteId, int hours, String model) {
    Long end = skill.get(ForecastSkill.key(siteId, hours, model));
    return end == null ? OptionalLong.empty() : OptionalLong.of(end);
  }

  /** Records that did not decode (ignored). */
  public long undecodable() {
    return undecodable;
  }

  @Override
  public void close() {
    consumer.close();
  }

  private static String key(String siteId, long time) {
    return siteId + "/" + time;
  }
}
