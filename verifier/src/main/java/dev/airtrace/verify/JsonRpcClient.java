package dev.airtrace.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A minimal Ethereum JSON-RPC 2.0 client over the JDK {@link HttpClient}: one POST per call, no
 * batching, no retries (a verifier that cannot reach its node says so instead of hiding it).
 * Thread-safe.
 */
final class JsonRpcClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI endpoint;
  private final Duration timeout;
  private final HttpClient http;

  JsonRpcClient(URI endpoint, Duration timeout, HttpClient http) {
    this.endpoint = endpoint;
    this.timeout = timeout;
    this.http = http;
  }

  URI endpoint() {
    return endpoint;
  }

  /**
   * Calls {@code method} with positional String/number/boolean {@code params} and returns {@code
   * result}, which is a JSON {@code null} node when the node knows nothing (e.g. an unknown tx).
   */
  JsonNode call(String method, Object... params) throws NodeUnavailableException {
    ObjectNode request = JSON.createObjectNode();
    request.put("jsonrpc", "2.0");
    request.put("id", 1);
    request.put("method", method);
    ArrayNode array = request.putArray("params");
    for (Object param : params) {
      array.add(JSON.valueToTree(param));
    }
    HttpRequest post =
        HttpRequest.newBuilder(endpoint)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(request.toString()))
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(post, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new NodeUnavailableException(
          endpoint + " unreachable (" + method + "): " + describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NodeUnavailableException("interrupted during " + method, e);
    }
    if (response.statusCode() != 200) {
      throw new NodeUnavailableException(
          endpoint + " answered HTTP " + response.statusCode() + " to " + method);
    }
    JsonNode body;
    try {
      body = JSON.readTree(response.body());
    } catch (IOException e) {
      throw new NodeUnavailableException(endpoint + " answered non-JSON to " + method, e);
    }
    if (body == null || !body.isObject()) {
      throw new NodeUnavailableException(endpoint + " answered no JSON object to " + method);
    }
    if (body.hasNonNull("error")) {
      throw new NodeUnavailableException(
          endpoint + " answered an error to " + method + ": " + body.get("error"));
    }
    if (!body.has("result")) {
      throw new NodeUnavailableException(endpoint + " answered no result to " + method);
    }
    return body.get("result");
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
