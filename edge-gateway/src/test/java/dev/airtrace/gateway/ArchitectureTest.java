package dev.airtrace.gateway;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Keeps vendor libraries in the one package each that wraps them. */
class ArchitectureTest {
  private static final JavaClasses ALL =
      new ClassFileImporter().importPackages("dev.airtrace.gateway", "dev.airtrace.simulator");

  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.airtrace.gateway", "dev.airtrace.simulator");

  @Test
  void shouldUsePahoOnlyInTheMqttPackage() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.airtrace.gateway.mqtt")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.eclipse.paho..")
        .because(
            "Paho is wrapped by MqttIntake and MqttPublisher in dev.airtrace.gateway.mqtt; to fix"
                + " a violation, add what you need to those interfaces (or a new one there) and"
                + " use it through MqttClients instead of importing org.eclipse.paho")
        .check(ALL);
  }

  @Test
  void shouldUseKafkaClientsOnlyInTheKafkaPackage() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.airtrace.gateway.kafka")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.apache.kafka..")
        .because(
            "the gateway writes through RecordSink, implemented in dev.airtrace.gateway.kafka;"
                + " to fix a violation, extend RecordSink or KafkaOutputConfig there instead of"
                + " importing org.apache.kafka elsewhere")
        .check(MAIN);
  }

  @Test
  void shouldKeepTheSimulatorOffTheGatewaysInternals() {
    noClasses()
        .that()
        .resideInAPackage("dev.airtrace.simulator..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.airtrace.gateway",
            "dev.airtrace.gateway.kafka..",
            "dev.airtrace.gateway.pipeline..")
        .because(
            "the simulator is a sensor fleet: it may only publish through the MqttPublisher"
                + " interface, so it stays usable against any broker and gateway")
        .check(MAIN);
  }
}
