package dev.airtrace.processor;

import dev.airtrace.core.Reading;
import dev.airtrace.core.deadletter.DeadLetter;
import dev.airtrace.topics.Topic;
import dev.airtrace.topics.Topics;
import dev.airtrace.topics.gateway.ReadingJson;
import dev.airtrace.topics.processor.SensorQuality;
import dev.airtrace.topics.processor.SiteAqi;
import dev.airtrace.topics.processor.SiteFeatures;
import dev.airtrace.topics.processor.SiteHourly;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/**
 * The {@link SiteAqiTopology} in a {@link TopologyTestDriver}, with typed input and output topics.
 * Time moves only through the timestamps of piped records (stream time) and the fixed wall clock
 * {@link #WALL_CLOCK} (dead letters' {@code rejectedAt}). Close it after each test.
 */
final class TopologyFixture implements AutoCloseable {
  static final Instant WALL_CLOCK = Instant.parse("2025-02-01T12:00:00Z");
  static final String APP_ID = "airtrace-processor-test";

  final ProcessorConfig config;
  private final TopologyTestDriver driver;
  private final TestInputTopic<String, byte[]> readings;
  private final TestOutputTopic<String, SiteHourly> siteHourly;
  private final TestOutputTopic<String, SiteAqi> siteAqi;
  private final TestOutputTopic<String, byte[]> siteAqiRaw;
  private final TestOutputTopic<String, DeadLetter> deadLetters;
  private final TestOutputTopic<String, SiteFeatures> siteFeatures;
  private final TestOutputTopic<String, byte[]> siteFeaturesRaw;
  private final TestOutputTopic<String, SensorQuality> sensorQuality;

  TopologyFixture(Path stateDir) {
    this(
        ProcessorConfig.builder("unused:9092", stateDir)
            .applicationId(APP_ID)
            .qualityScores(true)
            .build());
  }

  TopologyFixture(ProcessorConfig config) {
    this.config = config;
    this.driver =
        new TopologyTestDriver(
            SiteAqiTopology.build(config), config.toStreamsProperties(), WALL_CLOCK);
    this.readings =
        driver.createInputTopic(
            Topics.READINGS.name(),
            SiteAqiTopology.RAW_READINGS.keySerde().serializer(),
            SiteAqiTopology.RAW_READINGS.valueSerde().serializer());
    this.siteHourly = output(Topics.SITE_HOURLY);
    this.siteAqi = output(Topics.SITE_AQI);
    this.siteAqiRaw =
        driver.createOutputTopic(
            Topics.SITE_AQI.name(),
            Topics.SITE_AQI.keySerde().deserializer(),
            org.apache.kafka.common.serialization.Serdes.ByteArray().deserializer());
    this.deadLetters = output(Topics.PROCESSOR_DEAD_LETTERS);
    this.siteFeatures = output(Topics.SITE_FEATURES);
    this.siteFeaturesRaw =
        driver.createOutputTopic(
            Topics.SITE_FEATURES.name(),
            Topics.SITE_FEATURES.keySerde().deserializer(),
            org.apache.kafka.common.serialization.Serdes.ByteArray().deserializer());
    this.sensorQuality = output(Topics.SENSOR_QUALITY);
  }

  private <K, V> TestOutputTopic<K, V> output(Topic<K, V> topic) {
    return driver.createOutputTopic(
        topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer());
  }

  /** Advances the driver's wall clock, which runs wall-clock punctuations (revisions). */
  void advanceWallClock(java.time.Duration d) {
    driver.advanceWallClockTime(d);
  }

  /** Pipes a reading keyed by its device, with its event time as the record timestamp. */
  void pipe(Reading r) {
    pipe(r, Instant.ofEpochMilli(r.eventTime()));
  }

  void pipe(ReadingBuilder r) {
    pipe(r.build());
  }

  /** Pipes a reading with an explicit record timestamp (what a producer might set). */
  void pipe(Reading r, Instant recordTimestamp) {
    readings.pipeInput(r.deviceId().value(), ReadingJson.encode(r), recordTimestamp);
  }

  void pipeRaw(String key, byte[] value, Instant recordTimestamp) {
    readings.pipeInput(key, value, recordTimestamp);
  }

  List<TestRecord<String, SiteHourly>> siteHourly() {
    return siteHourly.readRecordsToList();
  }

  List<TestRecord<String, SiteAqi>> siteAqi() {
    return siteAqi.readRecordsToList();
  }

  List<TestRecord<String, byte[]>> siteAqiRaw() {
    return siteAqiRaw.readRecordsToList();
  }

  List<TestRecord<String, SiteFeatures>> siteFeatures() {
    return siteFeatures.readRecordsToList();
  }

  List<TestRecord<String, byte[]>> siteFeaturesRaw() {
    return siteFeaturesRaw.readRecordsToList();
  }

  List<TestRecord<String, SensorQuality>> sensorQuality() {
    return sensorQuality.readRecordsToList();
  }

  List<TestRecord<String, DeadLetter>> deadLetters() {
    return deadLetters.readRecordsToList();
  }

  /** The de-duplication state of {@code device} in the topology's store, or null. */
  DeviceDedupState dedupState(String device) {
    return driver
        .<String, DeviceDedupState>getKeyValueStore(SiteAqiTopology.DEDUP_DEVICE_STORE)
        .get(device);
  }

  /** The value of a metric by name, e.g. {@code duplicate-readings-total}. */
  Object metric(String name) {
    Map<MetricName, ? extends Metric> metrics = driver.metrics();
    return metrics.entrySet().stream()
        .filter(e -> e.getKey().name().equals(name))
        .map(e -> e.getValue().metricValue())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no metric " + name));
  }

  @Override
  public void close() {
    driver.close();
  }
}
