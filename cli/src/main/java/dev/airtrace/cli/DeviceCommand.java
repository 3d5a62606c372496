package dev.airtrace.cli;

import dev.airtrace.core.DeviceId;
import dev.airtrace.core.integrity.Ed25519;
import dev.airtrace.core.integrity.KeyFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code airtrace device}: provisions one device's Ed25519 key pair. The private key goes to a file
 * only the owner can read, for the device (or the simulator); the public key is printed as the line
 * the gateway's {@code --device-keys} file takes, and appended to that file when asked.
 */
@Command(
    name = "device",
    mixinStandardHelpOptions = true,
    description = {
      "Provision a device: generate its Ed25519 key pair, write the private key (PKCS#8 PEM,"
          + " owner-only) to <key-dir>/<device-id>.key.pem for the device, and print the"
          + " public-key line for the gateway's --device-keys file (or append it with"
          + " --device-keys). Once the gateway has a device's key, that device must sign"
          + " (policy REQUIRE_IF_PROVISIONED). See docs/integrity.md."
    })
final class DeviceCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--device-id",
      required = true,
      description = "The device's id, as in its MQTT topic airtrace/v1/<site>/<device>/...")
  String deviceId;

  @Option(
      names = "--key-dir",
      paramLabel = "DIR",
      defaultValue = "airtrace-keys/devices",
      description =
          "Where the device's private key is written; never overwritten (default:"
              + " ${DEFAULT-VALUE}).")
  Path keyDir;

  @Option(
      names = "--device-keys",
      paramLabel = "FILE",
      description =
          "Also append the public-key line to this gateway device key file (created when"
              + " missing); refused when it already names the device.")
  Path deviceKeys;

  /** The private key file of {@code device} under {@code dir}: {@code <device>.key.pem}. */
  static Path privateKeyFile(Path dir, DeviceId device) {
    return dir.resolve(device.value() + ".key.pem");
  }

  @Override
  public Integer call() throws IOException {
    DeviceId device = new DeviceId(deviceId);
    if (deviceKeys != null && Files.exists(deviceKeys) && names(deviceKeys, device)) {
      throw new IllegalArgumentException(
          deviceKeys + " already has a key for device " + device.value());
    }
    KeyPair pair = Ed25519.generate();
    Path keyFile = privateKeyFile(keyDir, device);
    try {
      KeyFiles.createPrivate(keyFile, Ed25519.privateKeyToPem(pair.getPrivate()));
    } catch (FileAlreadyExistsException e) {
      throw new IllegalArgumentException(
          keyFile + " exists; a device key is never replaced here (move it away to re-key)", e);
    }
    String line = device.value() + " = " + Ed25519.publicKeyToBase64(pair.getPublic());
    if (deviceKeys != null) {
      Path parent = deviceKeys.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Files.writeString(
          deviceKeys,
          line + System.lineSeparator(),
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println(line);
    out.flush();
    PrintWriter err = spec.commandLine().getErr();
    err.println(
        "airtrace device: private key of "
            + device.value()
            + " in "
            + keyFile
            + " (owner-only; copy it to the device and delete it here)"
            + (deviceKeys == null
                ? "; add the line above to the gateway's --device-keys file"
                : "; public key appended to " + deviceKeys));
    err.flush();
    return 0;
  }

  private static boolean names(Path file, DeviceId device) throws IOException {
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(in);
    }
    return p.containsKey(device.value());
  }
}
