package dev.airtrace.topics;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airtrace.core.codec.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The {@code "backfill": true} value field that the gateway's outbox adds to a record it sends as
 * backfill, beside the header {@link RecordHeaders#BACKFILL} (docs/topics.md, "Record headers").
 * Carried by the values of the readings, aggregates and anomaly-event topics ({@link #TOPICS}); the
 * other gateway topics (dead letters, batch headers) carry the header only, because their values
 * are not the gateway's view of a measurement. Absent means live ({@code false}); the decoders of
 * those topics accept the field and their records do not change with it (the Merkle leaf of a
 * reading is built from fixed reading fields, so a marked reading has the same leaf). Stateless.
 */
public final class BackfillField {
  private BackfillField() {}

  /** The field's name. */
  public static final String NAME = "backfill";

  /** Topics whose values carry the field when sent as backfill. */
  public static final Set<String> TOPICS =
      Set.of(Topics.Names.READINGS, Topics.Names.AGGREGATES_1M, Topics.Names.ANOMALIES);

  // Inserted right after the opening brace: member order does not matter in JSON, and our encoders
  // never write this member, so the result has no duplicate key.
  private static final byte[] MEMBER =
      ("\"" + NAME + "\":true").getBytes(StandardCharsets.US_ASCII);

  /**
   * The value as sent as backfill: {@link #mark} for a topic in {@link #TOPICS}, the same bytes for
   * any other topic.
   */
  public static byte[] markIfCarried(String topic, byte[] value) {
    return TOPICS.contains(topic) ? mark(value) : value;
  }

  /**
   * Inserts {@code "backfill":true} as the first member of a JSON object written by our encoders
   * (compact, starting with <code>{</code>), without re-encoding the rest: the other bytes stay as
   * they are.
   *
   * @throws IllegalArgumentException if the value does not start with <code>{</code> or already has
   *     the field
   */
  public static byte[] mark(byte[] value) {
    if (value.length < 2 || value[0] != '{') {
      throw new IllegalArgumentException("value is not a compact JSON object");
    }
    if (isMarked(value)) {
      throw new IllegalArgumentException("value already has a " + NAME + " field");
    }
    boolean empty = value[1] == '}';
    byte[] out = new byte[value.length + MEMBER.length + (empty ? 0 : 1)];
    out[0] = '{';
    System.arraycopy(MEMBER, 0, out, 1, MEMBER.length);
    int p = 1 + MEMBER.length;
    if (!empty) {
      out[p++] = ',';
    }
    System.arraycopy(value, 1, out, p, value.length - 1);
    return out;
  }

  /**
   * Whether a topic value was sent as backfill according to its field: {@code true} only for a JSON
   * object whose top-level {@code backfill} member is {@code true}; absent means {@code false}.
   *
   * @throws IllegalArgumentException if the value is not JSON, or its {@code backfill} member is
   *     not a boolean
   */
  public static boolean isMarked(byte[] value) {
    JsonNode root;
    try {
      root = Json.mapper().readTree(value);
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
    }
    return read(root);
  }

  /**
   * The field of a decoded JSON object: absent (or not an object) means {@code false}.
   *
   * @throws IllegalArgumentException if the member is present but not a boolean
   */
  public static boolean read(JsonNode root) {
    JsonNode n = root == null ? null : root.get(NAME);
    if (n == null) {
      return false;
    }
    if (!n.isBoolean()) {
      throw new IllegalArgumentException(NAME + " must be a boolean but was " + n.getNodeType());
    }
    return n.booleanValue();
  }
}
