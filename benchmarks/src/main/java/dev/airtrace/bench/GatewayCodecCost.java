package dev.airtrace.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airtrace.bench.report.BenchRow;
import dev.airtrace.core.AnomalyMark;
import dev.airtrace.core.GatewayId;
import dev.airtrace.core.Reading;
import dev.airtrace.core.codec.Json;
import dev.airtrace.core.codec.SensorPayloadDecoder;
import dev.airtrace.core.codec.SensorTopic;
import dev.airtrace.core.integrity.BatchRef;
import dev.airtrace.core.integrity.PayloadSignature;
import dev.airtrace.quality.QcFlag;
import dev.airtrace.topics.gateway.QcMark;
import dev.airtrace.topics.gateway.ReadingJson;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * CPU cost per message of the gateway's decode and encode steps before and after issue #13, in one
 * JVM on one thread, alternating A and B: "before" parses each payload twice (the signature check's
 * own {@code readTree}, then the strict UTF-8 decode into a String and {@code readTree}) and
 * encodes each reading through a tree ({@link #treeEncode}, a copy of the old encoder kept here for
 * this comparison only); "after" parses once ({@link SensorPayloadDecoder#parse}, plain ASCII
 * straight from bytes) and streams the encoding ({@link ReadingJson#encode}). Thread CPU time
 * ({@link ThreadMXBean#getCurrentThreadCpuTime}), so other processes' load counts less than in
 * wall-clock figures. Run: {@code java -cp "benchmarks/target/airtrace-benchmarks.jar:
 * benchmarks/target/lib/*" dev.airtrace.bench.GatewayCodecCost [rounds]}.
 */
public final class GatewayCodecCost {
  private static final int MESSAGES = 20_000;

  private GatewayCodecCost() {}

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
    SensorCorpus corpus = new SensorCorpus(1_764_000_000_000L);
    SensorPayloadDecoder decoder = new SensorPayloadDecoder();
    GatewayId gw = new GatewayId("gw-bench");
    SensorTopic[] topics = new SensorTopic[MESSAGES];
    byte[][] payloads = new byte[MESSAGES][];
    for (int i = 0; i < MESSAGES; i++) {
      topics[i] = SensorTopic.parse(SensorCorpus.topic(i));
      payloads[i] = corpus.payload(0, MESSAGES, i);
    }
    List<Reading> readings = new ArrayList<>();
    for (int i = 0; i < MESSAGES; i++) {
      readings.add(decoder.decode(topics[i], payloads[i], gw, 1_764_000_100_000L).get(0));
    }
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    double[][] ns = new double[4][rounds];
    long sink = 0;
    for (int warm = 0; warm < 3; warm++) { // JIT warm-up, not counted
      sink +=
          decodeBefore(decoder, topics, payloads, gw) + decodeAfter(decoder, topics, payloads, gw);
      sink += encode(readings, true) + encode(readings, false);
    }
    for (int r = 0; r < rounds; r++) {
      long t0 = mx.getCurrentThreadCpuTime();
      sink += decodeBefore(decoder, topics, payloads, gw);
      long t1 = mx.getCurrentThreadCpuTime();
      sink += decodeAfter(decoder, topics, payloads, gw);
      long t2 = mx.getCurrentThreadCpuTime();
      sink += encode(readings, true);
      long t3 = mx.getCurrentThreadCpuTime();
      sink += encode(readings, false);
      long t4 = mx.getCurrentThreadCpuTime();
      ns[0][r] = (t1 - t0) / (double) MESSAGES;
      ns[1][r] = (t2 - t1) / (double) MESSAGES;
      ns[2][r] = (t3 - t2) / (double) MESSAGES;
      ns[3][r] = (t4 - t3) / (double) MESSAGES;
      System.out.printf(
          Locale.ROOT,
          "round %d: decode before %.0f ns, after %.0f ns; encode before %.0f ns, after %.0f ns"
              + " (per message, thread CPU; load %.1f)%n",
          r + 1,
          ns[0][r],
          ns[1][r],
          ns[2][r],
          ns[3][r],
          BenchRow.loadNow());
    }
    String command = "GatewayCodecCost " + rounds;
    double load = BenchRow.loadNow();
    // CPU-s per million readings = ns per reading x 10^6 x 10^-9 = ns per reading / 1,000.
    System.out.println(
        BenchRow.of(
                "gateway decode CPU per million readings (parse once)",
                median(ns[0]) / 1_000,
                median(ns[1]) / 1_000,
                "CPU-s/1M",
                load,
                command)
            .line());
    System.out.println(
        BenchRow.of(
                "gateway readings-topic encode CPU per million readings (streaming)",
                median(ns[2]) / 1_000,
                median(ns[3]) / 1_000,
                "CPU-s/1M",
                load,
                command)
            .line());
    if (sink == 42) {
      System.out.println(); // keeps the work observable
    }
  }

  private static long decodeBefore(
      SensorPayloadDecoder decoder, SensorTopic[] topics, byte[][] payloads, GatewayId gw) {
    long n = 0;
    for (int i = 0; i < payloads.length; i++) {
      try {
        PayloadSignature.Parsed sig = PayloadSignature.parse(payloads[i]);
        String text =
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(payloads[i]))
                .toString();
        JsonNode root = Json.mapper().readTree(text);
        n += decoder.decodeParsed(topics[i], root, gw, 1L).size() + sig.hashCode() % 2;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    return n;
  }

  private static long decodeAfter(
      SensorPayloadDecoder decoder, SensorTopic[] topics, byte[][] payloads, GatewayId gw) {
    long n = 0;
    for (int i = 0; i < payloads.length; i++) {
      JsonNode root = decoder.parse(payloads[i]);
      PayloadSignature.Parsed sig = PayloadSignature.parse(root);
      n += decoder.decodeParsed(topics[i], root, gw, 1L).size() + sig.hashCode() % 2;
    }
    return n;
  }

  private static long encode(List<Reading> readings, boolean tree) {
    long n = 0;
    int i = 0;
    for (Reading r : readings) {
      BatchRef ref = new BatchRef(17, i++);
      List<QcMark> qc = new ArrayList<>();
      r.values().keySet().forEach(q -> qc.add(QcMark.of(q, QcFlag.PASS)));
      byte[] b =
          tree ? treeEncode(r, ref, List.of(), qc) : ReadingJson.encode(r, ref, List.of(), qc);
      n += b.length;
    }
    return n;
  }

  private static double median(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  /** The tree-model encoder ReadingJson used before issue #13 (no corrections in this load). */
  private static byte[] treeEncode(
      Reading r, BatchRef batch, List<AnomalyMark> anomalies, List<QcMark> qc) {
    ObjectNode root = Json.mapper().createObjectNode();
    root.put("deviceId", r.deviceId().value());
    root.put("siteId", r.siteId().value());
    root.put("sequence", r.sequence());
    root.put("eventTime", r.eventTime());
    root.put("gatewayId", r.gatewayId().value());
    root.put("receivedAt", r.receivedAt());
    ObjectNode values = root.putObject("values");
    r.values()
        .forEach(
            (q, v) -> {
              ObjectNode m = values.putObject(q.code());
              m.put("value", v);
              m.put("unit", q.unit().symbol());
            });
    if (r.location() != null) {
      ObjectNode loc = root.putObject("location");
      loc.put("latitude", r.location().latitude());
      loc.put("longitude", r.location().longitude());
      if (r.location().altitude() != null) {
        loc.put("altitude", r.location().altitude());
      }
    }
    if (batch != null) {
      ObjectNode b = root.putObject("batch");
      b.put("seq", batch.seq());
      b.put("index", batch.index());
    }
    if (!anomalies.isEmpty()) {
      ObjectNode as = root.putObject("anomalies");
      for (AnomalyMark a : anomalies) {
        ObjectNode m = as.putObject(a.quantity().code());
        m.put("rawScore", a.rawScore());
        m.put("likelihood", a.likelihood());
        m.put("model", a.model());
      }
    }
    if (!qc.isEmpty()) {
      ObjectNode qs = root.putObject("qc");
      for (QcMark mark : qc) {
        ObjectNode m = qs.putObject(mark.quantity().code());
        m.put("flag", mark.flag().code());
      }
    }
    try {
      return Json.mapper().writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
