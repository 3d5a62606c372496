package dev.airtrace.serving.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.airtrace.core.http.BearerToken;
import dev.airtrace.inference.LiveModel;
import dev.airtrace.inference.ModelManifest;
import dev.airtrace.inference.TensorSpec;
import dev.airtrace.serving.batching.InputRejectedException;
import dev.airtrace.serving.batching.Prediction;
import dev.airtrace.serving.batching.QueueFullException;
import dev.airtrace.serving.batching.ServingBatcher;
import dev.airtrace.serving.model.ModelUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Open Inference Protocol (KServe v2) REST endpoint for one model, on the JDK's HTTP server:
 *
 * <ul>
 *   <li>{@code GET /v2}, {@code /v2/health/live}, {@code /v2/health/ready} (ready only after the
 *       warm-up batch ran)
 *   <li>{@code GET /v2/models/{name}[/versions/{v}]} metadata, {@code .../ready}
 *   <li>{@code POST /v2/models/{name}[/versions/{v}]/infer}: one FP32 input tensor {@code [n, ...]}
 *       with flat or nested {@code data} ({@code null} = NaN, a missing value); the {@code n} rows
 *       join the shared micro-batcher as one input, so they run together on one model version
 *   <li>{@code GET /metrics} when a scrape supplier is given
 * </ul>
 *
 * <p>With a bearer token in its {@link HttpAccess}, every path but the two health probes answers
 * 401 unless the request presents it; with a key store, the endpoint speaks HTTPS only.
 *
 * <p>Handlers never block on the model: the response is written when the prediction completes, on a
 * small response pool. Thread-safe; close it where it was started.
 */
