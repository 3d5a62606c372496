package dev.airtrace.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks {@link AirtraceArchRules} against every module's production classes, and the rules that
 * hold in tests too (Paho, web3j) also against the test classes the modules publish for it.
 */
class ArchitectureTest {
  private static JavaClasses main;
  private static JavaClasses mainAndTests;

  @BeforeAll
  static void importClasses() {
    // One scan of the class path (it holds Kafka, DJL and web3j jars); production classes are the
    // subset that comes neither from a test-classes folder nor from a module's -tests.jar.
    mainAndTests = new ClassFileImporter().importPackages("dev.airtrace");
    main = mainAndTests.that(isProductionClass());
  }

  private static DescribedPredicate<JavaClass> isProductionClass() {
    return DescribedPredicate.describe(
        "production classes",
        c ->
            c.getSource()
                .map(source -> source.getUri().toString())
                .filter(uri -> !uri.contains("/test-classes/") && !uri.contains("-tests.jar"))
                .isPresent());
  }

  @Test
  void shouldSeeTheProductionClassesOfEveryModule() {
    assertThat(rootPackages(main))
        .contains(
            "core",
            "topics",
            "localstack",
            "mqtt",
            "simulator",
            "inference",
            "anomaly",
            "quality",
            "gateway",
            "processor",
            "sink",
            "serving",
            "anchoring",
            "verify",
            "nab",
            "cli",
            "bench",
            "architecture");
    assertThat(main.stream().map(JavaClass::getSimpleName)).doesNotContain("ArchitectureTest");
  }

  @Test
  void shouldSeeTheTestClassesOfTheModulesThatPublishThem() {
    Set<String> tests =
        mainAndTests.stream()
            .filter(c -> !main.contain(c.getName()))
            .map(JavaClass::getPackageName)
            .collect(Collectors.toSet());

    assertThat(tests)
        .contains(
            "dev.airtrace.mqtt",
            "dev.airtrace.simulator",
            "dev.airtrace.gateway",
            "dev.airtrace.anchoring");
  }

  @Test
  void shouldUsePahoOnlyInTheMqttModule() {
    AirtraceArchRules.PAHO_ONLY_IN_MQTT.check(mainAndTests);
  }

  @Test
  void shouldCreateTopicsOnlyThroughTheTopicProvisioner() {
    AirtraceArchRules.TOPIC_CREATION_ONLY_IN_TOPICS.check(mainAndTests);
  }

  @Test
  void shouldUseKafkaClientsInTheGatewayOnlyInItsKafkaPackage() {
    AirtraceArchRules.GATEWAY_KAFKA_CLIENTS_ONLY_IN_KAFKA_PACKAGE.check(main);
  }

  @Test
  void shouldUseRocksDbInTheGatewayOnlyInItsOutboxStoragePackage() {
    AirtraceArchRules.GATEWAY_ROCKSDB_ONLY_IN_OUTBOX_STORAGE.check(main);
  }

  @Test
  void shouldKeepTheSimulatorOffTheGateway() {
    AirtraceArchRules.SIMULATOR_OFF_THE_GATEWAY.check(main);
  }

  @Test
  void shouldKeepTheGatewayOffTheSimulator() {
    AirtraceArchRules.GATEWAY_OFF_THE_SIMULATOR.check(main);
  }

  @Test
  void shouldUseTheLocalStackInMainCodeOnlyInTheDemoAndTheBenchmarks() {
    AirtraceArchRules.LOCAL_STACK_ONLY_IN_DEMO_AND_BENCHMARKS.check(main);
  }

  @Test
  void shouldKeepDjlOnnxRuntimeAndJavaCppInsideTheInferenceModule() {
    AirtraceArchRules.NATIVE_INFERENCE_ONLY_IN_INFERENCE.check(main);
  }

  @Test
  void shouldCatchANativeInferenceViolationIfOneExisted() {
    // The rule is not vacuous: the inference module itself does depend on all three stacks, and
    // the benchmark baseline on ONNX Runtime.
    assertThat(
            noClasses()
                .that()
                .resideInAPackage("dev.airtrace.inference..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("ai.djl..", "ai.onnxruntime..", "org.bytedeco..")
                .evaluate(main)
                .hasViolation())
        .isTrue();
    assertThat(
            noClasses()
                .that()
                .resideInAPackage(AirtraceArchRules.BENCHMARK_BASELINE)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("ai.onnxruntime..", "org.eclipse.paho..")
                .evaluate(main)
                .hasViolation())
        .isTrue();
  }

  @Test
  void shouldKeepInfluxClientInsideTheConnectorPackage() {
    AirtraceArchRules.INFLUX_CLIENT_ONLY_IN_SINK_CONNECTOR.check(main);
  }

  @Test
  void shouldKeepConnectRuntimeOutOfTheConnectorItself() {
    AirtraceArchRules.CONNECT_RUNTIME_OUT_OF_THE_CONNECTOR.check(main);
  }

  @Test
  void shouldUseWeb3jOnlyInTheChainPackage() {
    AirtraceArchRules.WEB3J_ONLY_IN_ANCHORING_CHAIN.check(mainAndTests);
  }

  @Test
  void shouldUseKafkaClientsInTheAnchorerOnlyInItsKafkaPackage() {
    AirtraceArchRules.ANCHORING_KAFKA_CLIENTS_ONLY_IN_KAFKA_PACKAGE.check(main);
  }

  @Test
  void shouldKeepTheStateMachineRecordsFreeOfChainAndKafkaTypes() {
    AirtraceArchRules.ANCHORING_STATE_FREE_OF_CHAIN_AND_KAFKA_TYPES.check(main);
  }

  @Test
  void shouldNotReferenceWeb3jOrOtherEthereumLibrariesInTheVerifier() {
    AirtraceArchRules.VERIFIER_FREE_OF_ETHEREUM_LIBRARIES.check(main);
  }

  private static Set<String> rootPackages(JavaClasses classes) {
    return classes.stream()
        .map(c -> c.getPackageName().split("\\.")[2])
        .collect(Collectors.toSet());
  }
}
