package dev.airtrace.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airtrace.deploy.ComposeFile.Service;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/gen-secrets.sh runs (openssl) and writes what compose.yaml takes from deploy/secrets/;
 * Grafana, the one published service, listens on loopback with the generated admin password.
 */
class GenSecretsTest {
  private final ComposeFile compose = ComposeFile.load(RepoFiles.path("deploy/compose.yaml"));

  @Test
  void shouldWriteEverySecretFileTheComposeFileNamesIntoAPrivateFolder(@TempDir Path tmp)
      throws Exception {
    Path dir = tmp.resolve("secrets");

    GenSecrets.Result first = GenSecrets.runScript(dir);

    assertThat(first.exitCode()).as(first.output()).isZero();
    assertThat(Files.getPosixFilePermissions(dir))
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    for (JsonNode secret : compose.root().path("secrets")) {
      String file = secret.path("file").asText();
      assertThat(file).startsWith("./secrets/");
      Path generated = dir.resolve(file.substring("./secrets/".length()));
      assertThat(generated).as(file).isRegularFile();
    }
    String password =
        Files.readString(dir.resolve("grafana-admin.password"), StandardCharsets.UTF_8).strip();
    assertThat(password).hasSize(32).matches("[A-Za-z0-9]+");
    assertThat(Files.readString(dir.resolve("anchoring-operator.key")))
        .as("a secp256k1 private key, 32 bytes in hex")
        .matches("[0-9a-f]{64}");
    assertThat(Files.readString(dir.resolve("mosquitto-passwd")))
        .startsWith("gateway-1:$7$101$")
        .contains("\nsimulator:$7$101$");

    GenSecrets.Result second = GenSecrets.runScript(dir);
    assertThat(second.exitCode()).as("refuses to overwrite").isEqualTo(1);
    assertThat(second.output()).contains("--force");
    assertThat(Files.readString(dir.resolve("grafana-admin.password")).strip()).isEqualTo(password);
  }

  @Test
  void shouldIssueInfluxDbAServerCertificateForItsServiceNameSignedByTheLocalCa(@TempDir Path tmp)
      throws Exception {
    Path dir = tmp.resolve("secrets");
    GenSecrets.Result result = GenSecrets.runScript(dir);
    assertThat(result.exitCode()).as(result.output()).isZero();
    CertificateFactory x509 = CertificateFactory.getInstance("X.509");
    X509Certificate ca;
    X509Certificate influx;
    try (InputStream in = Files.newInputStream(dir.resolve("ca.pem"))) {
      ca = (X509Certificate) x509.generateCertificate(in);
    }
    try (InputStream in = Files.newInputStream(dir.resolve("influxdb.pem"))) {
      influx = (X509Certificate) x509.generateCertificate(in);
    }

    influx.verify(ca.getPublicKey()); // throws unless the local CA signed it
    String host =
        URI.create(compose.service("sink").environment().get("AIRTRACE_INFLUX_URL")).getHost();
    assertThat(influx.getSubjectAlternativeNames())
        .as("the sink's and Grafana's host name check needs the service name as a DNS SAN")
        .contains(List.of(2, host));
    assertThat(influx.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1"); // serverAuth
  }

  @Test
  void shouldPublishOnlyGrafanaOnLoopbackWithTheGeneratedAdminPassword() {
    Service grafana = compose.service("grafana");
    List<String> ports = new ArrayList<>();
    grafana
        .node()
        .path("ports")
        .forEach(p -> ports.add(ComposeFile.interpolateDefaults(p.asText())));

    assertThat(ports).containsExactly("127.0.0.1:3000:3000");
    assertThat(grafana.environment())
        .doesNotContainKey("GF_SECURITY_ADMIN_PASSWORD")
        .containsEntry("GF_SECURITY_ADMIN_PASSWORD__FILE", "/run/secrets/grafana-admin-password");
    assertThat(grafana.node().path("secrets").get(0).asText()).isEqualTo("grafana-admin-password");
    assertThat(compose.root().path("secrets").path("grafana-admin-password").path("file").asText())
        .isEqualTo("./secrets/grafana-admin.password");
  }

  @Test
  void shouldPublishNothingElseAndTheHostPortsOverrideOnlyOnLoopback() {
    assertThat(compose.services().values())
        .filteredOn(s -> !s.name().equals("grafana"))
        .allSatisfy(s -> assertThat(s.node().path("ports").isMissingNode()).as(s.name()).isTrue());

    ComposeFile override = ComposeFile.load(RepoFiles.path("deploy/compose.host-ports.yaml"));
    List<String> ports = new ArrayList<>();
    override
        .services()
        .values()
        .forEach(s -> s.node().path("ports").forEach(p -> ports.add(p.asText())));
    assertThat(ports)
        .containsExactlyInAnyOrder(
            "127.0.0.1:8883:8883",
            "127.0.0.1:9094:9094",
            "127.0.0.1:8086:8086",
            "127.0.0.1:8080:8080");
  }
}
