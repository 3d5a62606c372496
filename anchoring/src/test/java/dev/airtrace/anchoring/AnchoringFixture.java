package dev.airtrace.anchoring;

import dev.airtrace.anchoring.chain.AnchorSigner;
import dev.airtrace.anchoring.chain.ChainClient;
import dev.airtrace.anchoring.chain.Chains;
import dev.airtrace.anchoring.chain.TxReceipt;
import dev.airtrace.anchoring.epoch.EpochBuilder;
import dev.airtrace.anchoring.epoch.EpochPolicy;
import dev.airtrace.anchoring.kafka.KafkaEpochStore;
import dev.airtrace.anchoring.kafka.KafkaHeaderDeadLetters;
import dev.airtrace.anchoring.kafka.KafkaMerkleBatchHeaderSource;
import dev.airtrace.anchoring.proof.ProofAssembler;
import dev.airtrace.anchoring.state.EpochRecord;
import dev.airtrace.anchoring.state.EpochState;
import dev.airtrace.core.deadletter.DeadLetter;
import dev.airtrace.core.integrity.BatchHeader;
import dev.airtrace.localstack.AnvilService;
import dev.airtrace.localstack.KafkaService;
import dev.airtrace.localstack.Services;
import dev.airtrace.topics.Topic;
import dev.airtrace.topics.Topics;
import dev.airtrace.topics.gateway.BatchHeaderJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * One real anvil chain with the committed RootAnchor deployed, unique Kafka topics on the shared
 * broker, a batch-header producer, and the anchoring service wired as in production (Kafka source,
 * Kafka epoch store, web3j client). Closes everything it opened.
 */
final class AnchoringFixture implements AutoCloseable {
  /** Anvil dev account 0's published test key (funded on every anvil dev chain; loopback only). */
  static final String DEV_KEY = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

  final AnvilService anvil;
  final KafkaService kafka;
  final ChainClient chain;
  final AnchorSigner signer;
  final String contract;
  final TxReceipt deployReceipt;
  final String headersTopic;
  final String epochsTopic;
  final String deadLettersTopic;
  final String group;
  private final KafkaProducer<String, byte[]> producer;
  private AnchoringRuntime runtime;

  AnchoringFixture() {
    this.anvil = AnvilService.launch();
    this.kafka = Services.kafka();
    this.chain = Chains.connect(anvil.rpcUrl(), Duration.ofSeconds(5));
    this.signer = Chains.signer(DEV_KEY);
    if (!anvil.accounts().contains(signer.address())) {
      throw new IllegalStateException(signer.address() + " is not an anvil dev account");
    }
    this.deployReceipt =
        ContractDeployer.deploy(
            chain, signer, ContractDeployer.bytecode(artifact()), Duration.ofSeconds(30));
    this.contract = deployReceipt.contractAddress();
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    this.headersTopic = KafkaMerkleBatchHeaderSource.TOPIC + "." + suffix;
    this.epochsTopic = KafkaEpochStore.TOPIC + "." + suffix;
    this.deadLettersTopic = KafkaHeaderDeadLetters.TOPIC + "." + suffix;
    this.group = "airtrace-anchoring-" + suffix;
    kafka.createTopics(1, headersTopic);
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  static Path artifact() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("contracts/RootAnchor.json");
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("contracts/RootAnchor.json not found above the working dir");
  }

  /** Starts the service: epochs of {@code headersPerEpoch}, {@code inclusionTimeout} as T. */
  AnchoringRuntime start(int headersPerEpoch, Duration inclusionTimeout) {
    TransactionPolicy transactions =
        TransactionPolicy.builder(contract)
            .inclusionTimeout(inclusionTimeout)
            .backoff(Duration.ofMillis(200), Duration.ofSeconds(1))
            .build();
    AnchoringConfig config =
        AnchoringConfig.builder(kafka.bootstrapServers(), anvil.rpcUrl(), DEV_KEY, contract)
            .topics(group, headersTopic, epochsTopic)
            .deadLettersTopic(deadLettersTopic)
            .transactions(transactions)
            .epochs(new EpochPolicy(Duration.ofHours(1), headersPerEpoch))
            .pollInterval(Duration.ofMillis(200))
            .build();
    runtime = AnchoringRuntime.start(config, Clock.systemUTC());
    return runtime;
  }

  /** Stops the service and closes its clients, as a process exit would. */
  void stopService() {
    if (runtime != null) {
      runtime.close();
      runtime = null;
    }
  }

  void produce(BatchHeader header) {
    try {
      producer
          .send(
              new ProducerRecord<>(
                  headersTopic, EpochBuilder.key(header), BatchHeaderJson.encode(header)))
          .get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not produce " + header, e);
    }
  }

  /** Produces {@code value} as it is to the header topic under {@code key}. */
  void produceRaw(String key, byte[] value) {
    try {
      producer.send(new ProducerRecord<>(headersTopic, key, value)).get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not produce to " + headersTopic, e);
    }
  }

  /** Every record on the dead-letter topic so far: (key, dead letter), in offset order. */
  List<Map.Entry<String, DeadLetter>> deadLetters() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    Topic<String, DeadLetter> t = Topics.ANCHORING_DEAD_LETTERS;
    try (KafkaConsumer<String, DeadLetter> c =
        new KafkaConsumer<>(p, t.keySerde().deserializer(), t.valueSerde().deserializer())) {
      List<TopicPartition> parts =
          c.partitionsFor(deadLettersTopic, Duration.ofSeconds(10)).stream()
              .map(i -> new TopicPartition(i.topic(), i.partition()))
              .toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      List<Map.Entry<String, DeadLetter>> out = new ArrayList<>();
      while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
        for (ConsumerRecord<String, DeadLetter> r : c.poll(Duration.ofMillis(200))) {
          out.add(new AbstractMap.SimpleImmutableEntry<>(r.key(), r.value()));
        }
      }
      return out;
    }
  }

  void produceAll(List<BatchHeader> headers) {
    headers.forEach(this::produce);
  }

  List<EpochRecord> epochs() {
    return runtime.epochs();
  }

  Optional<EpochRecord> epochOf(BatchHeader header) {
    return runtime.epochOf(header);
  }

  ProofAssembler proofs() {
    return runtime.proofs();
  }

  Optional<EpochRecord> epoch(long seq) {
    return epochs().stream().filter(e -> e.seq() == seq).findFirst();
  }

  boolean allIn(EpochState state, int count) {
    List<EpochRecord> all = epochs();
    return all.size() == count && all.stream().allMatch(e -> e.state() == state);
  }

  /** What a restarted process would load from the epochs topic. */
  List<EpochRecord> storedEpochs() {
    try (KafkaEpochStore reader = KafkaEpochStore.open(kafka.bootstrapServers(), epochsTopic)) {
      return reader.loadAll();
    }
  }

  @Override
  public void close() {
    stopService();
    producer.close(Duration.ofSeconds(5));
    chain.close();
    anvil.close();
  }
}
