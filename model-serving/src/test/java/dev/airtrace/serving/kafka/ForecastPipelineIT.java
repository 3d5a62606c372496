package dev.airtrace.serving.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.airtrace.core.deadletter.DeadLetter;
import dev.airtrace.core.deadletter.RejectReason;
import dev.airtrace.inference.InferenceConfig;
import dev.airtrace.inference.InferenceEngine;
import dev.airtrace.inference.InferenceEngines;
import dev.airtrace.inference.Model;
import dev.airtrace.inference.ModelManifest;
import dev.airtrace.localstack.KafkaService;
import dev.airtrace.localstack.Services;
import dev.airtrace.serving.ModelServer;
import dev.airtrace.serving.ServingConfig;
import dev.airtrace.serving.batching.ServingBatchConfig;
import dev.airtrace.serving.model.RepositoryModelSource;
import dev.airtrace.serving.testdata.FeatureRecords;
import dev.airtrace.serving.testdata.Golden;
import dev.airtrace.serving.testdata.Repositories;
import dev.airtrace.serving.testdata.Schemas;
import dev.airtrace.serving.testdata.TestModels;
import dev.airtrace.topics.deadletter.DeadLetterJson;
import dev.airtrace.topics.serving.Forecast;
import dev.airtrace.topics.serving.ForecastJson;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feature windows in, forecasts out, on the real broker: the forecast values equal a direct run of
 * the same model version, unusable records reach the dead-letter topic with their original bytes,
 * and the group's offsets are committed once everything is answered.
 */
@Timeout(180)
class ForecastPipelineIT {
  private static final long ISSUE = 1_764_057_600_000L;
  private static final int ROW = Golden.HOURS * Golden.CHANNELS;

  @TempDir Path dir;

