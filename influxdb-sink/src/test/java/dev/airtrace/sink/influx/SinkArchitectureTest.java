package dev.airtrace.sink.influx;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class SinkArchitectureTest {
  private static final JavaClasses SINK =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.airtrace.sink");

  @Test
  void shouldKeepInfluxClientInsideTheConnectorPackage() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.airtrace.sink.influx")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.influxdb..")
        .because(
            "influxdb-java sits behind PointWriter in dev.airtrace.sink.influx; add what you need"
                + " to that interface instead of importing org.influxdb elsewhere")
        .check(SINK);
  }

  @Test
  void shouldKeepConnectRuntimeOutOfTheConnectorItself() {
    noClasses()
        .that()
        .resideInAPackage("dev.airtrace.sink.influx")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.apache.kafka.connect.runtime..")
        .because(
            "the connector must run in any Connect cluster through connect-api only; the runtime"
                + " is used by the standalone worker package alone")
        .check(SINK);
  }
}
