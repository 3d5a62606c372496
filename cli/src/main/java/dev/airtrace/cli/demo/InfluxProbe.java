package dev.airtrace.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airtrace.core.codec.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalLong;

/** Asks an InfluxDB (v1 HTTP API) whether it is there and how many points the demo wrote. */
final class InfluxProbe {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final String baseUrl;

  InfluxProbe(String baseUrl) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  /** Whether {@code /ping} answers 204 (every InfluxDB 1.x, and 2.x/3.x with the v1 API). */
  boolean reachable() {
    try {
      HttpResponse<Void> r =
          http.send(
              HttpRequest.newBuilder(URI.create(baseUrl + "/ping")).timeout(TIMEOUT).build(),
              HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 204;
    } catch (IOException | IllegalArgumentException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The number of values of {@code field} in {@code measurement}, if the query succeeds. */
  OptionalLong count(String database, String measurement, String field) {
    String q = "SELECT count(\"" + field + "\") FROM \"" + measurement + "\"";
    try {
      HttpResponse<byte[]> r =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          baseUrl
                              + "/query?db="
                              + URLEncoder.encode(database, StandardCharsets.UTF_8)
                              + "&q="
                              + URLEncoder.encode(q, StandardCharsets.UTF_8)))
                  .timeout(TIMEOUT)
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      JsonNode values = Json.mapper().readTree(r.body()).at("/results/0/series/0/values/0/1");
      return values.isNumber() ? OptionalLong.of(values.asLong()) : OptionalLong.of(0);
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return OptionalLong.empty();
    }
  }
}
