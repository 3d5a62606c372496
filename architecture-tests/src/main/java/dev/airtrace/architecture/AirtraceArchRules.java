package dev.airtrace.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;

/**
 * Every ArchUnit rule of airtrace, in one place. Each rule says in its {@code because(...)} how to
 * fix a violation. {@code ArchitectureTest} checks them against the classes of every module; which
 * rules also hold in test code is decided there.
 *
 * <p>The common shape: a vendor or native library sits behind a small domain interface in exactly
 * one package (house style point 7), and the benchmarks' bare baselines are the one named exception
 * because they exist to measure airtrace's wrappers against the raw library.
 *
 * <p>Thread-safe: the rules are immutable.
 */
public final class AirtraceArchRules {
  /** The package of the bare vendor-library references the benchmarks measure against. */
  public static final String BENCHMARK_BASELINE = "dev.airtrace.bench.baseline";

  /** Eclipse Paho only in {@code dev.airtrace.mqtt} (and the benchmarks' bare bridge). */
  public static final ArchRule PAHO_ONLY_IN_MQTT =
      noClasses()
          .that()
          .resideInAPackage("dev.airtrace..")
          .and()
          .resideOutsideOfPackages("dev.airtrace.mqtt", BENCHMARK_BASELINE)
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.eclipse.paho..")
          .because(
              "Paho is wrapped by MqttIntake and MqttPublisher in dev.airtrace.mqtt (module mqtt);"
                  + " to fix a violation, add what you need to those interfaces (or a new one"
                  + " there) and use it through MqttClients instead of importing org.eclipse.paho."
                  + " Only the baselines in "
                  + BENCHMARK_BASELINE
                  + " (BareBridge, NoopSubscriber, their Subscription) may use Paho directly: the bare"
                  + " references the gateway is measured against");

  /** Topics are created in one place, with each topic's creation policy. */
  public static final ArchRule TOPIC_CREATION_ONLY_IN_TOPICS =
      noClasses()
          .that()
          .resideInAPackage("dev.airtrace..")
          .and()
          .resideOutsideOfPackages("dev.airtrace.topics", "dev.airtrace.localstack")
          .should()
          .dependOnClassesThat()
          .haveFullyQualifiedName("org.apache.kafka.clients.admin.NewTopic")
          .because(
              "TopicProvisioner in dev.airtrace.topics is the one owner of topic creation (each"
                  + " topic's partitions, retention and cleanup policy come from its Topic in"
                  + " Topics); to fix a violation, pass the topic's TopicRequest to"
                  + " TopicProvisioner.createMissing instead of building a NewTopic. Only the test"
                  + " brokers of local-stack create ad-hoc topics themselves");

  /** The gateway (and the MQTT and simulator code it came with) reach Kafka in one package. */
  public static final ArchRule GATEWAY_KAFKA_CLIENTS_ONLY_IN_KAFKA_PACKAGE =
      noClasses()
          .that()
          .resideInAnyPackage(
              "dev.airtrace.gateway..", "dev.airtrace.mqtt..", "dev.airtrace.simulator..")
          .and()
          .resideOutsideOfPackage("dev.airtrace.gateway.kafka")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.apache.kafka..")
          .because(
              "the gateway writes through RecordSink, implemented in dev.airtrace.gateway.kafka;"
                  + " to fix a violation, extend RecordSink or KafkaOutputConfig there instead of"
                  + " importing org.apache.kafka elsewhere");

  /** The gateway's outbox reaches RocksDB in one package. */
  public static final ArchRule GATEWAY_ROCKSDB_ONLY_IN_OUTBOX_STORAGE =
      noClasses()
          .that()
          .resideInAnyPackage("dev.airtrace.gateway..", "dev.airtrace.mqtt..")
          .and()
          .resideOutsideOfPackage("dev.airtrace.gateway.outbox.rocksdb")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.rocksdb..")
          .because(
              "the outbox stores records through OutboxLog, implemented on RocksDB in"
                  + " dev.airtrace.gateway.outbox.rocksdb; to fix a violation, extend OutboxLog"
                  + " and RocksOutboxLog there instead of importing org.rocksdb elsewhere");

  /** The simulator is a sensor fleet, not part of the gateway. */
  public static final ArchRule SIMULATOR_OFF_THE_GATEWAY =
      noClasses()
          .that()
          .resideInAPackage("dev.airtrace.simulator..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.airtrace.gateway..")
          .because(
              "the simulator is a sensor fleet: it may only publish through the MqttPublisher"
                  + " interface, so it stays usable against any broker and gateway; to fix a"
                  + " violation, move what both need to airtrace-core or airtrace-mqtt");

  /** The gateway never runs the simulator. */
  public static final ArchRule GATEWAY_OFF_THE_SIMULATOR =
      noClasses()
          .that()
          .resideInAPackage("dev.airtrace.gateway..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.airtrace.simulator..")
          .because(
              "the gateway ships without the sensor simulator (its tests use it at test scope);"
                  + " to fix a violation, move what the gateway needs into airtrace-core or the"
                  + " gateway, or drive the simulator from a test or the CLI instead");

