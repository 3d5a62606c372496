package dev.airtrace.sink.influx;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Converts JSON records to points and writes them to InfluxDB in batches, synchronously on the task
 * thread that Connect gives it.
 *
 * <p>Delivery is at-least-once: {@link #put} buffers points and writes when {@value
 * InfluxSinkConfig#BATCH_SIZE} points are buffered or the oldest waited {@value
 * InfluxSinkConfig#LINGER_MS}; {@link #flush} (called by {@code preCommit}) writes everything
 * buffered, so Connect commits an offset only after InfluxDB acknowledged the points before it. A
 * transient write failure throws {@link RetriableException} after {@code context.timeout(backoff)}:
 * Connect redelivers the batch of a failed {@code put}, and rewinds to the last committed offsets
 * after a failed {@code flush}. Replays are harmless because a point is identified by measurement,
 * tags and time. A record that cannot be converted goes to Connect's errant record reporter (the
 * dead-letter queue when configured) or, without one, fails the task; none is dropped silently.
 *
 * <p>Not thread-safe: Connect calls a task from one thread.
 */
public class InfluxSinkTask extends SinkTask {
  private static final Logger LOG = LoggerFactory.getLogger(InfluxSinkTask.class);

  private final Function<InfluxSinkConfig, PointWriter> writerFactory;
  private final LongSupplier nanoClock;
  private final RecordParser parser = new RecordParser();
  private final List<Pending> pending = new ArrayList<>();

  private InfluxSinkConfig config;
  private PointWriter writer;
  private Map<String, JsonPointMapper> mappers;
  private ErrantRecordReporter reporter;
  private long oldestPendingNanos;
  private long firstFailureNanos = -1;

  /**
   * Records reported as errant by a put() that then failed; its redelivery must not repeat them.
   */
  private Set<RecordId> reportedInFailedPut = Set.of();

  /**
   * A give-up (not retriable, or past the retry timeout) thrown by {@link #flush}. Connect only
   * logs what {@code preCommit} throws and carries on, so the task would otherwise retry a wrong
   * password or a schema conflict forever; the next {@link #put} rethrows it, which fails the task
   * (and {@code airtrace sink} exits non-zero).
   */
  private ConnectException gaveUp;

  /** The constructor Connect uses. */
  public InfluxSinkTask() {
    this(InfluxDbJavaWriter::new, System::nanoTime);
  }

  InfluxSinkTask(Function<InfluxSinkConfig, PointWriter> writerFactory, LongSupplier nanoClock) {
    this.writerFactory = writerFactory;
    this.nanoClock = nanoClock;
  }

  @Override
  public String version() {
    return Version.get();
  }

  @Override
  public void start(Map<String, String> props) {
    config = new InfluxSinkConfig(props);
    Map<String, JsonPointMapper> byTopic = new HashMap<>();
    config.mappings().forEach((topic, mapping) -> byTopic.put(topic, new JsonPointMapper(mapping)));
    mappers = Map.copyOf(byTopic);
    writer = writerFactory.apply(config);
    if (config.createDatabase()) {
      writer.ensureDatabase();
    }
    reporter = errantRecordReporter();
    LOG.info(
        "InfluxDB sink task writing to {} database '{}' (topics mapped: {})",
        config.url(),
        config.database(),
        mappers.keySet());
  }

  @Override
  public void put(Collection<SinkRecord> records) {
    if (gaveUp != null) {
      throw gaveUp;
    }
    int before = pending.size();
    Set<RecordId> reported = new HashSet<>();
    for (SinkRecord record : records) {
      convert(record, reported);
    }
    int added = pending.size() - before;
    if (pending.isEmpty()) {
      reportedInFailedPut = Set.of();
      return;
    }
    long now = nanoClock.getAsLong();
    if (before == 0 && added > 0) {
      oldestPendingNanos = now;
    }
    boolean due =
        pending.size() >= config.batchSize()
            || now - oldestPendingNanos >= config.linger().toNanos();
    if (due) {
      try {
        writePending();
      } catch (PointWriter.WriteException e) {
        // This call's points are the buffer's tail; Connect redelivers their records, so keep
        // only the older points, whose records will not come again.
        int keep = Math.max(0, pending.size() - added);
        pending.subList(keep, pending.size()).clear();
        reportedInFailedPut = union(reportedInFailedPut, reported);
        throw failure(e);
      }
    }
    reportedInFailedPut = Set.of();
  }

  @Override
  public void flush(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
    if (pending.isEmpty()) {
      return;
    }
    try {
      writePending();
    } catch (PointWriter.WriteException e) {
      // Connect rewinds to the last committed offsets after a failed commit and delivers every
      // buffered record again.
      pending.clear();
      RuntimeException failure = failure(e);
      if (failure instanceof ConnectException c && !(failure instanceof RetriableException)) {
        gaveUp = c;
      }
      throw failure;
    }
  }

