package dev.airtrace.anchoring.kafka;

import dev.airtrace.anchoring.MerkleBatchHeaderSource;
import dev.airtrace.anchoring.PolledHeader;
import dev.airtrace.anchoring.UnreadableHeader;
import dev.airtrace.core.deadletter.DeadLetter;
import dev.airtrace.core.kafka.KafkaClientProperties;
import dev.airtrace.topics.Topics;
import dev.airtrace.topics.gateway.BatchHeaderJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@value #TOPIC}: key {@code gatewayId:seq}, value = the header JSON of core's {@link
 * BatchHeaderJson} ({@code gateway, seq, root, size, firstTs, lastTs, signature}). Offsets are
 * committed by {@link #commit()} only, i.e. once the headers are in a persisted epoch. A value that
 * does not parse is kept with its key, bytes and position for {@link #drainUnreadable()} (the loop
 * dead-letters it) and skipped, so one bad record cannot stop anchoring for everyone.
 *
 * <p>Owns its consumer. Not thread-safe.
 */
public final class KafkaMerkleBatchHeaderSource implements MerkleBatchHeaderSource {
  /** The gateways' batch header topic ({@link Topics#BATCH_HEADERS}). */
  public static final String TOPIC = Topics.Names.BATCH_HEADERS;

  /** Default consumer group of the anchoring service. */
  public static final String DEFAULT_GROUP = "airtrace-anchoring";

  private static final Logger LOG = LoggerFactory.getLogger(KafkaMerkleBatchHeaderSource.class);

  private final KafkaConsumer<String, byte[]> consumer;
  private long skipped;
  private final List<UnreadableHeader> unreadable = new ArrayList<>();

  /** Subscribes to {@code topic} in consumer group {@code groupId}. */
  public KafkaMerkleBatchHeaderSource(String bootstrapServers, String groupId, String topic) {
    this(bootstrapServers, KafkaClientProperties.NONE, groupId, topic);
  }

  /** Like the other constructor, with the environment's client settings (TLS, SASL). */
  public KafkaMerkleBatchHeaderSource(
      String bootstrapServers, KafkaClientProperties client, String groupId, String topic) {
    Properties p = client.toProperties(); // cannot hold any key set below
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, groupId + "-headers");
    this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(List.of(topic));
  }

  @Override
  public List<PolledHeader> poll(Duration timeout) {
    List<PolledHeader> headers = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> r : consumer.poll(timeout)) {
      try {
        headers.add(
            new PolledHeader(
                BatchHeaderJson.decode(r.value()),
                r.partition(),
                r.offset(),
                DeadLetter.kafkaSource(r.topic(), r.partition(), r.offset()),
                r.value()));
      } catch (RuntimeException e) {
        skipped++;
        String source = DeadLetter.kafkaSource(r.topic(), r.partition(), r.offset());
        LOG.warn("unreadable batch header at {} (key {}): {}", source, r.key(), e.getMessage());
        unreadable.add(
            new UnreadableHeader(
                r.key(),
                r.value() == null ? new byte[0] : r.value(),
                source,
                "batch header does not decode: " + e.getMessage()));
      }
    }
    return headers;
  }

  @Override
  public List<UnreadableHeader> drainUnreadable() {
    List<UnreadableHeader> out = List.copyOf(unreadable);
    unreadable.clear();
    return out;
  }

  @Override
  public void commit(Map<Integer, Long> oldestOpenOffset) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    for (TopicPartition tp : consumer.assignment()) {
      long position = consumer.position(tp);
      Long open = oldestOpenOffset.get(tp.partition());
      offsets.put(tp, new OffsetAndMetadata(open == null ? position : Math.min(open, position)));
    }
    consumer.commitSync(offsets);
  }

  /** Records that did not parse (handed out by {@link #drainUnreadable()}). */
  public long skipped() {
    return skipped;
  }

  @Override
  public void close() {
    consumer.close();
  }
}
