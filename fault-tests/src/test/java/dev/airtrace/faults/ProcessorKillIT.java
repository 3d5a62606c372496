package dev.airtrace.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.airtrace.core.GatewayId;
import dev.airtrace.core.Reading;
import dev.airtrace.localstack.TestWaits;
import dev.airtrace.simulator.FaultMix;
import dev.airtrace.simulator.PlannedMessage;
import dev.airtrace.simulator.SimulationPlan;
import dev.airtrace.simulator.Simulator;
import dev.airtrace.topics.Topic;
import dev.airtrace.topics.TopicProvisioner;
import dev.airtrace.topics.Topics;
import dev.airtrace.topics.gateway.AcceptedReading;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Scenario b: the stream processor (exactly-once v2) is killed with SIGKILL while it works through
 * a backlog of readings and restarted; what it committed to site-hourly, site-aqi and site-features
 * (read with {@code read_committed}) equals, record for record, what a clean run of another
 * application id wrote from the same input. The readings topic has one partition so both runs see
 * one deterministic order (with several partitions the interleaving of the repartition topic, and
 * with it which readings are late, may differ between any two runs: issue #10).
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ProcessorKillIT {
  private static final List<Topic<?, ?>> OUTPUTS =
      List.of(Topics.SITE_HOURLY, Topics.SITE_AQI, Topics.SITE_FEATURES);

  @Test
  void shouldCommitExactlyTheOutputsOfACleanRunWhenKilledMidStream() throws Exception {
    FaultProfile profile = FaultProfile.current();
    String ns = TestWaits.uniqueName("eos");
    SimulationPlan plan =
        new Simulator(
                Scenarios.fleet(ns, profile, 4 * profile.hours(), 0).toBuilder()
                    .faults(FaultMix.none())
                    .build())
            .plan();

    try (FaultStack stack = FaultStack.start("processor-kill");
        Admin admin =
            Admin.create(
                Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    stack.kafka().bootstrapServers()))) {
      String bootstrap = stack.kafka().bootstrapServers();
      try (TopicProvisioner provisioner = TopicProvisioner.create(bootstrap)) {
        List<Topic<?, ?>> all = new ArrayList<>(OUTPUTS);
        all.add(Topics.READINGS);
        all.add(Topics.PROCESSOR_DEAD_LETTERS);
        provisioner.createMissing(
            all.stream().map(Topic::request).toList(),
            TopicProvisioner.Defaults.of(1, (short) 1),
            Duration.ofSeconds(30));
      }
      long input = produce(bootstrap, plan);

      ChildJvm clean = stack.startProcessor(ns + "-clean", "--topic-partitions", "1");
      awaitCaughtUp(admin, ns + "-clean", input);
      // The readings are consumed; the windows behind the repartition topic may still be working.
      awaitStableOutputs(admin);
      clean.close();
      Map<String, List<String>> expected = outputs(bootstrap);

      String app = ns + "-killed";
      ChildJvm killed = stack.startProcessor(app, "--topic-partitions", "1");
      await("the processor committed part of the input")
          .atMost(TestWaits.atMost(Duration.ofSeconds(120)))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> committed(admin, app) > 0);
      long at = committed(admin, app);
      long pid = killed.pid();
      killed.kill();
      ChildJvm restarted = stack.startProcessor(app, "--topic-partitions", "1");
      awaitCaughtUp(admin, app, input);
      await(app + " wrote as many outputs as the clean run")
          .atMost(TestWaits.atMost(Duration.ofSeconds(60)))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  outputs(bootstrap).entrySet().stream()
                      .allMatch(e -> e.getValue().size() >= 2 * expected.get(e.getKey()).size()));
      restarted.close();
      Map<String, List<String>> both = outputs(bootstrap);

      int records = 0;
      int differing = 0;
      for (Topic<?, ?> t : OUTPUTS) {
        List<String> cleanRun = expected.get(t.name());
        List<String> all = both.get(t.name());
        // The killed run's committed records follow the clean run's on each output topic.
        List<String> killedRun = all.subList(cleanRun.size(), all.size());
        records += cleanRun.size();
        differing += cleanRun.equals(killedRun) ? 0 : 1;
      }
      Audit audit = new Audit(plan.published(), plan.published(), 0, 0, 0, 0, 0, List.of());
      FaultTable.row(
          "b) processor kill -9 under exactly-once (" + profile.name() + ")",
          audit,
          "killed pid "
              + pid
              + " after committing "
              + at
              + " of "
              + input
              + " input offsets; "
              + records
              + " committed output records (site-hourly, aqi, features) "
              + (differing == 0 ? "identical" : "DIFFER on " + differing + " topics")
              + " to a clean run");
      for (Topic<?, ?> t : OUTPUTS) {
        List<String> cleanRun = expected.get(t.name());
        List<String> all = both.get(t.name());
        assertThat(all.subList(cleanRun.size(), all.size())).as(t.name()).isEqualTo(cleanRun);
      }
      assertThat(expected.get(Topics.SITE_HOURLY.name())).isNotEmpty();
      assertThat(at).as("killed mid-stream, before it committed the whole input").isLessThan(input);
    }
  }

  /**
   * Writes the plan's readings to the readings topic as a gateway would; returns the end offset.
   */
  private static long produce(String bootstrap, SimulationPlan plan) throws Exception {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    GatewayId gateway = new GatewayId("fault-gw");
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p)) {
      for (PlannedMessage m : plan.messages()) {
        Reading r =
            new Reading(
                m.deviceId(),
                m.siteId(),
                m.eventTime(),
                m.sequence(),
                m.values(),
                null,
                gateway,
                m.publishAt());
        producer.send(
            new ProducerRecord<>(
                Topics.READINGS.name(),
                m.deviceId().value(),
                Topics.READINGS
                    .valueSerde()
                    .serializer()
                    .serialize(Topics.READINGS.name(), AcceptedReading.of(r))));
      }
      producer.flush();
    }
    return plan.published();
  }

  private static void awaitCaughtUp(Admin admin, String app, long input) {
    await(app + " caught up with the input")
        .atMost(TestWaits.atMost(Duration.ofSeconds(180)))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> committed(admin, app) >= input);
  }

  /** Waits until the committed output end offsets stay the same for five seconds. */
  private static void awaitStableOutputs(Admin admin) {
    AtomicReference<Map<String, Long>> last = new AtomicReference<>(Map.of());
    await("outputs stable")
        .atMost(TestWaits.atMost(Duration.ofSeconds(90)))
        .pollInterval(Duration.ofMillis(500))
        .during(Duration.ofSeconds(5))
        .until(
            () -> {
              Map<String, Long> now = outputEnds(admin);
              return now.equals(last.getAndSet(now));
            });
  }

  /** The last stable offset (end of committed data) of each output topic. */
  private static Map<String, Long> outputEnds(Admin admin) throws Exception {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    OUTPUTS.forEach(t -> request.put(new TopicPartition(t.name(), 0), OffsetSpec.latest()));
    Map<String, Long> ends = new TreeMap<>();
    admin
        .listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
        .all()
        .get(10, TimeUnit.SECONDS)
        .forEach((tp, info) -> ends.put(tp.topic(), info.offset()));
    return ends;
  }

  /** The application's committed offset on the readings topic (0 when none yet). */
  private static long committed(Admin admin, String app) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> offsets =
        admin
            .listConsumerGroupOffsets(app)
            .partitionsToOffsetAndMetadata()
            .get(10, TimeUnit.SECONDS);
    OffsetAndMetadata o = offsets.get(new TopicPartition(Topics.READINGS.name(), 0));
    return o == null ? 0 : o.offset();
  }

  /** Every committed record of each output topic, as "key value" strings in offset order. */
  private static Map<String, List<String>> outputs(String bootstrap) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    Map<String, List<String>> out = new TreeMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
      List<TopicPartition> partitions =
          OUTPUTS.stream().map(t -> new TopicPartition(t.name(), 0)).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      partitions.forEach(tp -> out.put(tp.topic(), new ArrayList<>()));
      await("read every committed output")
          .atMost(TestWaits.atMost(Duration.ofSeconds(60)))
          .until(
              () -> {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                  out.get(r.topic()).add(new String(r.key()) + " " + new String(r.value()));
                }
                return partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
              });
    }
    return out.entrySet().stream()
        .collect(
            Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
  }
}