  @Override
  public void close(Collection<TopicPartition> partitions) {
    // Revoked partitions are redelivered from their committed offsets to whichever task gets
    // them; their buffered points must not be written later by this one.
    Set<TopicPartition> revoked = new HashSet<>(partitions);
    pending.removeIf(p -> revoked.contains(p.partition()));
  }

  @Override
  public void stop() {
    if (writer != null) {
      writer.close();
      writer = null;
    }
    pending.clear();
  }

  /** Points waiting to be written; for tests. */
  int pendingPoints() {
    return pending.size();
  }

  private void convert(SinkRecord record, Set<RecordId> reported) {
    JsonPointMapper mapper = mappers.get(record.topic());
    if (mapper == null) {
      throw new ConnectException(
          "no InfluxDB mapping for topic '"
              + record.topic()
              + "'; mapped topics are "
              + mappers.keySet()
              + ". Add a mapping ("
              + InfluxSinkConfig.MAPPINGS
              + ") or remove the topic from the connector's topics.");
    }
    try {
      List<Point> points = mapper.map(parser.parse(record));
      List<Pending> lines = new ArrayList<>(points.size());
      TopicPartition partition = new TopicPartition(record.topic(), record.kafkaPartition());
      for (Point point : points) {
        lines.add(new Pending(partition, encode(point)));
      }
      pending.addAll(lines);
    } catch (ConversionException e) {
      reject(record, e, reported);
    }
  }

  private static String encode(Point point) throws ConversionException {
    try {
      return LineProtocol.encode(point);
    } catch (IllegalArgumentException e) {
      throw new ConversionException(e.getMessage(), e);
    }
  }

  private void reject(SinkRecord record, ConversionException e, Set<RecordId> reported) {
    RecordId id = RecordId.of(record);
    reported.add(id);
    if (reportedInFailedPut.contains(id)) {
      return; // reported when this batch was first delivered
    }
    String where = id + ": " + e.getMessage();
    if (reporter == null) {
      throw new DataException(
          "cannot convert record "
              + where
              + ". Configure errors.deadletterqueue.topic.name (with errors.tolerance=all) to"
              + " route such records to a dead-letter queue instead of failing the task.",
          e);
    }
    LOG.warn("sending unconvertible record to the errant record reporter: {}", where);
    reporter.report(record, e);
  }

  private void writePending() throws PointWriter.WriteException {
    int batchSize = config.batchSize();
    while (!pending.isEmpty()) {
      List<Pending> batch = pending.subList(0, Math.min(batchSize, pending.size()));
      List<String> lines = new ArrayList<>(batch.size());
      batch.forEach(p -> lines.add(p.line()));
      writer.write(lines);
      batch.clear();
    }
    firstFailureNanos = -1;
  }

  private RuntimeException failure(PointWriter.WriteException e) {
    if (!e.retriable()) {
      return new ConnectException(
          e.getMessage() + " (not retriable: fix the data or the InfluxDB setup, then restart)", e);
    }
    long now = nanoClock.getAsLong();
    if (firstFailureNanos < 0) {
      firstFailureNanos = now;
    }
    Optional<Duration> timeout = config.retryTimeout();
    Duration failingFor = Duration.ofNanos(now - firstFailureNanos);
    if (timeout.isPresent() && failingFor.compareTo(timeout.get()) >= 0) {
      return new ConnectException(
          "InfluxDB writes failed for "
              + failingFor.toMillis()
              + " ms, beyond "
              + InfluxSinkConfig.RETRY_TIMEOUT_MS
              + "="
              + timeout.get().toMillis()
              + ": "
              + e.getMessage(),
          e);
    }
    LOG.warn(
        "InfluxDB write failed (failing for {} ms), retrying in {} ms: {}",
        failingFor.toMillis(),
        config.retryBackoff().toMillis(),
        e.getMessage());
    context.timeout(config.retryBackoff().toMillis());
    return new RetriableException(e.getMessage(), e);
  }

  private ErrantRecordReporter errantRecordReporter() {
    try {
      return context == null ? null : context.errantRecordReporter();
    } catch (NoSuchMethodError | NoClassDefFoundError e) {
      return null; // Connect older than 2.6 has no reporter: failing the task is the fallback
    }
  }

  private static Set<RecordId> union(Set<RecordId> a, Set<RecordId> b) {
    Set<RecordId> all = new HashSet<>(a);
    all.addAll(b);
    return all;
  }

  private record Pending(TopicPartition partition, String line) {}

  private record RecordId(String topic, Integer partition, long offset) {
    static RecordId of(SinkRecord record) {
      return new RecordId(record.topic(), record.kafkaPartition(), record.kafkaOffset());
    }

    @Override
    public String toString() {
      return topic + "-" + partition + "@" + offset;
    }
  }
}
