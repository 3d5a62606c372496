package dev.airtrace.cli.forecast;

import dev.airtrace.topics.processor.SiteOutputJson;
import dev.airtrace.topics.serving.ForecastJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the forecasts topic and the site-hourly topic from their beginning to their end at the time
 * of the call (committed records only: the processor writes exactly-once) into a {@link
 * ForecastSkill}. Records that do not decode are counted, not fatal. Uses no consumer group and
 * commits nothing. Stateless; one call at a time per skill.
 */
public final class ForecastTopics {
  private static final Duration POLL = Duration.ofMillis(500);

  private ForecastTopics() {}

  /**
   * What was read.
   *
   * @param forecasts forecast records decoded
   * @param hours site-hourly records decoded
   * @param undecodable records of either topic that did not decode (skipped)
   */
  public record Counts(long forecasts, long hours, long undecodable) {}

  /**
   * Reads both topics to the end offsets they had when the call began.
   *
   * @param clientConfig Kafka client settings, {@code bootstrap.servers} included
   * @throws IllegalStateException when a topic does not exist or the end is not reached within
   *     {@code timeout}
   */
  public static Counts read(
      Map<String, Object> clientConfig,
      String forecastsTopic,
      String siteHourlyTopic,
      ForecastSkill skill,
      Duration timeout) {
    Map<String, Object> config = new HashMap<>(clientConfig);
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    long deadline = System.nanoTime() + timeout.toNanos();
    long forecasts = 0;
    long hours = 0;
    long undecodable = 0;
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : List.of(forecastsTopic, siteHourlyTopic)) {
        List<PartitionInfo> info = consumer.partitionsFor(topic, timeout);
        if (info == null || info.isEmpty()) {
          throw new IllegalStateException("topic " + topic + " does not exist");
        }
        info.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions, timeout));
      while (!reached(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "did not reach the end of "
                  + forecastsTopic
                  + " and "
                  + siteHourlyTopic
                  + " within "
                  + timeout);
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
          try {
            if (r.topic().equals(forecastsTopic)) {
              skill.forecast(ForecastJson.decode(r.value()));
              forecasts++;
            } else {
              skill.observe(SiteOutputJson.decodeSiteHourly(r.value()));
              hours++;
            }
          } catch (RuntimeException e) {
            undecodable++;
          }
        }
      }
    }
    return new Counts(forecasts, hours, undecodable);
  }

  private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    end.entrySet().removeIf(e -> consumer.position(e.getKey()) >= e.getValue());
    return end.isEmpty();
  }
}
