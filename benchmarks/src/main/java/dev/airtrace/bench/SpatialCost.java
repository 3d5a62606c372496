package dev.airtrace.bench;

import dev.airtrace.bench.report.BenchRow;
import dev.airtrace.core.GatewayId;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.Reading;
import dev.airtrace.core.codec.SensorPayloadDecoder;
import dev.airtrace.core.codec.SensorTopic;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CPU cost per value of the gateway's neighbour comparison ({@code
 * dev.airtrace.anomaly.SpatialConsistency} with its defaults, as the gateway runs it) in one JVM on
 * one thread, the current classes against an older anomaly jar, alternating, fresh state each
 * round. Both run through the same {@link MethodHandle} path, so the call overhead is the same. It
 * also checks that both give <b>the same findings</b> on the corpus (a digest of every finding's
 * fault, score and evidence, in order) and fails otherwise: the change under test must not alter a
 * verdict.
 *
 * <p>Input: {@link SensorCorpus} (1,000 devices on 10 sites, 6 quantities), {@code messages}
 * readings, i.e. 6 × messages values per pass. Thread CPU time ({@link
 * ThreadMXBean#getCurrentThreadCpuTime}), so other processes' load counts less than in wall-clock
 * figures. Run: {@code java -cp "benchmarks/target/airtrace-benchmarks.jar:benchmarks/target/lib/*"
 * dev.airtrace.bench.SpatialCost OLD-anomaly.jar [rounds] [messages]}.
 */
public final class SpatialCost {
  private SpatialCost() {}

  /** One implementation under test: a fresh instance per pass. */
  private record Variant(String name, MethodHandle create, MethodHandle observe) {
    static Variant of(String name, ClassLoader loader) throws Throwable {
      Class<?> config = Class.forName("dev.airtrace.anomaly.SpatialConfig", true, loader);
      Class<?> sc = Class.forName("dev.airtrace.anomaly.SpatialConsistency", true, loader);
      MethodHandles.Lookup l = MethodHandles.publicLookup();
      Object defaults = l.findStatic(config, "defaults", MethodType.methodType(config)).invoke();
      MethodHandle ctor = l.findConstructor(sc, MethodType.methodType(void.class, config));
      MethodHandle create =
          MethodHandles.insertArguments(ctor, 0, defaults)
              .asType(MethodType.methodType(Object.class));
      MethodHandle observe =
          l.findVirtual(
                  sc,
                  "observe",
                  MethodType.methodType(
                      Class.forName("dev.airtrace.anomaly.SpatialFinding", true, loader),
                      String.class,
                      String.class,
                      String.class,
                      long.class,
                      double.class))
              .asType(
                  MethodType.methodType(
                      Object.class,
                      Object.class,
                      String.class,
                      String.class,
                      String.class,
                      long.class,
                      double.class));
      return new Variant(name, create, observe);
    }
  }

  /** Loads {@code dev.airtrace.anomaly} from {@code jar} first, everything else from the parent. */
  private static final class ChildFirst extends URLClassLoader {
    ChildFirst(URL jar, ClassLoader parent) {
      super(new URL[] {jar}, parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      synchronized (getClassLoadingLock(name)) {
        if (name.startsWith("dev.airtrace.anomaly.")) {
          Class<?> c = findLoadedClass(name);
          if (c == null) {
            c = findClass(name);
          }
          if (resolve) {
            resolveClass(c);
          }
          return c;
        }
        return super.loadClass(name, resolve);
      }
    }
  }

  public static void main(String[] args) throws Throwable {
    if (args.length < 1) {
      System.err.println("usage: SpatialCost OLD-anomaly.jar [rounds] [messages]");
      System.exit(2);
    }
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
    int messages = args.length > 2 ? Integer.parseInt(args[2]) : 60_000;
    ClassLoader before =
        new ChildFirst(Path.of(args[0]).toUri().toURL(), SpatialCost.class.getClassLoader());
    Variant[] variants = {
      Variant.of("before", before), Variant.of("after", SpatialCost.class.getClassLoader())
    };
    // the corpus as the gateway sees it: decoded readings, one value per quantity
    SensorCorpus corpus = new SensorCorpus(1_764_000_000_000L);
    SensorPayloadDecoder decoder = new SensorPayloadDecoder();
    GatewayId gw = new GatewayId("gw-bench");
    List<String> sites = new ArrayList<>();
    List<String> devices = new ArrayList<>();
    List<String> quantities = new ArrayList<>();
    List<Long> times = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    int perChunk = 10_000;
    for (int i = 0; i < messages; i++) {
      int chunk = i / perChunk;
      int at = i % perChunk;
      SensorTopic topic = SensorTopic.parse(SensorCorpus.topic(at));
      Reading r = decoder.decode(topic, corpus.payload(chunk, perChunk, at), gw, 1L).get(0);
      for (Map.Entry<Quantity, Double> e : r.values().entrySet()) {
        sites.add(r.siteId().value());
        devices.add(r.deviceId().value());
        quantities.add(e.getKey().code());
        times.add(r.eventTime());
        values.add(e.getValue());
      }
    }
    int n = values.size();
    String[] site = sites.toArray(String[]::new);
    String[] device = devices.toArray(String[]::new);
    String[] quantity = quantities.toArray(String[]::new);
    long[] time = times.stream().mapToLong(Long::longValue).toArray();
    double[] value = values.stream().mapToDouble(Double::doubleValue).toArray();

    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long[] digest = new long[variants.length];
    int[] findings = new int[variants.length];
    for (int warm = 0; warm < 2; warm++) { // JIT warm-up and the verdict check, not timed
      for (int v = 0; v < variants.length; v++) {
        long h = 17;
        int f = 0;
        Object sc = variants[v].create().invoke();
        for (int i = 0; i < n; i++) {
          Object finding =
              variants[v].observe().invoke(sc, site[i], device[i], quantity[i], time[i], value[i]);
          if (finding != null) {
            h = 31 * h + i;
            h = 31 * h + finding.toString().hashCode();
            f++;
          }
        }
        digest[v] = h;
        findings[v] = f;
      }
    }
    System.out.printf(
        Locale.ROOT,
        "values per pass %d; findings before %d (digest %016x), after %d (digest %016x)%n",
        n,
        findings[0],
        digest[0],
        findings[1],
        digest[1]);
    if (digest[0] != digest[1] || findings[0] != findings[1]) {
      System.out.println("FAIL: the findings differ");
      System.exit(1);
    }
    double[][] ns = new double[variants.length][rounds];
    for (int r = 0; r < rounds; r++) {
      for (int v = 0; v < variants.length; v++) {
        int k = (r % 2 == 0) ? v : variants.length - 1 - v; // alternate which goes first
        Object sc = variants[k].create().invoke();
        MethodHandle observe = variants[k].observe();
        long t0 = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < n; i++) {
          Object unused = observe.invoke(sc, site[i], device[i], quantity[i], time[i], value[i]);
        }
        ns[k][r] = (mx.getCurrentThreadCpuTime() - t0) / (double) n;
      }
      System.out.printf(
          Locale.ROOT,
          "round %d: before %.0f ns, after %.0f ns per value (thread CPU; load %.1f)%n",
          r + 1,
          ns[0][r],
          ns[1][r],
          BenchRow.loadNow());
    }
    // CPU-s per million readings = ns per value × values per reading × 10^6 × 10^-9
    double perReading = (double) n / messages;
    String command = "SpatialCost <old anomaly jar> " + rounds + " " + messages;
    System.out.println(
        BenchRow.of(
                "gateway neighbour comparison CPU per million readings (selection, no sort)",
                median(ns[0]) * perReading / 1_000,
                median(ns[1]) * perReading / 1_000,
                "CPU-s/1M",
                BenchRow.loadNow(),
                command)
            .line());
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : 0.5 * (s[s.length / 2 - 1] + s[s.length / 2]);
  }
}
