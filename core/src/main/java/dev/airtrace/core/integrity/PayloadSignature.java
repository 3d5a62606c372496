package dev.airtrace.core.integrity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airtrace.core.codec.Json;
import java.io.IOException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * Device signatures on airtrace JSON sensor payloads: the member {@code "sig"} holds the base64
 * (RFC 4648 §4, padded) Ed25519 signature over the RFC 8785 (JCS) bytes of the payload object
 * <em>without</em> {@code sig}. Canonicalising makes the signature independent of member order and
 * whitespace, so a device may serialise its JSON however it likes. SenML packs carry no signature.
 *
 * <p>Stateless and thread-safe.
 */
public final class PayloadSignature {
  /** The payload member that holds the signature. */
  public static final String MEMBER = "sig";

  private PayloadSignature() {}

  /** What a payload says about its signature. */
  public sealed interface Parsed {}

  /** The payload is not a JSON object: nothing to check (the decoder rejects it). */
  public record NotAnObject() implements Parsed {}

  /** A JSON object without {@code sig}. */
  public record Unsigned() implements Parsed {}

  /**
   * A JSON object with {@code sig}.
   *
   * @param signedBytes the JCS bytes of the object without {@code sig}
   * @param signature the decoded signature, or empty when {@code sig} is not a base64 string
   */
  public record Signed(byte[] signedBytes, Optional<byte[]> signature) implements Parsed {
    /** Whether {@code key} verifies the signature over the signed bytes. */
    public boolean verifies(PublicKey key) {
      return signature.isPresent() && Ed25519.verify(key, signedBytes, signature.get());
    }
  }

  /** Splits a payload into its signed bytes and its signature. */
  public static Parsed parse(byte[] payload) {
    JsonNode root;
    try {
      root = payload == null ? null : Json.mapper().readTree(payload);
    } catch (IOException e) {
      return new NotAnObject();
    }
    return parse(root);
  }

  /**
   * Splits a payload that the caller parsed already (the gateway parses each payload once, for this
   * check and for decoding) into its signed bytes and its signature. {@code root} is not modified;
   * {@code null} counts as not an object.
   */
  public static Parsed parse(JsonNode root) {
    if (root == null || !root.isObject()) {
      return new NotAnObject();
    }
    JsonNode sig = root.get(MEMBER);
    if (sig == null) {
      return new Unsigned();
    }
    // Only a signed payload pays for the copy: JCS needs the object without sig.
    ObjectNode object = ((ObjectNode) root).deepCopy();
    object.remove(MEMBER);
    byte[] signed = Jcs.canonicalize(object);
    if (!sig.isTextual()) {
      return new Signed(signed, Optional.empty());
    }
    try {
      return new Signed(signed, Optional.of(Base64.getDecoder().decode(sig.textValue())));
    } catch (IllegalArgumentException e) {
      return new Signed(signed, Optional.empty());
    }
  }

  /** The bytes a device signs: JCS of the payload object without {@code sig}. */
  public static byte[] signedBytes(byte[] payload) {
    Parsed parsed = parse(payload);
    if (parsed instanceof Signed s) {
      return s.signedBytes();
    }
    if (parsed instanceof Unsigned) {
      try {
        return Jcs.canonicalize(Json.mapper().readTree(payload));
      } catch (IOException e) {
        throw new IllegalStateException("payload parsed once but not twice", e);
      }
    }
    throw new IllegalArgumentException("a signed payload must be a JSON object");
  }

  /**
   * The payload with {@code sig} set to {@code key}'s signature (an existing {@code sig} is
   * replaced); for devices, the simulator and tests.
   */
  public static byte[] sign(byte[] payload, PrivateKey key) {
    Objects.requireNonNull(key, "key");
    byte[] signed = signedBytes(payload);
    try {
      ObjectNode object = (ObjectNode) Json.mapper().readTree(payload);
      object.put(MEMBER, Base64.getEncoder().encodeToString(Ed25519.sign(key, signed)));
      return Json.mapper().writeValueAsBytes(object);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the signed payload", e);
    }
  }
}
