package dev.airtrace.gateway.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airtrace.core.DeviceId;
import dev.airtrace.core.integrity.Ed25519;
import dev.airtrace.core.integrity.KeyFormatException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceKeysTest {
  @TempDir Path dir;

  @Test
  void shouldLoadBase64AndPemKeysByDeviceId() throws Exception {
    PublicKey raw = Ed25519.generate().getPublic();
    PublicKey pem = Ed25519.generate().getPublic();
    Files.writeString(dir.resolve("dev-2.pub.pem"), Ed25519.publicKeyToPem(pem));
    Path file = dir.resolve("device-keys.properties");
    Files.writeString(
        file,
        "# provisioned devices\n"
            + "dev-1 = "
            + Ed25519.publicKeyToBase64(raw)
            + "\n"
            + "dev-2 = @dev-2.pub.pem\n");

    DeviceKeys keys = DeviceKeys.load(file);

    assertThat(keys.size()).isEqualTo(2);
    assertThat(keys.get(new DeviceId("dev-1"))).contains(raw);
    assertThat(keys.get(new DeviceId("dev-2"))).contains(pem);
    assertThat(keys.get(new DeviceId("dev-3"))).isEmpty();
  }

  @Test
  void shouldNameTheDeviceWhoseKeyIsMalformed() throws Exception {
    Path file = dir.resolve("device-keys.properties");
    Files.writeString(file, "dev-9 = AAAA\n");

    assertThatThrownBy(() -> DeviceKeys.load(file))
        .isInstanceOf(KeyFormatException.class)
        .hasMessageContaining("dev-9");
  }
}
