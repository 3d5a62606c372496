package dev.airtrace.gateway;

import static dev.airtrace.gateway.testdata.Integration.atMost;
import static dev.airtrace.gateway.testdata.Integration.uniqueName;
import static dev.airtrace.gateway.testdata.SensorPayloads.aSensorMessage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.airtrace.core.Reading;
import dev.airtrace.core.integrity.BatchHeader;
import dev.airtrace.core.integrity.BatchRef;
import dev.airtrace.core.integrity.Ed25519;
import dev.airtrace.core.integrity.InclusionProof;
import dev.airtrace.core.integrity.LeafEncoding;
import dev.airtrace.core.integrity.MerkleTree;
import dev.airtrace.core.integrity.MerkleVerifier;
import dev.airtrace.gateway.integrity.AckAfterSeal;
import dev.airtrace.gateway.integrity.IntegrityConfig;
import dev.airtrace.gateway.outbox.FaultPoints;
import dev.airtrace.gateway.outbox.OutboxConfig;
import dev.airtrace.gateway.testdata.Integration;
import dev.airtrace.gateway.testdata.SensorPayloads;
import dev.airtrace.gateway.testdata.TopicReader;
import dev.airtrace.localstack.KafkaService;
import dev.airtrace.localstack.Services;
import dev.airtrace.mqtt.MqttPublisher;
import dev.airtrace.topics.gateway.BatchHeaderJson;
import dev.airtrace.topics.gateway.ReadingJson;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Merkle batches stay provable across crashes: a real gateway in a child JVM ({@link
 * MerkleCrashChild}; outbox on, integrity on, the default {@link AckAfterSeal#WITH_OUTBOX}) takes
 * sensor messages from a real mosquitto and is halted ({@code Runtime.halt(137)}, like {@code kill
 * -9}) at a fault point mid-stream; a restarted gateway on the same state directory and outbox
 * takes the redelivered and the remaining messages and drains. Then, reading Kafka as an auditor
 * would: every published reading is delivered; every delivered reading has exactly one signed
 * header for its batch whose root proves it ({@link MerkleVerifier#verifyInclusion}); every header
 * has all its readings; no two headers share a {@code seq}; the header seqs have no gap (the batch
 * counter is part of each pass's atomic outbox write, {@code OutboxBatchCounter}).
 *
 * <p>{@link #shouldLeaveDeliveredReadingsWithoutAHeaderWhenMessagesDoNotWaitForTheSeal} runs the
 * same crash with {@link AckAfterSeal#NEVER} and shows the check catching the gap this closes.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class MerkleCrashIT {
  private static final Duration AT_MOST = atMost(Duration.ofSeconds(90));
  private static final int MESSAGES = 60;
  private static final int CHUNK = 10;

  private final KafkaService kafka = Services.kafka();
  private final String mqttUri = Services.mosquitto().serverUri();

  @TempDir Path tmp;

  /** The gateway both runs use: outbox and integrity on, site-only subscription. */
  static GatewayConfig config(
      Path state,
      String mqttUri,
      String bootstrap,
      String ns,
      String site,
      AckAfterSeal ackAfterSeal,
      Duration batchMaxAge) {
    GatewayTopics topics =
        new GatewayTopics(
            "it." + ns + ".readings", "it." + ns + ".aggregates", "it." + ns + ".dlq");
    return Integration.gateway(ns, mqttUri, bootstrap, site, topics)
        .integrity(
            IntegrityConfig.builder()
                .headersTopic(headersTopic(ns))
                .sealing(IntegrityConfig.DEFAULT_MAX_LEAVES, batchMaxAge)
                .stateDirectory(state)
                .ackAfterSeal(ackAfterSeal)
                .build())
        .outbox(OutboxConfig.defaults())
        .build();
  }

  private static String headersTopic(String ns) {
    return "it." + ns + ".batch-headers";
  }

  @ParameterizedTest(name = "halt at {0}")
  @ValueSource(
      strings = {
        "outbox.before-append:halt@3",
        "outbox.after-write:halt@3",
        "outbox.after-fsync:halt@3",
        "outbox.after-ack:halt@3",
        "gateway.mid-pass:halt@15"
      })
  void shouldProveEveryDeliveredReadingWithExactlyOneHeaderAfterAKillAt(String fault)
      throws Exception {
    Audit audit = crashRestartAndAudit(fault, AckAfterSeal.WITH_OUTBOX, Duration.ofSeconds(10));

    assertThat(audit.distinctReadings).as("published readings delivered").hasSize(MESSAGES);
    assertThat(audit.unprovable).as("readings without a header that proves them").isEmpty();
    assertThat(audit.incompleteHeaders).as("headers missing readings").isEmpty();
    assertThat(audit.conflictingSeqs).as("seqs with two different headers").isEmpty();
    assertThat(audit.badSignatures).as("headers not signed by the gateway's key").isZero();
    // The batch counter is stored in the same atomic write as its pass: a pass that died before
    // its write leaves no counter behind, and the restarted gateway hands that seq out again.
    assertThat(audit.seqGaps).as("skipped seqs").isEmpty();
    assertThat(audit.duplicateDeadLetters).as("dead letters (none expected)").isZero();
  }

  @Test
  void shouldLeaveDeliveredReadingsWithoutAHeaderWhenMessagesDoNotWaitForTheSeal()
      throws Exception {
    // The pre-outbox default: acknowledged once appended, batch sealed by age (here 10 min, so
    // the crashed run's batch never seals).
    Audit audit =
        crashRestartAndAudit("outbox.after-ack:halt@3", AckAfterSeal.NEVER, Duration.ofMinutes(10));

    assertThat(audit.distinctReadings).as("published readings delivered").hasSize(MESSAGES);
    assertThat(audit.unprovable).as("readings without a header").isNotEmpty();
  }

  /** What an auditor finds on the readings and headers topics after the crash and the restart. */
  private record Audit(
      Set<String> distinctReadings,
      List<String> unprovable,
      List<Long> incompleteHeaders,
      List<Long> conflictingSeqs,
      long badSignatures,
      List<Long> seqGaps,
      long duplicateDeadLetters) {}

  private Audit crashRestartAndAudit(String fault, AckAfterSeal mode, Duration maxAge)
      throws Exception {
    String ns = uniqueName("mcr");
    String site = ns + "-site";
    GatewayTopics topics = Integration.createTopics(kafka, ns, 1);
    kafka.createTopics(1, headersTopic(ns));
    Path state = tmp.resolve("state");
    long t0 = System.currentTimeMillis() - Duration.ofMinutes(10).toMillis();
    List<SensorPayloads> messages = new ArrayList<>();
    for (int i = 0; i < MESSAGES; i++) {
      messages.add(
          aSensorMessage()
              .site(site)
              .device("d" + (i % 3))
              .sequence(i / 3 + 1)
              .at(t0 + i * 1_000L));
    }
    int published = 0;
    Child child =
        Child.start(tmp, fault, state, mqttUri, kafka.bootstrapServers(), ns, site, mode, maxAge);
    try (MqttPublisher publisher = Integration.publisher(mqttUri, ns);
        TopicReader readings = new TopicReader(kafka.bootstrapServers(), topics.readings())) {
      await().atMost(AT_MOST).until(() -> child.ready || !child.process.isAlive());
      assertThat(child.ready).as("child subscribed before the fault").isTrue();
      // Chunks, each waited for, so that the child runs several passes before the fault point.
      while (published < MESSAGES && child.process.isAlive()) {
        for (int i = 0; i < CHUNK; i++, published++) {
          SensorPayloads p = messages.get(published);
          publisher.publish(p.topic(), p.payload());
        }
        int expected = published;
        await()
            .atMost(AT_MOST)
            .until(() -> !child.process.isAlive() || readings.drain().size() >= expected);
      }
      assertThat(child.process.waitFor(AT_MOST.toSeconds(), TimeUnit.SECONDS)).isTrue();
      assertThat(child.process.exitValue()).as("child halted at " + fault).isEqualTo(137);
      // The rest of the stream waits in the broker for the gateway's persistent session.
      for (; published < MESSAGES; published++) {
        SensorPayloads p = messages.get(published);
        publisher.publish(p.topic(), p.payload());
      }
    }

    GatewayConfig config = config(state, mqttUri, kafka.bootstrapServers(), ns, site, mode, maxAge);
    try (TopicReader readings = new TopicReader(kafka.bootstrapServers(), topics.readings());
        TopicReader headers = new TopicReader(kafka.bootstrapServers(), headersTopic(ns));
        TopicReader deadLetters = new TopicReader(kafka.bootstrapServers(), topics.deadLetters())) {
      PublicKey key;
      try (EdgeGateway restarted = EdgeGateway.create(config, new SimpleMeterRegistry())) {
        restarted.start();
        key = Ed25519.publicKeyFromBase64(restarted.signingPublicKey().orElseThrow());
        await().atMost(AT_MOST).until(() -> distinct(readings.drain()).size() == MESSAGES);
        await()
            .atMost(AT_MOST)
            .until(
                () ->
                    restarted.snapshot().outbox().backlogRecords() == 0
                        && restarted.snapshot().inFlight() == 0);
      } // graceful close: seals and delivers an open batch (NEVER mode), drains the outbox
      // Read every topic to its end: one poll of a reader that sat idle through the run can come
      // back empty on a loaded machine (seen: "0 headers" with every header in Kafka).
      await().atMost(AT_MOST).until(readings::drainedToEnd);
      await().atMost(AT_MOST).until(headers::drainedToEnd);
      await().atMost(AT_MOST).until(deadLetters::drainedToEnd);
      Audit audit = audit(readings.records(), headers.records(), key, deadLetters.records().size());
      System.out.printf(
          "MerkleCrashIT %s %s: %d readings published, %d reading records delivered (%d"
              + " distinct), %d headers, %d unprovable, seq gaps %s%n",
          fault,
          mode,
          MESSAGES,
          readings.records().size(),
          audit.distinctReadings.size(),
          headers.records().size(),
          audit.unprovable.size(),
          audit.seqGaps);
      return audit;
    } finally {
      child.process.destroyForcibly();
    }
  }

  private static Set<String> distinct(List<ConsumerRecord<String, byte[]>> records) {
    Set<String> out = new HashSet<>();
    for (ConsumerRecord<String, byte[]> r : records) {
      Reading reading = ReadingJson.decode(r.value());
      out.add(reading.deviceId().value() + "#" + reading.sequence());
    }
    return out;
  }

  private static Audit audit(
      List<ConsumerRecord<String, byte[]>> readingRecords,
      List<ConsumerRecord<String, byte[]>> headerRecords,
      PublicKey key,
      long deadLetters) {
    // Leaves by batch seq and index; a record sent twice (a delete lost in the crash) repeats the
    // same leaf, anything else at the same place would be a conflict.
    Map<Long, Map<Long, byte[]>> leaves = new HashMap<>();
    Map<String, BatchRef> refOf = new HashMap<>();
    for (ConsumerRecord<String, byte[]> r : readingRecords) {
      Reading reading = ReadingJson.decode(r.value());
      BatchRef ref = ReadingJson.batchRef(r.value()).orElseThrow();
      byte[] leaf = LeafEncoding.leafHash(reading);
      byte[] before =
          leaves.computeIfAbsent(ref.seq(), s -> new TreeMap<>()).put(ref.index(), leaf);
      assertThat(before == null || Arrays.equals(before, leaf))
          .as("one leaf per (seq, index)")
          .isTrue();
      refOf.put(reading.deviceId().value() + "#" + reading.sequence() + "@" + ref, ref);
    }
    Map<Long, Set<String>> rootsBySeq = new TreeMap<>();
    Map<Long, BatchHeader> headerBySeq = new TreeMap<>();
    long badSignatures = 0;
    for (ConsumerRecord<String, byte[]> r : headerRecords) {
      BatchHeader h = BatchHeaderJson.decode(r.value());
      if (!h.verifySignature(key)) {
        badSignatures++;
      }
      rootsBySeq.computeIfAbsent(h.seq(), s -> new HashSet<>()).add(Arrays.toString(h.root()));
      headerBySeq.put(h.seq(), h);
    }
    List<String> unprovable = new ArrayList<>();
    for (Map.Entry<String, BatchRef> e : refOf.entrySet()) {
      BatchRef ref = e.getValue();
      BatchHeader h = headerBySeq.get(ref.seq());
      Map<Long, byte[]> batch = leaves.get(ref.seq());
      if (h == null || batch.size() != h.size() || ref.index() >= h.size()) {
        unprovable.add(e.getKey());
        continue;
      }
      MerkleTree tree = MerkleTree.fromLeafHashes(List.copyOf(batch.values()));
      InclusionProof proof = tree.inclusionProof((int) ref.index());
      if (!MerkleVerifier.verifyInclusion(
          ref.index(), h.size(), batch.get(ref.index()), proof.path(), h.root())) {
        unprovable.add(e.getKey());
      }
    }
    List<Long> incomplete = new ArrayList<>();
    for (BatchHeader h : headerBySeq.values()) {
      Map<Long, byte[]> batch = leaves.get(h.seq());
      if (batch == null || batch.size() != h.size()) {
        incomplete.add(h.seq());
      }
    }
    List<Long> conflicting = new ArrayList<>();
    rootsBySeq.forEach(
        (seq, roots) -> {
          if (roots.size() > 1) {
            conflicting.add(seq);
          }
        });
    TreeSet<Long> seqs = new TreeSet<>(headerBySeq.keySet());
    seqs.addAll(leaves.keySet());
    List<Long> gaps = new ArrayList<>();
    if (!seqs.isEmpty()) {
      for (long s = seqs.first(); s <= seqs.last(); s++) {
        if (!seqs.contains(s)) {
          gaps.add(s);
        }
      }
    }
    return new Audit(
        distinct(readingRecords),
        unprovable,
        incomplete,
        conflicting,
        badSignatures,
        gaps,
        deadLetters);
  }

  /** The crashing gateway's process and what it printed. */
  private static final class Child {
    final Process process;
    volatile boolean ready;

    private Child(Process process) {
      this.process = process;
    }

    static Child start(
        Path tmp,
        String fault,
        Path state,
        String mqttUri,
        String bootstrap,
        String ns,
        String site,
        AckAfterSeal mode,
        Duration maxAge)
        throws Exception {
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.add("-cp");
      cmd.add(System.getProperty("java.class.path"));
      cmd.add("-D" + FaultPoints.PROPERTY + "=" + fault);
      cmd.add(MerkleCrashChild.class.getName());
      cmd.addAll(
          List.of(state.toString(), mqttUri, bootstrap, ns, site, mode.name(), maxAge.toString()));
      Process p =
          new ProcessBuilder(cmd)
              .redirectError(tmp.resolve("child-" + ns + ".err").toFile())
              .start();
      Child child = new Child(p);
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader in =
                    new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                  String line;
                  while ((line = in.readLine()) != null) {
                    if (line.equals("READY")) {
                      child.ready = true;
                    }
                  }
                } catch (java.io.IOException e) {
                  // the child died; its exit code tells the test
                }
              },
              "merkle-crash-child-out");
      reader.setDaemon(true);
      reader.start();
      return child;
    }
  }
}
