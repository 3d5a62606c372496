package dev.airtrace.core.integrity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airtrace.core.GatewayId;
import dev.airtrace.core.codec.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads and writes {@code sensor-anchor-proof/1} documents ({@code
 * docs/schemas/anchor-proof.v1.schema.json}) and, as {@link #batchHeaderTree}, the shape of a
 * proof's {@code gatewayBatch}, which is also what gateways publish as batch headers. Stateless and
 * thread-safe.
 *
 * <p>Reading is strict about what it uses (types, lowercase 64-hex hashes, {@code 0x} chain values,
 * canonical base64) and raises {@link ProofFormatException} naming the offending field; members it
 * does not know are ignored, so additions such as v2's {@code anchor.receiptRlp} do not break it.
 */
public final class AnchorProofJson {
  private static final Pattern HEX32 = Pattern.compile("[0-9a-f]{64}");
  private static final HexFormat HEX = HexFormat.of();

  private AnchorProofJson() {}

  /** The proof as compact UTF-8 JSON, members in the documented order. */
  public static byte[] write(AnchorProof proof) {
    return bytes(toTree(proof));
  }

  /** The proof as a compact JSON string. */
  public static String writeString(AnchorProof proof) {
    return new String(write(proof), StandardCharsets.UTF_8);
  }

  /** The proof as a Jackson tree (for embedding in a larger response). */
  public static ObjectNode toTree(AnchorProof proof) {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("format", AnchorProof.FORMAT);
    o.put("hash", AnchorProof.HASH);
    o.put("tree", AnchorProof.TREE);
    o.set("leaf", encoded(proof.leaf()));
    ArrayNode levels = o.putArray("levels");
    for (InclusionProof level : proof.levels()) {
      ObjectNode l = levels.addObject();
      l.put("index", level.index());
      l.put("size", level.size());
      ArrayNode path = l.putArray("path");
      level.path().forEach(h -> path.add(HEX.formatHex(h)));
    }
    EpochBatch b = proof.batch();
    ObjectNode batch = o.putObject("batch");
    batch.put("seq", b.seq());
    batch.put("root", b.rootHex());
    batch.put("size", b.size());
    batch.put("firstTs", b.firstTs());
    batch.put("lastTs", b.lastTs());
    o.set("gatewayBatch", headerTree(proof.gatewayBatch()));
    o.set("epochLeaf", encoded(proof.epochLeaf()));
    Anchor a = proof.anchor();
    ObjectNode anchor = o.putObject("anchor");
    anchor.put("chainId", a.chainId());
    anchor.put("contract", a.contract());
    anchor.put("submitter", a.submitter());
    anchor.put("event", a.event());
    anchor.put("topic0", a.topic0());
    if (a.txHash() != null) {
      anchor.put("txHash", a.txHash());
    }
    if (a.blockNumber() != null) {
      anchor.put("blockNumber", a.blockNumber());
    }
    if (a.blockHash() != null) {
      anchor.put("blockHash", a.blockHash());
    }
    if (a.logIndex() != null) {
      anchor.put("logIndex", a.logIndex());
    }
    anchor.put("state", a.state().wireName());
    return o;
  }

  /** Parses a proof; throws {@link ProofFormatException} naming the first bad field. */
  public static AnchorProof read(byte[] json) {
    return fromTree(parse(json));
  }

  /** Parses a proof from a string. */
  public static AnchorProof read(String json) {
    return read(json.getBytes(StandardCharsets.UTF_8));
  }

  /** Builds a proof from an already parsed tree. */
  public static AnchorProof fromTree(JsonNode root) {
    requireObject(root, "");
    requireText(root, "format", AnchorProof.FORMAT);
    requireText(root, "hash", AnchorProof.HASH);
    requireText(root, "tree", AnchorProof.TREE);
    byte[] leaf = decoded(root, "leaf");
    JsonNode levelsNode = root.get("levels");
    if (levelsNode == null || !levelsNode.isArray()) {
      throw new ProofFormatException("/levels must be an array");
    }
    List<InclusionProof> levels = new ArrayList<>();
    for (int i = 0; i < levelsNode.size(); i++) {
      String at = "/levels/" + i;
      JsonNode l = requireObject(levelsNode.get(i), at);
      JsonNode pathNode = l.get("path");
      if (pathNode == null || !pathNode.isArray()) {
        throw new ProofFormatException(at + "/path must be an array");
      }
      List<byte[]> path = new ArrayList<>();
      for (int j = 0; j < pathNode.size(); j++) {
        path.add(hash32(pathNode.get(j), at + "/path/" + j));
      }
      long index = nonNegative(l, "index", at);
      long size = nonNegative(l, "size", at);
      levels.add(construct(at, () -> new InclusionProof(index, size, path)));
    }
    JsonNode b = requireObject(root.get("batch"), "/batch");
    EpochBatch batch =
        construct(
            "/batch",
            () ->
                new EpochBatch(
                    integer(b, "seq", "/batch"),
                    hash32(b.get("root"), "/batch/root"),
                    integer(b, "size", "/batch"),
                    integer(b, "firstTs", "/batch"),
                    integer(b, "lastTs", "/batch")));
    BatchHeader header = headerFromTree(root.get("gatewayBatch"), "/gatewayBatch");
    byte[] epochLeaf = decoded(root, "epochLeaf");
    Anchor anchor = anchorFromTree(requireObject(root.get("anchor"), "/anchor"));
    return new AnchorProof(leaf, levels, batch, header, epochLeaf, anchor);
  }

  /**
   * A batch header as a JSON object ({@code gateway, seq, root, size, firstTs, lastTs,
   * signature?}): a proof's {@code gatewayBatch}, and the value of the batch-header topic, whose
   * codec ({@code dev.airtrace.topics.gateway.BatchHeaderJson}) writes exactly this tree.
   */
  public static ObjectNode batchHeaderTree(BatchHeader header) {
    return headerTree(header);
  }

  /**
   * Reads a batch header from the tree {@link #batchHeaderTree} writes.
   *
   * @throws ProofFormatException naming the offending field
   */
  public static BatchHeader batchHeaderFromTree(JsonNode node) {
    return headerFromTree(node, "");
  }

  private static ObjectNode headerTree(BatchHeader h) {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("gateway", h.gatewayId().value());
    o.put("seq", h.seq());
    o.put("root", HEX.formatHex(h.root()));
    o.put("size", h.size());
    o.put("firstTs", h.firstTs());
    o.put("lastTs", h.lastTs());
    if (h.isSigned()) {
      o.put("signature", Base64.getEncoder().encodeToString(h.signature()));
    }
    return o;
  }

  private static BatchHeader headerFromTree(JsonNode node, String at) {
    JsonNode h = requireObject(node, at);
    JsonNode gw = h.get("gateway");
    if (gw == null || !gw.isTextual()) {
      throw new ProofFormatException(at + "/gateway must be a string");
    }
    JsonNode sig = h.get("signature");
    byte[] signature = sig == null || sig.isNull() ? null : base64(sig, at + "/signature");
    return construct(
        at,
        () ->
            new BatchHeader(
                new GatewayId(gw.textValue()),
                integer(h, "seq", at),
                hash32(h.get("root"), at + "/root"),
                integer(h, "size", at),
                integer(h, "firstTs", at),
                integer(h, "lastTs", at),
                signature));
  }

  private static Anchor anchorFromTree(JsonNode a) {
    String state = text(a, "state", "/anchor");
    AnchorState s =
        AnchorState.fromWireName(state)
            .orElseThrow(
                () ->
                    new ProofFormatException(
                        "/anchor/state must be pending, included or final but was " + state));
    return construct(
        "/anchor",
        () ->
            new Anchor(
                integer(a, "chainId", "/anchor"),
                text(a, "contract", "/anchor"),
                text(a, "submitter", "/anchor"),
                text(a, "event", "/anchor"),
                text(a, "topic0", "/anchor"),
                optionalText(a, "txHash"),
                a.hasNonNull("blockNumber") ? integer(a, "blockNumber", "/anchor") : null,
                optionalText(a, "blockHash"),
                a.hasNonNull("logIndex")
                    ? Math.toIntExact(integer(a, "logIndex", "/anchor"))
                    : null,
                s));
  }

  private static ObjectNode encoded(byte[] bytes) {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("encoding", AnchorProof.ENCODING);
    o.put("b64", Base64.getEncoder().encodeToString(bytes));
    return o;
  }

  private static byte[] decoded(JsonNode root, String field) {
    String at = "/" + field;
    JsonNode o = requireObject(root.get(field), at);
    requireText(o, "encoding", AnchorProof.ENCODING, at);
    JsonNode b64 = o.get("b64");
    if (b64 == null || !b64.isTextual()) {
      throw new ProofFormatException(at + "/b64 must be a base64 string");
    }
    return base64(b64, at + "/b64");
  }

  private static byte[] base64(JsonNode node, String at) {
    if (!node.isTextual()) {
      throw new ProofFormatException(at + " must be a base64 string");
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(node.textValue());
    } catch (IllegalArgumentException e) {
      throw new ProofFormatException(at + " is not base64: " + e.getMessage(), e);
    }
    // One text per byte string: a second spelling (missing padding, stray bits) is refused.
    if (!Base64.getEncoder().encodeToString(bytes).equals(node.textValue())) {
      throw new ProofFormatException(at + " is not canonical padded base64");
    }
    return bytes;
  }

  private static byte[] hash32(JsonNode node, String at) {
    if (node == null || !node.isTextual() || !HEX32.matcher(node.textValue()).matches()) {
      throw new ProofFormatException(at + " must be 64 lowercase hex digits without 0x");
    }
    return HEX.parseHex(node.textValue());
  }

  private static long integer(JsonNode o, String field, String at) {
    JsonNode n = o.get(field);
    if (n == null || !n.isIntegralNumber() || !n.canConvertToLong()) {
      throw new ProofFormatException(at + "/" + field + " must be an integer");
    }
    return n.longValue();
  }

  private static long nonNegative(JsonNode o, String field, String at) {
    long v = integer(o, field, at);
    if (v < 0) {
      throw new ProofFormatException(at + "/" + field + " must be >= 0 but was " + v);
    }
    return v;
  }

  private static String text(JsonNode o, String field, String at) {
    JsonNode n = o.get(field);
    if (n == null || !n.isTextual()) {
      throw new ProofFormatException(at + "/" + field + " must be a string");
    }
    return n.textValue();
  }

  private static String optionalText(JsonNode a, String field) {
    return a.hasNonNull(field) ? text(a, field, "/anchor") : null;
  }

  private static void requireText(JsonNode o, String field, String expected) {
    requireText(o, field, expected, "");
  }

  private static void requireText(JsonNode o, String field, String expected, String at) {
    JsonNode n = o.get(field);
    if (n == null || !n.isTextual() || !n.textValue().equals(expected)) {
      throw new ProofFormatException(
          at + "/" + field + " must be \"" + expected + "\" but was " + n);
    }
  }

  private static JsonNode requireObject(JsonNode n, String at) {
    if (n == null || !n.isObject()) {
      throw new ProofFormatException((at.isEmpty() ? "the document" : at) + " must be an object");
    }
    return n;
  }

  private static <T> T construct(String at, java.util.function.Supplier<T> factory) {
    try {
      return factory.get();
    } catch (ProofFormatException e) {
      throw e;
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new ProofFormatException(
          (at.isEmpty() ? "the document" : at) + ": " + e.getMessage(), e);
    }
  }

  private static JsonNode parse(byte[] json) {
    try {
      return Json.mapper().readTree(json);
    } catch (IOException e) {
      throw new ProofFormatException("not JSON: " + e.getMessage(), e);
    }
  }

  private static byte[] bytes(JsonNode tree) {
    try {
      return Json.mapper().writeValueAsBytes(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON tree", e);
    }
  }
}