  @Test
  void shouldForecastEveryWindowExactlyAsTheModelDoesAndDeadLetterTheRest() throws Exception {
    KafkaService kafka = Services.kafka();
    String ns = "serving-it-" + Long.toString(System.nanoTime(), 36);
    KafkaPathConfig k =
        KafkaPathConfig.builder(kafka.bootstrapServers())
            .topics(ns + ".features", ns + ".forecasts", ns + ".dlq")
            .groupId(ns + "-group")
            .consumers(2)
            .build();
    kafka.createTopics(3, k.featuresTopic());
    kafka.createTopics(1, k.forecastsTopic(), k.deadLetterTopic());
    Path repo = Repositories.withVersions(dir.resolve("repo"), 1, 2);
    float[] input = Golden.input(repo, 2);
    float[] expected = runDirectly(repo.resolve("pm25-forecast/2/model.json"), input);

    byte[] malformed = "{\"siteId\":\"site-x\",".getBytes(StandardCharsets.UTF_8);
    byte[] tooShort = FeatureRecords.window("site-short", ISSUE, Golden.rows(input, ROW / 2, 0, 1));
    try (KafkaProducer<String, byte[]> producer = producer(kafka)) {
      for (int i = 0; i < Golden.ROWS; i++) {
        String site = "site-" + i;
        producer.send(
            new ProducerRecord<>(
                k.featuresTopic(),
                site,
                FeatureRecords.window(site, ISSUE, Golden.rows(input, ROW, i, i + 1))));
      }
      producer.send(new ProducerRecord<>(k.featuresTopic(), "site-x", malformed));
      producer.send(new ProducerRecord<>(k.featuresTopic(), "site-short", tooShort));
      producer.flush();
    }

    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (RepositoryModelSource source =
            RepositoryModelSource.open(
                InferenceConfig.cpu(), repo, TestModels.FORECASTER, Duration.ZERO, registry);
        ModelServer server =
            ModelServer.start(
                ServingConfig.builder()
                    .repository(repo, TestModels.FORECASTER)
                    .batcher(ServingBatchConfig.builder().maxBatch(4).build())
                    .http(new InetSocketAddress("127.0.0.1", 0))
                    .kafka(k)
                    .build(),
                source,
                registry,
                null)) {
      Map<String, byte[]> forecasts = new ConcurrentHashMap<>();
      List<DeadLetter> deadLetters = new ArrayList<>();
      try (KafkaConsumer<String, byte[]> out = consumer(kafka, ns)) {
        out.subscribe(List.of(k.forecastsTopic(), k.deadLetterTopic()));
        await()
            .atMost(TestModels.atMost(Duration.ofSeconds(90)))
            .until(
                () -> {
                  for (ConsumerRecord<String, byte[]> r : out.poll(Duration.ofMillis(200))) {
                    if (r.topic().equals(k.forecastsTopic())) {
                      forecasts.put(r.key(), r.value());
                    } else {
                      deadLetters.add(DeadLetterJson.decode(r.value()));
                    }
                  }
                  return forecasts.size() == Golden.ROWS && deadLetters.size() == 2;
                });
      }

      for (int i = 0; i < Golden.ROWS; i++) {
        byte[] json = forecasts.get("site-" + i);
        assertThat(Schemas.errors("forecast.v1.schema.json", json)).isEmpty();
        Forecast f = ForecastJson.decode(json);
        assertThat(f.siteId()).isEqualTo("site-" + i);
        assertThat(f.issueTime()).isEqualTo(ISSUE);
        assertThat(f.model()).isEqualTo("pm25-forecast@2");
        assertThat(f.accelerator()).isEqualTo("ort-cpu");
        assertThat(f.horizonsHours()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(f.pm25())
            .as("site-%d", i)
            .containsExactly(Golden.rows(expected, Golden.HORIZONS, i, i + 1));
      }
      Map<RejectReason, DeadLetter> byReason =
          deadLetters.stream().collect(Collectors.toMap(DeadLetter::reason, d -> d));
      assertThat(byReason)
          .containsOnlyKeys(RejectReason.UNDECODABLE_RECORD, RejectReason.SCHEMA_VIOLATION);
      assertThat(byReason.get(RejectReason.UNDECODABLE_RECORD).payload()).isEqualTo(malformed);
      assertThat(byReason.get(RejectReason.UNDECODABLE_RECORD).source())
          .startsWith("kafka:" + k.featuresTopic() + "/");
      assertThat(byReason.get(RejectReason.SCHEMA_VIOLATION).payload()).isEqualTo(tooShort);
      assertThat(byReason.get(RejectReason.SCHEMA_VIOLATION).detail()).contains("needs 48");
      await()
          .atMost(TestModels.atMost(Duration.ofSeconds(30)))
          .untilAsserted(() -> assertThat(committed(kafka, k)).isEqualTo(10L));
    }
  }

  /** The reference: the same model version run directly through the inference module. */
  private static float[] runDirectly(Path sidecar, float[] input) {
    try (InferenceEngine engine = InferenceEngines.create(InferenceConfig.cpu());
        Model model = engine.load(ModelManifest.read(sidecar))) {
      return model.run(FloatBuffer.wrap(input), Golden.ROWS).get("pm2_5");
    }
  }

  private static long committed(KafkaService kafka, KafkaPathConfig k) throws Exception {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    try (Admin admin = Admin.create(p)) {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin.listConsumerGroupOffsets(k.groupId()).partitionsToOffsetAndMetadata().get();
      var ends =
          admin
              .listOffsets(
                  offsets.keySet().stream()
                      .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())))
              .all()
              .get();
      ends.forEach(
          (tp, end) ->
              assertThat(offsets.get(tp).offset()).as(tp.toString()).isEqualTo(end.offset()));
      return offsets.values().stream().mapToLong(OffsetAndMetadata::offset).sum();
    }
  }

  private static KafkaProducer<String, byte[]> producer(KafkaService kafka) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  private static KafkaConsumer<String, byte[]> consumer(KafkaService kafka, String ns) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, ns + "-reader");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
  }
}
