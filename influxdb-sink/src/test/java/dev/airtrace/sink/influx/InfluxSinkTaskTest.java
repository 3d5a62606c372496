package dev.airtrace.sink.influx;

import static dev.airtrace.sink.influx.SampleRecords.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.junit.jupiter.api.Test;

class InfluxSinkTaskTest {
  private static final String AQI = InfluxSinkConfig.TOPIC_SITE_AQI;

  private final FakeWriter writer = new FakeWriter();
  private final FakeContext context = new FakeContext();
  private final AtomicLong nanos = new AtomicLong();
  private long offset;

  private InfluxSinkTask task(Map<String, String> overrides) {
    Map<String, String> props = new HashMap<>();
    props.put(InfluxSinkConfig.URL, "http://influx.invalid:8086");
    props.put(InfluxSinkConfig.DATABASE, "db");
    props.put(InfluxSinkConfig.LINGER_MS, "60000");
    props.put(InfluxSinkConfig.RETRY_BACKOFF_MS, "250");
    props.putAll(overrides);
    InfluxSinkTask task = new InfluxSinkTask(c -> writer, nanos::get);
    task.initialize(context);
    task.start(props);
    return task;
  }

  private SinkRecord aqiRecord(String siteId, int aqi) {
    return record(AQI, 0, SampleRecords.siteAqi(siteId, T0, aqi).toString());
  }

  private SinkRecord record(String topic, int partition, String json) {
    return new SinkRecord(topic, partition, Schema.STRING_SCHEMA, "k", null, json, offset++);
  }

  private static String aqiLine(String siteId, int aqi) {
    return "site_aqi,category=Moderate,dominant=pm2_5,siteId="
        + siteId
        + " aqi="
        + (double) aqi
        + ",nowcast_pm10=30.0,nowcast_pm2_5=17.4,pm24h_pm10=28.0,pm24h_pm2_5=15.2,"
        + "subIndices_pm10_aqi=27.0,subIndices_pm10_concentration=30.0,subIndices_pm2_5_aqi="
        + (double) aqi
        + ",subIndices_pm2_5_concentration=17.4 1764057600000";
  }

  @Test
  void shouldBufferUntilBatchSizeThenWriteOnTheCallingThread() {
    InfluxSinkTask task = task(Map.of(InfluxSinkConfig.BATCH_SIZE, "3"));

    task.put(List.of(aqiRecord("s1", 1), aqiRecord("s2", 2)));
    assertThat(writer.batches).isEmpty();

    task.put(List.of(aqiRecord("s3", 3)));
    assertThat(writer.batches)
        .containsExactly(List.of(aqiLine("s1", 1), aqiLine("s2", 2), aqiLine("s3", 3)));
    assertThat(writer.threads).containsOnly(Thread.currentThread());
  }

  @Test
  void shouldSplitTheBufferIntoBatchesOfAtMostBatchSize() {
    InfluxSinkTask task = task(Map.of(InfluxSinkConfig.BATCH_SIZE, "2"));

    task.put(List.of(aqiRecord("a", 1), aqiRecord("b", 2), aqiRecord("c", 3)));
    task.put(List.of(aqiRecord("d", 4), aqiRecord("e", 5)));

    assertThat(writer.batches).extracting(List::size).containsExactly(2, 1, 2);
  }

  @Test
  void shouldWriteOnceTheOldestPointHasLingered() {
    InfluxSinkTask task = task(Map.of(InfluxSinkConfig.LINGER_MS, "1000"));
    task.put(List.of(aqiRecord("s1", 1)));
    nanos.addAndGet(999_000_000L);
    task.put(List.of());
    assertThat(writer.batches).isEmpty();

    nanos.addAndGet(1_000_000L);
    task.put(List.of());

    assertThat(writer.batches).containsExactly(List.of(aqiLine("s1", 1)));
  }

  @Test
  void shouldWriteEverythingBufferedOnFlushBeforeOffsetsAreCommitted() {
    InfluxSinkTask task = task(Map.of());
    task.put(List.of(aqiRecord("s1", 1), aqiRecord("s2", 2)));

    task.flush(Map.of());

    assertThat(writer.batches).containsExactly(List.of(aqiLine("s1", 1), aqiLine("s2", 2)));
    assertThat(task.pendingPoints()).isZero();
  }

