package dev.airtrace.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnvilServiceTest {
  @TempDir Path root;

  @Test
  void shouldNameNpmCiWhenPackageJsonHasNoInstalledAnvil() throws Exception {
    Files.writeString(root.resolve("package.json"), "{}");
    Path module = Files.createDirectories(root.resolve("verifier"));

    assertThatThrownBy(() -> AnvilService.locateBinary(module))
        .isInstanceOf(ServiceStartException.class)
        .hasMessageContaining("npm ci")
        .hasMessageContaining("scripts/test.sh")
        .hasMessageContaining(root.toString());
  }

  @Test
  void shouldFindAnvilUnderTheNearestPackageJson() throws Exception {
    Files.writeString(root.resolve("package.json"), "{}");
    Path bin = Files.createDirectories(root.resolve("node_modules/.bin")).resolve("anvil");
    Files.writeString(bin, "#!/bin/sh\n");
    assertThat(bin.toFile().setExecutable(true)).isTrue();
    Path module = Files.createDirectories(root.resolve("a/b"));

    assertThat(AnvilService.locateBinary(module)).isEqualTo(bin);
  }

  @Test
  void shouldRoundTripJsonRpcQuantities() {
    assertThat(AnvilService.hex(26)).isEqualTo("0x1a");
    assertThat(AnvilService.quantity(new com.fasterxml.jackson.databind.node.TextNode("0x1a")))
        .isEqualTo(26);
  }
}
