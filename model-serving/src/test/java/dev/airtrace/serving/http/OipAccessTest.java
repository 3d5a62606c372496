package dev.airtrace.serving.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airtrace.core.http.BearerToken;
import dev.airtrace.inference.InferenceConfig;
import dev.airtrace.serving.ModelServer;
import dev.airtrace.serving.ServingConfig;
import dev.airtrace.serving.batching.ServingBatchConfig;
import dev.airtrace.serving.model.RepositoryModelSource;
import dev.airtrace.serving.testdata.Repositories;
import dev.airtrace.serving.testdata.TestModels;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OIP endpoint with a bearer token and TLS, called by a real HTTPS client: a self-signed
 * certificate for 127.0.0.1 made by the JDK's keytool, trusted by the client only.
 */
@Timeout(120)
class OipAccessTest {
  private static final BearerToken TOKEN = BearerToken.of("oip-token-0123456789abcdef");
  private static final char[] PASSWORD = "store-password".toCharArray();

  @TempDir static Path dir;
  private static RepositoryModelSource source;
  private static ModelServer server;
  private static HttpClient trusting;
  private static Path keyStore;

  @BeforeAll
  static void start() throws Exception {
    keyStore = selfSigned(dir.resolve("server.p12"));
    Path repository = Repositories.withVersions(dir.resolve("repo"), 1);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    source =
        RepositoryModelSource.open(
            InferenceConfig.cpu(), repository, TestModels.FORECASTER, Duration.ZERO, registry);
    ServingConfig config =
        ServingConfig.builder()
            .repository(repository, TestModels.FORECASTER)
            .inference(InferenceConfig.cpu())
            .batcher(ServingBatchConfig.builder().maxBatch(4).build())
            .http(new InetSocketAddress("127.0.0.1", 0))
            .access(
                new HttpAccess(
                    Optional.of(TOKEN), Optional.of(TlsKeyStore.pkcs12(keyStore, PASSWORD))))
            .reloadInterval(Duration.ofMillis(100))
            .build();
    server = ModelServer.start(config, source, registry, registry::scrape);
    trusting = HttpClient.newBuilder().sslContext(trusting(keyStore)).build();
    org.awaitility.Awaitility.await()
        .atMost(TestModels.atMost(Duration.ofSeconds(30)))
        .until(server::ready);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (source != null) {
      source.close();
    }
  }

  /** A PKCS#12 store with an EC key and a certificate for 127.0.0.1, made by keytool. */
  private static Path selfSigned(Path store) throws Exception {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process p =
        new ProcessBuilder(
                List.of(
                    keytool.toString(),
                    "-genkeypair",
                    "-alias",
                    "oip",
                    "-keyalg",
                    "EC",
                    "-groupname",
                    "secp256r1",
                    "-dname",
                    "CN=127.0.0.1",
                    "-ext",
                    "SAN=ip:127.0.0.1",
                    "-validity",
                    "2",
                    "-storetype",
                    "PKCS12",
                    "-keystore",
                    store.toString(),
                    "-storepass",
                    new String(PASSWORD)))
            .redirectErrorStream(true)
            .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
    return store;
  }

  private static SSLContext trusting(Path store) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      ks.load(in, PASSWORD);
    }
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("oip", ks.getCertificate("oip"));
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }

  private static HttpResponse<String> get(HttpClient client, String path, String auth)
      throws Exception {
    HttpRequest.Builder r =
        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.httpPort() + path));
    if (auth != null) {
      r.header("Authorization", auth);
    }
    return client.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldAnswer401WithAChallengeToARequestWithoutTheToken() throws Exception {
    HttpResponse<String> r = get(trusting, "/v2/models/" + TestModels.FORECASTER, null);

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("WWW-Authenticate")).contains(BearerToken.CHALLENGE);
    assertThat(r.body()).contains("bearer token").doesNotContain("versions");
  }

  @Test
  void shouldAnswer401ToAWrongToken() throws Exception {
    HttpResponse<String> r =
        get(trusting, "/v2/models/" + TestModels.FORECASTER, "Bearer oip-token-0123456789abcdeX");

    assertThat(r.statusCode()).isEqualTo(401);
  }

  @Test
  void shouldServeModelMetadataOverTlsToTheTokenHolder() throws Exception {
    HttpResponse<String> r =
        get(trusting, "/v2/models/" + TestModels.FORECASTER, TOKEN.authorizationHeader());

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).contains("\"versions\":[\"1\"]");
  }

  @Test
  void shouldGuardMetricsWithTheSameToken() throws Exception {
    assertThat(get(trusting, "/metrics", null).statusCode()).isEqualTo(401);
    HttpResponse<String> r = get(trusting, "/metrics", TOKEN.authorizationHeader());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("airtrace_serving_ready 1.0");
  }

  @Test
  void shouldLeaveTheHealthProbesOpenForOrchestrators() throws Exception {
    assertThat(get(trusting, "/v2/health/live", null).statusCode()).isEqualTo(200);
    assertThat(get(trusting, "/v2/health/ready", null).statusCode()).isEqualTo(200);
  }

  @Test
  void shouldRefuseTheHandshakeOfAClientThatDoesNotTrustTheCertificate() {
    HttpClient defaultTrust = HttpClient.newHttpClient();

    assertThatThrownBy(() -> get(defaultTrust, "/v2/health/live", null))
        .isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void shouldNameTheKeyStoreWhenItsPasswordIsWrong() {
    TlsKeyStore wrong = TlsKeyStore.pkcs12(keyStore, "not-the-password".toCharArray());

    assertThatThrownBy(wrong::sslContext)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(keyStore.toString())
        .hasMessageContaining("wrong password");
  }

  @Test
  void shouldBindTheLoopbackInterfaceByDefault() {
    assertThat(ServingConfig.defaults().http().getAddress().isLoopbackAddress()).isTrue();
    assertThat(ServingConfig.defaults().access().token()).isEmpty();
  }
}