  /** Real services on free ports are for tests, the demo and the benchmarks' load harnesses. */
  public static final ArchRule LOCAL_STACK_ONLY_IN_DEMO_AND_BENCHMARKS =
      noClasses()
          .that()
          .resideInAPackage("dev.airtrace..")
          .and()
          .resideOutsideOfPackages(
              "dev.airtrace.localstack..", "dev.airtrace.cli.demo..", "dev.airtrace.bench..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("dev.airtrace.localstack..")
          .because(
              "local-stack starts throw-away Kafka, mosquitto, influxd and anvil for tests; in main"
                  + " code only `airtrace demo` (dev.airtrace.cli.demo, Kafka in-process) and the"
                  + " benchmarks' load harnesses (dev.airtrace.bench) may use it. To fix a"
                  + " violation, take broker addresses from configuration instead, or move the"
                  + " code into the demo package or a test");

  /** Native inference stacks only behind the inference module's API. */
  public static final ArchRule NATIVE_INFERENCE_ONLY_IN_INFERENCE =
      noClasses()
          .that()
          .resideInAPackage("dev.airtrace..")
          .and()
          .resideOutsideOfPackages("dev.airtrace.inference..", BENCHMARK_BASELINE)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("ai.djl..", "ai.onnxruntime..", "org.bytedeco..")
          .because(
              "native inference stacks sit behind dev.airtrace.inference (InferenceEngine, Model,"
                  + " ModelRepository); add what you need to that API instead of importing them."
                  + " Only OrtBaseline in "
                  + BENCHMARK_BASELINE
                  + " may call ONNX Runtime directly: it is the raw ceiling the DJL path is"
                  + " benchmarked against, and it is not a production API");

  /** influxdb-java only in the sink connector package. */
  public static final ArchRule INFLUX_CLIENT_ONLY_IN_SINK_CONNECTOR =
      noClasses()
          .that()
          .resideInAPackage("dev.airtrace..")
          .and()
          .resideOutsideOfPackage("dev.airtrace.sink.influx")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.influxdb..")
          .because(
              "influxdb-java sits behind PointWriter in dev.airtrace.sink.influx; add what you need"
                  + " to that interface instead of importing org.influxdb elsewhere");

  /** The connector runs in any Connect cluster. */
  public static final ArchRule CONNECT_RUNTIME_OUT_OF_THE_CONNECTOR =
      noClasses()
          .that()
          .resideInAPackage("dev.airtrace.sink.influx")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.apache.kafka.connect.runtime..")
          .because(
              "the connector must run in any Connect cluster through connect-api only; the runtime"
                  + " is used by the standalone worker package alone");

  /** web3j (and its HTTP transport) only in the anchoring chain package. */
  public static final ArchRule WEB3J_ONLY_IN_ANCHORING_CHAIN =
      noClasses()
          .that()
          .resideInAPackage("dev.airtrace.anchoring..")
          .and()
          .resideOutsideOfPackage("dev.airtrace.anchoring.chain")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.web3j..", "okhttp3..")
          .because(
              "web3j (and its okhttp transport) is wrapped by ChainClient and AnchorSigner in"
                  + " dev.airtrace.anchoring.chain; to fix a violation, add the call you need to"
                  + " those interfaces (returning plain records) and implement it in"
                  + " Web3jChainClient or Web3jSigner instead of importing org.web3j elsewhere");

  /** The anchorer reaches Kafka in one package. */
  public static final ArchRule ANCHORING_KAFKA_CLIENTS_ONLY_IN_KAFKA_PACKAGE =
      noClasses()
          .that()
          .resideInAPackage("dev.airtrace.anchoring..")
          .and()
          .resideOutsideOfPackage("dev.airtrace.anchoring.kafka")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.apache.kafka..")
          .because(
              "the anchorer sees Kafka only through MerkleBatchHeaderSource and EpochStore; to fix a"
                  + " violation, extend those interfaces and implement them in"
                  + " dev.airtrace.anchoring.kafka");

  /** Persisted anchoring records hold plain values. */
  public static final ArchRule ANCHORING_STATE_FREE_OF_CHAIN_AND_KAFKA_TYPES =
      noClasses()
          .that()
          .resideInAnyPackage("dev.airtrace.anchoring.state..", "dev.airtrace.anchoring.epoch..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("dev.airtrace.anchoring.chain..", "dev.airtrace.anchoring.kafka..")
          .because(
              "epoch records are persisted and replayed; they hold plain values so that a change of"
                  + " chain client or store never changes their JSON");

  /** The verifier stays auditable: no Ethereum library. */
  public static final ArchRule VERIFIER_FREE_OF_ETHEREUM_LIBRARIES =
      noClasses()
          .that()
          .resideInAPackage("dev.airtrace.verify..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.web3j..", "org.hyperledger.besu..", "org.ethereum..")
          .because(
              "anyone must be able to audit the few classes that decide a verdict with the JDK"
                  + " HttpClient, Jackson and airtrace-core alone; to fix a violation, make the"
                  + " JSON-RPC call by hand in dev.airtrace.verify (see JsonRpcClient) instead of"
                  + " importing an Ethereum library");

  private AirtraceArchRules() {}
}
