package dev.airtrace.gateway.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airtrace.core.GatewayId;
import dev.airtrace.core.integrity.Ed25519;
import dev.airtrace.core.integrity.KeyFiles;
import dev.airtrace.core.integrity.KeyFormatException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeysTest {
  @TempDir Path dir;

  @Test
  void shouldLoadAPkcs8PemKeyAndDeriveItsPublicKey() throws Exception {
    KeyPair pair = Ed25519.generate();
    Path pem = dir.resolve("gw.pem");
    Files.writeString(pem, Ed25519.privateKeyToPem(pair.getPrivate()));

    SigningKeys keys = SigningKeys.load(pem);

    assertThat(keys.publicKeyBase64()).isEqualTo(Ed25519.publicKeyToBase64(pair.getPublic()));
    byte[] message = {1, 2, 3};
    assertThat(Ed25519.verify(pair.getPublic(), message, Ed25519.sign(keys.privateKey(), message)))
        .isTrue();
  }

  @Test
  void shouldGenerateAPairWhenNoFileIsConfigured() {
    SigningKeys keys = SigningKeys.load(null);
    byte[] message = {4, 5};

    assertThat(keys.publicKey()).isPresent();
    assertThat(
            Ed25519.verify(
                keys.publicKey().get(), message, Ed25519.sign(keys.privateKey(), message)))
        .isTrue();
  }

  @Test
  void shouldRejectAFileWithoutAPrivateKey() throws Exception {
    Path pem = dir.resolve("public.pem");
    Files.writeString(pem, Ed25519.publicKeyToPem(Ed25519.generate().getPublic()));

    assertThatThrownBy(() -> SigningKeys.load(pem)).isInstanceOf(KeyFormatException.class);
  }

  @Test
  void shouldCreateTheGatewaysOwnKeyOnceOwnerOnlyAndReuseItOnTheNextStart() throws Exception {
    IntegrityConfig config = IntegrityConfig.builder().stateDirectory(dir.resolve("state")).build();
    Path own = config.signingKeyFile(new GatewayId("gw-7"));

    SigningKeys first = SigningKeys.loadOrCreate(own);
    SigningKeys second = SigningKeys.loadOrCreate(own);

    assertThat(own).isEqualTo(dir.resolve("state").resolve("gw-7.signing-key.pem"));
    assertThat(Files.readString(own)).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(Files.getPosixFilePermissions(own)).isEqualTo(KeyFiles.OWNER_ONLY);
    assertThat(second.publicKeyBase64()).isEqualTo(first.publicKeyBase64());
    assertThat(first.publicKeyBase64()).isNotEqualTo("unknown");
    try (var files = Files.list(dir.resolve("state"))) {
      assertThat(files).containsExactly(own);
    }
  }

  @Test
  void shouldPreferAConfiguredKeyFileOverTheGatewaysOwn() {
    Path configured = dir.resolve("hsm-export.pem");
    IntegrityConfig config =
        IntegrityConfig.builder().stateDirectory(dir).signingKeyFile(configured).build();

    assertThat(config.signingKeyFile(new GatewayId("gw-7"))).isEqualTo(configured);
  }

  @Test
  void shouldNeverOverwriteAnExistingKeyFile() throws Exception {
    Path pem = dir.resolve("kept.pem");
    Files.writeString(pem, "original");

    assertThatThrownBy(() -> KeyFiles.createPrivate(pem, "replacement"))
        .isInstanceOf(FileAlreadyExistsException.class);
    assertThat(Files.readString(pem)).isEqualTo("original");
  }
}