  @Test
  void shouldKeepOlderPointsAndDropOnlyTheRedeliveredBatchOnTransientFailure() {
    InfluxSinkTask task = task(Map.of(InfluxSinkConfig.BATCH_SIZE, "2"));
    task.put(List.of(aqiRecord("old", 1)));
    writer.failures.add(new PointWriter.WriteException("connection refused", true, null));
    List<SinkRecord> batch = List.of(aqiRecord("new", 2));

    assertThatThrownBy(() -> task.put(batch)).isInstanceOf(RetriableException.class);
    assertThat(context.timeoutMs).isEqualTo(250);
    assertThat(task.pendingPoints()).isEqualTo(1);

    task.put(batch); // Connect redelivers the same records

    assertThat(writer.batches).containsExactly(List.of(aqiLine("old", 1), aqiLine("new", 2)));
  }

  @Test
  void shouldDropTheBufferWhenFlushFailsBecauseConnectRewindsToCommittedOffsets() {
    InfluxSinkTask task = task(Map.of());
    task.put(List.of(aqiRecord("s1", 1)));
    writer.failures.add(new PointWriter.WriteException("timeout", true, null));

    assertThatThrownBy(() -> task.flush(Map.of())).isInstanceOf(RetriableException.class);
    assertThat(task.pendingPoints()).isZero();
  }

  @Test
  void shouldFailTheTaskWhenWriteIsNotRetriable() {
    InfluxSinkTask task = task(Map.of());
    task.put(List.of(aqiRecord("s1", 1)));
    writer.failures.add(new PointWriter.WriteException("field type conflict", false, null));

    assertThatThrownBy(() -> task.flush(Map.of()))
        .isInstanceOf(ConnectException.class)
        .isNotInstanceOf(RetriableException.class)
        .hasMessageContaining("field type conflict");
  }

  @Test
  void shouldFailTheTaskAtTheNextPutWhenFlushGaveUpBecauseConnectOnlyLogsFlushFailures() {
    InfluxSinkTask task = task(Map.of());
    task.put(List.of(aqiRecord("s1", 1)));
    writer.failures.add(new PointWriter.WriteException("authorization failed", false, null));
    assertThatThrownBy(() -> task.flush(Map.of())).isInstanceOf(ConnectException.class);

    assertThatThrownBy(() -> task.put(List.of()))
        .isInstanceOf(ConnectException.class)
        .isNotInstanceOf(RetriableException.class)
        .hasMessageContaining("authorization failed");
    assertThat(writer.batches).isEmpty();
  }

  @Test
  void shouldKeepAcceptingPutsAfterATransientFlushFailure() {
    InfluxSinkTask task = task(Map.of());
    task.put(List.of(aqiRecord("s1", 1)));
    writer.failures.add(new PointWriter.WriteException("timeout", true, null));
    assertThatThrownBy(() -> task.flush(Map.of())).isInstanceOf(RetriableException.class);

    task.put(List.of(aqiRecord("s1", 2)));
    task.flush(Map.of());

    assertThat(writer.batches).containsExactly(List.of(aqiLine("s1", 2)));
  }

  @Test
  void shouldGiveUpOnceTransientFailuresOutlastTheRetryTimeout() {
    InfluxSinkTask task = task(Map.of(InfluxSinkConfig.RETRY_TIMEOUT_MS, "5000"));
    task.put(List.of(aqiRecord("s1", 1)));
    writer.failures.add(new PointWriter.WriteException("down", true, null));
    assertThatThrownBy(() -> task.flush(Map.of())).isInstanceOf(RetriableException.class);

    nanos.addAndGet(5_000_000_000L);
    task.put(List.of(aqiRecord("s1", 1)));
    writer.failures.add(new PointWriter.WriteException("still down", true, null));

    assertThatThrownBy(() -> task.flush(Map.of()))
        .isInstanceOf(ConnectException.class)
        .isNotInstanceOf(RetriableException.class)
        .hasMessageContaining(InfluxSinkConfig.RETRY_TIMEOUT_MS);
  }

  @Test
  void shouldSendUnconvertibleRecordsToTheErrantReporterAndWriteTheOthers() {
    context.reporter = new RecordingReporter();
    InfluxSinkTask task = task(Map.of());
    SinkRecord notJson = record(AQI, 0, "not json");
    SinkRecord noTime = record(AQI, 0, "{\"siteId\":\"s1\",\"aqi\":5}");

    task.put(List.of(notJson, aqiRecord("s1", 1), noTime));
    task.flush(Map.of());

    assertThat(context.reporter.reported).containsExactly(notJson, noTime);
    assertThat(writer.batches).containsExactly(List.of(aqiLine("s1", 1)));
  }

