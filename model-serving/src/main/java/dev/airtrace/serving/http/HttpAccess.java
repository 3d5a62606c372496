package dev.airtrace.serving.http;

import dev.airtrace.core.http.BearerToken;
import java.util.Objects;
import java.util.Optional;

/**
 * Who may call the OIP endpoint and over what: an optional bearer token every request but the
 * health probes must present, and optional TLS. Without either, put the endpoint behind a proxy
 * that authenticates and terminates TLS (docs/serving.md), and keep it bound to the loopback
 * interface. Immutable.
 *
 * @param token required on every path except {@code /v2/health/live} and {@code /v2/health/ready}
 *     when present (probes need no secret); answers 401 with a {@code WWW-Authenticate} challenge
 * @param tls the server certificate and key, or empty for plain HTTP
 */
public record HttpAccess(Optional<BearerToken> token, Optional<TlsKeyStore> tls) {
  public HttpAccess {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(tls, "tls");
  }

  /** No token, plain HTTP: for the loopback interface or behind an authenticating proxy. */
  public static HttpAccess open() {
    return new HttpAccess(Optional.empty(), Optional.empty());
  }

  /** Whether a request for {@code path} needs the token. */
  boolean guards(String path) {
    return token.isPresent() && !path.equals("/v2/health/live") && !path.equals("/v2/health/ready");
  }
}
