package dev.airtrace.verify;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The verifier must stay auditable and light: JDK HTTP + Jackson + airtrace-core, no Ethereum
 * library: a verify command that uses only the JDK (no web3j).
 */
class NoWeb3jTest {
  private static final JavaClasses VERIFIER =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.airtrace.verify");

  @Test
  void shouldNotReferenceWeb3jOrOtherEthereumLibraries() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.web3j..", "org.hyperledger.besu..", "org.ethereum..")
        .check(VERIFIER);
  }

  @Test
  void shouldNotHaveWeb3jOnTheClasspath() {
    assertThatThrownBy(() -> Class.forName("org.web3j.protocol.Web3j"))
        .isInstanceOf(ClassNotFoundException.class);
  }
}