  @Test
  void shouldFailTheTaskWithAClearMessageWhenThereIsNoErrantReporter() {
    InfluxSinkTask task = task(Map.of());

    assertThatThrownBy(() -> task.put(List.of(record(AQI, 3, "[1,2]"))))
        .isInstanceOf(DataException.class)
        .hasMessageContaining(AQI + "-3@")
        .hasMessageContaining("not a JSON object")
        .hasMessageContaining("errors.deadletterqueue.topic.name");
  }

  @Test
  void shouldNotReportAnErrantRecordAgainWhenItsBatchIsRedelivered() {
    context.reporter = new RecordingReporter();
    InfluxSinkTask task = task(Map.of(InfluxSinkConfig.LINGER_MS, "0"));
    List<SinkRecord> batch = List.of(record(AQI, 0, "bad"), aqiRecord("s1", 1));
    writer.failures.add(new PointWriter.WriteException("down", true, null));
    assertThatThrownBy(() -> task.put(batch)).isInstanceOf(RetriableException.class);

    task.put(batch);

    assertThat(context.reporter.reported).hasSize(1);
    assertThat(writer.batches).containsExactly(List.of(aqiLine("s1", 1)));
  }

  @Test
  void shouldFailOnRecordFromUnmappedTopic() {
    InfluxSinkTask task = task(Map.of());

    assertThatThrownBy(() -> task.put(List.of(record("unmapped", 0, "{}"))))
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("no InfluxDB mapping for topic 'unmapped'");
  }

  @Test
  void shouldForgetBufferedPointsOfRevokedPartitions() {
    InfluxSinkTask task = task(Map.of());
    task.put(List.of(record(AQI, 0, SampleRecords.siteAqi("p0", T0, 1).toString())));
    task.put(List.of(record(AQI, 1, SampleRecords.siteAqi("p1", T0, 2).toString())));

    task.close(List.of(new TopicPartition(AQI, 1)));
    task.flush(Map.of());

    assertThat(writer.batches).containsExactly(List.of(aqiLine("p0", 1)));
  }

  @Test
  void shouldCreateTheDatabaseOnStartUnlessDisabled() {
    task(Map.of());
    assertThat(writer.databaseEnsured).isEqualTo(1);

    task(Map.of(InfluxSinkConfig.CREATE_DATABASE, "false"));
    assertThat(writer.databaseEnsured).isEqualTo(1);
  }

  /** Records batches; throws the queued failures first. */
  private static final class FakeWriter implements PointWriter {
    final List<List<String>> batches = new ArrayList<>();
    final List<Thread> threads = new ArrayList<>();
    final Deque<WriteException> failures = new ArrayDeque<>();
    int databaseEnsured;

    @Override
    public void write(List<String> lines) throws WriteException {
      threads.add(Thread.currentThread());
      WriteException failure = failures.poll();
      if (failure != null) {
        throw failure;
      }
      batches.add(List.copyOf(lines));
    }

    @Override
    public void ensureDatabase() {
      databaseEnsured++;
    }

    @Override
    public void close() {}
  }

  private static final class RecordingReporter implements ErrantRecordReporter {
    final List<SinkRecord> reported = new ArrayList<>();

    @Override
    public Future<Void> report(SinkRecord record, Throwable error) {
      reported.add(record);
      return CompletableFuture.completedFuture(null);
    }
  }

  private static final class FakeContext implements SinkTaskContext {
    RecordingReporter reporter;
    long timeoutMs = -1;

    @Override
    public Map<String, String> configs() {
      return Map.of();
    }

    @Override
    public void offset(Map<TopicPartition, Long> offsets) {}

    @Override
    public void offset(TopicPartition tp, long offset) {}

    @Override
    public void timeout(long timeoutMs) {
      this.timeoutMs = timeoutMs;
    }

    @Override
    public Set<TopicPartition> assignment() {
      return Set.of();
    }

    @Override
    public void pause(TopicPartition... partitions) {}

    @Override
    public void resume(TopicPartition... partitions) {}

    @Override
    public void requestCommit() {}

    @Override
    public ErrantRecordReporter errantRecordReporter() {
      return reporter;
    }

    @Override
    public PluginMetrics pluginMetrics() {
      return null;
    }
  }
}
