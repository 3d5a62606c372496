package dev.airtrace.core.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Objects;

/**
 * A shared secret an HTTP caller presents as {@code Authorization: Bearer <token>} (RFC 6750). The
 * comparison takes the same time whatever the presented value, so the token cannot be guessed byte
 * by byte from response times; {@link #toString()} never shows it. Immutable and thread-safe.
 *
 * <p>Tokens come from a file (or an environment variable the CLI reads), never from the command
 * line, where {@code ps} would show them. Generate one with {@code openssl rand -hex 32}.
 */
public final class BearerToken {
  /** Shortest token accepted: 16 characters, 64 bits as hex, against online guessing. */
  public static final int MIN_LENGTH = 16;

  /** The {@code WWW-Authenticate} value a 401 answer carries. */
  public static final String CHALLENGE = "Bearer realm=\"airtrace\"";

  private static final String SCHEME = "bearer ";

  private final byte[] secret;

  private BearerToken(byte[] secret) {
    this.secret = secret;
  }

  /**
   * A token with this value.
   *
   * @throws IllegalArgumentException when it is shorter than {@link #MIN_LENGTH} or holds
   *     whitespace or control characters
   */
  public static BearerToken of(String value) {
    Objects.requireNonNull(value, "value");
    if (value.length() < MIN_LENGTH) {
      throw new IllegalArgumentException(
          "a bearer token needs at least "
              + MIN_LENGTH
              + " characters but has "
              + value.length()
              + " (generate one with: openssl rand -hex 32)");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c <= ' ' || c >= 0x7f) {
        throw new IllegalArgumentException(
            "a bearer token must be printable ASCII without spaces (character " + i + ")");
      }
    }
    return new BearerToken(value.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * The token in {@code file}: its content without surrounding whitespace (a trailing newline is
   * fine).
   *
   * @throws UncheckedIOException when the file cannot be read
   * @throws IllegalArgumentException naming the file when its content is no valid token
   */
  public static BearerToken fromFile(Path file) {
    String content;
    try {
      content = Files.readString(file, StandardCharsets.US_ASCII).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the bearer token file " + file, e);
    }
    try {
      return of(content);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bearer token file " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Whether an {@code Authorization} header value presents this token.
   *
   * @param authorization the header value, or {@code null} when the request had none
   */
  public boolean admits(String authorization) {
    if (authorization == null
        || authorization.length() < SCHEME.length()
        || !authorization.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)) {
      return false;
    }
    byte[] presented =
        authorization.substring(SCHEME.length()).strip().getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(secret, presented);
  }

  /** The header value a client sends: {@code Bearer <token>}. */
  public String authorizationHeader() {
    return "Bearer " + new String(secret, StandardCharsets.US_ASCII);
  }

  @Override
  public String toString() {
    return "BearerToken[redacted]";
  }
}
