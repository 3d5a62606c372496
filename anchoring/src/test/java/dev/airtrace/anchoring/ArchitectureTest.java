package dev.airtrace.anchoring;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Keeps vendor libraries in the one package each that wraps them. */
class ArchitectureTest {
  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.airtrace.anchoring");

  private static final JavaClasses ALL =
      new ClassFileImporter().importPackages("dev.airtrace.anchoring");

  @Test
  void shouldUseWeb3jOnlyInTheChainPackage() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.airtrace.anchoring.chain")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.web3j..", "okhttp3..")
        .because(
            "web3j (and its okhttp transport) is wrapped by ChainClient and AnchorSigner in"
                + " dev.airtrace.anchoring.chain; to fix a violation, add the call you need to"
                + " those interfaces (returning plain records) and implement it in"
                + " Web3jChainClient or Web3jSigner instead of importing org.web3j elsewhere")
        .check(ALL);
  }

  @Test
  void shouldUseKafkaClientsOnlyInTheKafkaPackage() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.airtrace.anchoring.kafka")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.apache.kafka..")
        .because(
            "the anchorer sees Kafka only through MerkleBatchHeaderSource and EpochStore; to fix a"
                + " violation, extend those interfaces and implement them in"
                + " dev.airtrace.anchoring.kafka")
        .check(MAIN);
  }

  @Test
  void shouldKeepTheStateMachineRecordsFreeOfChainAndKafkaTypes() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.airtrace.anchoring.state..", "dev.airtrace.anchoring.epoch..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.airtrace.anchoring.chain..", "dev.airtrace.anchoring.kafka..")
        .because(
            "epoch records are persisted and replayed; they hold plain values so that a change of"
                + " chain client or store never changes their JSON")
        .check(MAIN);
  }
}
