package dev.airtrace.bench.inference;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Only {@code dev.airtrace.inference} may touch the native inference stacks (house style point 7).
 * It lives in the benchmarks module because its test classpath holds every other module (through
 * cli, model-serving and anomaly), which the inference module itself cannot see.
 */
class NativeInferenceBoundaryTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importProductionClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.airtrace");
  }

  @Test
  void shouldSeeTheModulesThatUseModels() {
    Set<String> packages =
        classes.stream().map(c -> c.getPackageName().split("\\.")[2]).collect(Collectors.toSet());
    assertThat(packages).contains("inference", "anomaly", "serving", "gateway", "cli", "bench");
  }

  @Test
  void shouldKeepDjlOnnxRuntimeAndJavaCppInsideTheInferenceModule() {
    noClasses()
        .that()
        .resideInAPackage("dev.airtrace..")
        .and()
        .resideOutsideOfPackage("dev.airtrace.inference..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("ai.djl..", "ai.onnxruntime..", "org.bytedeco..")
        .because(
            "native inference stacks sit behind dev.airtrace.inference (InferenceEngine, Model,"
                + " ModelRepository); add what you need to that API instead of importing them")
        .check(classes);
  }

  @Test
  void shouldCatchAViolationIfOneExisted() {
    // The rule is not vacuous: the inference module itself does depend on all three stacks.
    assertThat(
            noClasses()
                .that()
                .resideInAPackage("dev.airtrace.inference..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("ai.djl..", "ai.onnxruntime..", "org.bytedeco..")
                .evaluate(classes)
                .hasViolation())
        .isTrue();
  }
}