public final class OipServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OipServer.class);
  private static final Pattern MODEL_PATH =
      Pattern.compile("^/v2/models/([^/]+)(?:/versions/([^/]+))?(/ready|/infer)?/?$");

  /** Largest request body accepted; larger answers 413. */
  public static final int MAX_BODY_BYTES = 32 * 1024 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService pool;
  private final ServingBatcher batcher;
  private final LiveModel source;
  private final BooleanSupplier ready;
  private final Supplier<String> metrics;
  private final Duration requestTimeout;
  private final HttpAccess access;

  private OipServer(
      HttpServer server,
      ExecutorService pool,
      ServingBatcher batcher,
      LiveModel source,
      BooleanSupplier ready,
      Supplier<String> metrics,
      Duration requestTimeout,
      HttpAccess access) {
    this.server = server;
    this.pool = pool;
    this.batcher = batcher;
    this.source = source;
    this.ready = ready;
    this.metrics = metrics;
    this.requestTimeout = requestTimeout;
    this.access = access;
  }

  /**
   * Binds and starts the endpoint.
   *
   * @param address where to listen (port 0 picks a free one)
   * @param ready whether the server is ready (model loaded and warmed up)
   * @param metrics the Prometheus text for {@code /metrics}, or {@code null} for no such path
   * @param requestTimeout how long an inference may take before the caller gets 503
   * @param access the bearer token and TLS settings
   * @throws UncheckedIOException when the address cannot be bound
   * @throws IllegalArgumentException when the TLS key store cannot be opened
   */
  public static OipServer start(
      InetSocketAddress address,
      ServingBatcher batcher,
      LiveModel source,
      BooleanSupplier ready,
      Supplier<String> metrics,
      Duration requestTimeout,
      HttpAccess access) {
    Objects.requireNonNull(access, "access");
    // Opened before anything else so that a wrong password fails the start with a clear message.
    Optional<SSLContext> tls = access.tls().map(TlsKeyStore::sslContext);
    AtomicInteger n = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "airtrace-oip-" + n.getAndIncrement());
              t.setDaemon(true);
              return t;
            });
    try {
      HttpServer server;
      if (tls.isPresent()) {
        HttpsServer https = HttpsServer.create(address, 256);
        https.setHttpsConfigurator(new HttpsConfigurator(tls.get()));
        server = https;
      } else {
        server = HttpServer.create(address, 256);
      }
      OipServer oip =
          new OipServer(
              server,
              pool,
              Objects.requireNonNull(batcher),
              Objects.requireNonNull(source),
              Objects.requireNonNull(ready),
              metrics,
              Objects.requireNonNull(requestTimeout),
              access);
      server.createContext("/", oip::handle);
      server.setExecutor(pool);
      server.start();
      return oip;
    } catch (IOException e) {
      pool.shutdownNow();
      throw new UncheckedIOException("cannot serve the inference endpoint on " + address, e);
    }
  }

  /** The port actually bound. */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdown();
    try {
      pool.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void handle(HttpExchange ex) {
    try {
      if (access.guards(ex.getRequestURI().getPath())
          && !access.token().get().admits(ex.getRequestHeaders().getFirst("Authorization"))) {
        ex.getResponseHeaders().set("WWW-Authenticate", BearerToken.CHALLENGE);
        throw new OipException(401, "a bearer token is required (Authorization: Bearer ...)");
      }
      route(ex);
    } catch (OipException e) {
      error(ex, e.status(), e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("{} {} failed", ex.getRequestMethod(), ex.getRequestURI(), e);
      error(ex, 500, "internal error: " + e.getClass().getSimpleName());
    }
  }

  private void route(HttpExchange ex) {
    String path = ex.getRequestURI().getPath();
    switch (path) {
      case "/v2", "/v2/" -> {
        requireGet(ex);
        ObjectNode body = JSON.createObjectNode();
        body.put("name", "airtrace-model-serving");
        body.put("version", versionOfThisBuild());
        body.putArray("extensions");
        respond(ex, 200, body);
      }
      case "/v2/health/live" -> {
        requireGet(ex);
        respond(ex, 200, JSON.createObjectNode().put("live", true));
      }
      case "/v2/health/ready" -> {
        requireGet(ex);
        boolean r = ready.getAsBoolean();
        respond(ex, r ? 200 : 400, JSON.createObjectNode().put("ready", r));
      }
      case "/metrics" -> {
        if (metrics == null) {
          throw new OipException(404, "no such path: " + path);
        }
        requireGet(ex);
        byte[] text = metrics.get().getBytes(StandardCharsets.UTF_8);
        send(ex, 200, "text/plain; version=0.0.4; charset=utf-8", text);
      }
      default -> routeModel(ex, path);
    }
  }

  private void routeModel(HttpExchange ex, String path) {
    Matcher m = MODEL_PATH.matcher(path);
    if (!m.matches()) {
      throw new OipException(404, "no such path: " + path);
    }
    String name = m.group(1);
    String version = m.group(2);
    String action = m.group(3) == null ? "" : m.group(3);
    if (!name.equals(source.name())) {
      throw new OipException(404, "unknown model: " + name);
    }
    switch (action) {
      case "/ready" -> {
        requireGet(ex);
        boolean r = ready.getAsBoolean() && servedVersion(version).isPresent();
        respond(ex, r ? 200 : 400, JSON.createObjectNode().put("name", name).put("ready", r));
      }
      case "/infer" -> infer(ex, version);
      default -> {
        requireGet(ex);
        ModelManifest live =
            servedVersion(version)
                .orElseThrow(() -> new OipException(404, notServed(name, version)));
        respond(ex, 200, metadata(live));
      }
    }
  }

  private Optional<ModelManifest> servedVersion(String version) {
    Optional<ModelManifest> live = Optional.of(source.current());
    if (version == null) {
      return live;
    }
    return live.filter(mf -> Long.toString(mf.version()).equals(version));
  }

  private String notServed(String name, String version) {
    return "model "
        + name
        + " version "
        + version
        + " is not served (live: "
        + source.current().version()
        + ")";
  }

  private ObjectNode metadata(ModelManifest mf) {
    ObjectNode body = JSON.createObjectNode();
    body.put("name", mf.name());
    body.putArray("versions").add(Long.toString(mf.version()));
    body.put("platform", "onnxruntime_onnx");
    tensors(body.putArray("inputs"), mf.inputs());
    tensors(body.putArray("outputs"), mf.outputs());
    ObjectNode params = body.putObject("parameters");
    params.put("model", mf.id());
    params.put("accelerator", source.backend().token());
    params.put("sha256", mf.sha256());
    JsonNode features = mf.raw().get("features");
    if (features != null) {
      params.set("features", features);
    }
    JsonNode horizons = mf.raw().get("horizons_hours");
    if (horizons != null) {
      params.set("horizons_hours", horizons);
    }
    return body;
  }

  private static void tensors(ArrayNode array, List<TensorSpec> specs) {
    for (TensorSpec t : specs) {
      ObjectNode o = array.addObject();
      o.put("name", t.name());
      o.put("datatype", "FP32");
      ArrayNode shape = o.putArray("shape");
      t.shape().forEach(shape::add);
    }
  }

  private void infer(HttpExchange ex, String version) {
    if (!"POST".equals(ex.getRequestMethod())) {
      ex.getResponseHeaders().set("Allow", "POST");
      throw new OipException(405, "use POST for infer");
    }
    if (!ready.getAsBoolean()) {
      throw new OipException(503, "model " + source.name() + " is not ready");
    }
    ModelManifest live =
        servedVersion(version)
            .orElseThrow(() -> new OipException(404, notServed(source.name(), version)));
    InferRequest request = InferRequest.parse(readBody(ex), version == null ? 0 : live.version());
    batcher
        .submit(request.input())
        .orTimeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .whenCompleteAsync(
            (prediction, failure) -> {
              try {
                if (failure != null) {
                  Throwable cause =
                      failure instanceof CompletionException && failure.getCause() != null
                          ? failure.getCause()
                          : failure;
                  error(ex, statusOf(cause), messageOf(cause));
                } else {
                  respond(ex, 200, response(request, prediction));
                }
              } catch (OipException e) {
                error(ex, e.status(), e.getMessage());
              } catch (RuntimeException e) {
                LOG.warn("infer response failed", e);
                error(ex, 500, "internal error: " + e.getClass().getSimpleName());
              }
            },
            pool);
  }

  private static int statusOf(Throwable cause) {
    if (cause instanceof InputRejectedException r) {
      return r.notFound() ? 404 : 400;
    }
    if (cause instanceof QueueFullException q) {
      return q.closed() ? 503 : 429;
    }
    if (cause instanceof ModelUnavailableException || cause instanceof TimeoutException) {
      return 503;
    }
    return 500;
  }

  private String messageOf(Throwable cause) {
    if (cause instanceof TimeoutException) {
      return "no answer within " + requestTimeout.toMillis() + " ms";
    }
    String m = cause.getMessage();
    return m == null ? cause.getClass().getSimpleName() : m;
  }

  private static ObjectNode response(InferRequest request, Prediction p) {
    ObjectNode body = JSON.createObjectNode();
    body.put("model_name", p.model().name());
    body.put("model_version", Long.toString(p.model().version()));
    if (request.id() != null) {
      body.put("id", request.id());
    }
    body.putObject("parameters").put("accelerator", p.accelerator());
    ArrayNode outputs = body.putArray("outputs");
    List<String> names = new ArrayList<>();
    if (request.outputs().isEmpty()) {
      p.model().outputs().forEach(o -> names.add(o.name()));
    } else {
      for (String n : request.outputs()) {
        if (p.model().output(n).isEmpty()) {
          throw new OipException(400, "unknown output \"" + n + "\" of " + p.model().id());
        }
        names.add(n);
      }
    }
    for (String n : names) {
      TensorSpec spec = p.model().output(n).orElseThrow();
      ObjectNode o = outputs.addObject();
      o.put("name", n);
      o.put("datatype", "FP32");
      ArrayNode shape = o.putArray("shape");
      for (long d : spec.shapeFor(p.rows())) {
        shape.add(d);
      }
      ArrayNode data = o.putArray("data");
      for (float v : p.output(n)) {
        data.add(v);
      }
    }
    return body;
  }

  private static byte[] readBody(HttpExchange ex) {
    try (InputStream in = ex.getRequestBody()) {
      byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
      if (body.length > MAX_BODY_BYTES) {
        throw new OipException(413, "request body exceeds " + MAX_BODY_BYTES + " bytes");
      }
      return body;
    } catch (IOException e) {
      throw new OipException(400, "cannot read the request body: " + e.getMessage());
    }
  }

  private static void requireGet(HttpExchange ex) {
    if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
      ex.getResponseHeaders().set("Allow", "GET");
      throw new OipException(405, ex.getRequestMethod() + " is not allowed here; use GET");
    }
  }

  private static void error(HttpExchange ex, int status, String message) {
    respond(ex, status, JSON.createObjectNode().put("error", message));
  }

  private static void respond(HttpExchange ex, int status, JsonNode body) {
    try {
      send(ex, status, "application/json", JSON.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      send(ex, 500, "application/json", "{\"error\":\"cannot encode the response\"}".getBytes());
    }
  }

  private static void send(HttpExchange ex, int status, String contentType, byte[] body) {
    try (ex) {
      ex.getResponseHeaders().set("Content-Type", contentType);
      boolean head = "HEAD".equals(ex.getRequestMethod());
      ex.sendResponseHeaders(status, head ? -1 : body.length);
      if (!head) {
        try (OutputStream out = ex.getResponseBody()) {
          out.write(body);
        }
      }
    } catch (IOException e) {
      LOG.debug("client went away before the response: {}", e.toString());
    }
  }

  private static String versionOfThisBuild() {
    String v = OipServer.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
