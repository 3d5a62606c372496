package dev.airtrace.nab.envfault;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Builds the environmental-fault corpus: two NAB-layout corpora, {@code <out>/tuning} and {@code
 * <out>/test}, from the Beijing PM2.5 and UCI Air Quality files, with seeded low-cost-sensor faults
 * (six {@link FaultType}s) and their NAB windows. Deterministic: the same inputs and seed give
 * byte-identical files ({@link Random} is specified exactly, each file draws from its own generator
 * seeded from the corpus seed and the file's name).
 *
 * <p>Split (by time for Beijing, by series for UCI, so no test file shares a year of a station or a
 * series with a tuning file): tuning = Beijing 2010 and 2011 (pm2_5, dew_point, temperature,
 * pressure) and UCI co_gt, temperature, sensor_co; test = Beijing 2012, 2013, 2014 and UCI no2_gt,
 * relative_humidity, nox_gt, sensor_no2. Missing source values are dropped (the row disappears, the
 * time stamps keep the gap), never filled, so no fake flat line enters the data.
 *
 * <p>Per file: one in five (by the seeded draw) stays fault-free; the others get three faults, one
 * per third of the file after its first 15 % (beyond NAB's probationary period). Magnitudes scale
 * with the series' own hour-to-hour variability {@code d} (1.4826 × the median absolute first
 * difference, at least half the standard deviation of the differences): spike 6–12 d (one reading),
 * level shift 3–6 d for 2–7 days, drift ramping to 4–8 d over 4–10 days, noise burst σ 2–4 d for
 * 6–24 h, stuck for 12–48 h, dropout to 0 for 2–12 h. NAB windows follow NAB's size rule (10 % of
 * the file divided by the number of faults), start a tenth of a window before the fault and extend
 * to its end if it is longer. Concentrations and humidity are clipped to their physical range.
 *
 * <p>Usage: {@code EnvFaultCorpusGenerator --out DIR [--seed N] [--beijing CSV] [--uci CSV]};
 * {@code airtrace nab --data DIR/test} then scores it.
 */
public final class EnvFaultCorpusGenerator {
  /** The seed the documented numbers use. */
  public static final long DEFAULT_SEED = 20_261_206L;

  /** NAB's probationary share of a file. */
  static final double PROBATION = 0.15;

  /** Faults per faulty file. */
  static final int FAULTS_PER_FILE = 3;

  private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final DateTimeFormatter WINDOW_TS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
  private static final long HOUR = 3_600_000L;

  /** One source series before injection. */
  record Source(String key, boolean test, boolean nonNegative, double max, long[] t, double[] v) {}

  /** One generated file. */
  record Generated(Source source, double[] values, List<InjectedFault> faults) {}

  private EnvFaultCorpusGenerator() {}

  /** Command-line entry point (see the class comment). */
  public static void main(String[] args) throws IOException {
    Path out = null;
    long seed = DEFAULT_SEED;
    Path beijing = Path.of("../shared/data/beijing-pm25/PRSA_data_2010.1.1-2014.12.31.csv");
    Path uci = Path.of("../shared/data/uci-air-quality/AirQualityUCI.csv");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--out":
          out = Path.of(args[++i]);
          break;
        case "--seed":
          seed = Long.parseLong(args[++i]);
          break;
        case "--beijing":
          beijing = Path.of(args[++i]);
          break;
        case "--uci":
          uci = Path.of(args[++i]);
          break;
        default:
          throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    if (out == null) {
      throw new IllegalArgumentException("--out DIR is required");
    }
    List<Generated> files = generate(readBeijing(beijing), readUci(uci), seed);
    write(out, files, seed);
    long faulty = files.stream().filter(f -> !f.faults().isEmpty()).count();
    System.out.printf(
        Locale.ROOT,
        "%d files (%d with faults, %d faults) under %s/tuning and %s/test%n",
        files.size(),
        faulty,
        files.stream().mapToInt(f -> f.faults().size()).sum(),
        out,
        out);
  }

  /** Injects faults into every source, deterministically for {@code seed}. */
  static List<Generated> generate(List<Source> beijing, List<Source> uci, long seed) {
    List<Source> all = new ArrayList<>(beijing);
    all.addAll(uci);
    List<Generated> out = new ArrayList<>();
    FaultType[] types = FaultType.values();
    // one round-robin over the six types per split, from a seeded start: each split gets every
    // type about equally often
    int[] next = {Math.floorMod(seed, types.length), Math.floorMod(seed + 3, types.length)};
    for (Source s : all) {
      Random r = new Random(seed * 31 + s.key().hashCode());
      double[] v = s.v().clone();
      List<InjectedFault> faults = new ArrayList<>();
      if (r.nextInt(5) != 0) {
        int n = v.length;
        int start = (int) Math.ceil(n * PROBATION);
        int slot = (n - start) / FAULTS_PER_FILE;
        int window = (int) (0.1 * n / FAULTS_PER_FILE);
        double d = variability(s.v());
        for (int k = 0; k < FAULTS_PER_FILE; k++) {
          FaultType type = types[next[s.test() ? 1 : 0]++ % types.length];
          faults.add(inject(s, v, type, start + k * slot, slot, window, d, r));
        }
      }
      out.add(new Generated(s, v, faults));
    }
    return out;
  }

  /** Hour-to-hour variability: robust σ of the first differences, at least half their std. */
  static double variability(double[] v) {
    double[] diff = new double[v.length - 1];
    double sum = 0;
    double sq = 0;
    for (int i = 1; i < v.length; i++) {
      diff[i - 1] = Math.abs(v[i] - v[i - 1]);
      sum += v[i] - v[i - 1];
      sq += (v[i] - v[i - 1]) * (v[i] - v[i - 1]);
    }
    Arrays.sort(diff);
    double mad = 1.4826 * diff[diff.length / 2];
    double mean = sum / diff.length;
    double std = Math.sqrt(Math.max(0, sq / diff.length - mean * mean));
    return Math.max(mad, 0.5 * std);
  }

  private static InjectedFault inject(
      Source s,
      double[] v,
      FaultType type,
      int slotStart,
      int slotLength,
      int window,
      double d,
      Random r) {
    int duration;
    double magnitude = 0;
    switch (type) {
      case STUCK:
        duration = 12 + r.nextInt(37);
        break;
      case DRIFT:
        duration = 24 * (4 + r.nextInt(7));
        magnitude = d * (4 + 4 * r.nextDouble());
        break;
      case DROPOUT:
        duration = 2 + r.nextInt(11);
        break;
      case SPIKE:
        duration = 1;
        magnitude = d * (6 + 6 * r.nextDouble());
        break;
      case NOISE:
        duration = 6 + r.nextInt(19);
        magnitude = d * (2 + 2 * r.nextDouble());
        break;
      case LEVEL_SHIFT:
        duration = 24 * (2 + r.nextInt(6));
        magnitude = d * (3 + 3 * r.nextDouble());
        break;
      default:
        throw new IllegalStateException(type.toString());
    }
    int lead = window / 10;
    int room = slotLength - lead - Math.max(duration, window - lead) - 2;
    if (room < 1) {
      throw new IllegalStateException(s.key() + ": file too short for a " + type + " fault");
    }
    int first = slotStart + lead + 1 + r.nextInt(room);
    int last = first + duration - 1;
    // concentrations go up and down; a signed offset for everything, but a spike on a
    // concentration near zero goes up (a negative one would only be clipped to 0)
    double sign = r.nextBoolean() ? 1 : -1;
    if (type == FaultType.SPIKE && s.nonNegative() && v[first] < magnitude) {
      sign = 1;
    }
    double held = v[first - 1];
    for (int i = first; i <= last; i++) {
      double x = v[i];
      switch (type) {
        case STUCK:
          x = held;
          break;
        case DROPOUT:
          x = 0;
          break;
        case DRIFT:
          x += sign * magnitude * (i - first + 1) / duration;
          break;
        case SPIKE:
        case LEVEL_SHIFT:
          x += sign * magnitude;
          break;
        case NOISE:
          x += magnitude * r.nextGaussian();
          break;
        default:
          throw new IllegalStateException(type.toString());
      }
      v[i] = clip(s, x);
    }
    int windowFirst = first - lead;
    int windowLast = Math.max(last, windowFirst + window - 1);
    return new InjectedFault(s.key(), type, first, last, windowFirst, windowLast, magnitude);
  }

  private static double clip(Source s, double x) {
    double lo = s.nonNegative() ? 0 : Double.NEGATIVE_INFINITY;
    return Math.round(Math.min(s.max(), Math.max(lo, x)) * 1000) / 1000.0;
  }

  /** Beijing: one series per quantity and year. */
  static List<Source> readBeijing(Path csv) throws IOException {
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    String[] quantities = {"pm2_5", "dew_point", "temperature", "pressure"};
    int[] columns = {5, 6, 7, 8};
    List<Source> out = new ArrayList<>();
    for (int year = 2010; year <= 2014; year++) {
      for (int q = 0; q < quantities.length; q++) {
        List<long[]> t = new ArrayList<>();
        List<Double> v = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
          String[] f = line.strip().split(",");
          if (Integer.parseInt(f[1]) != year
              || f[columns[q]].equals("NA")
              || f[columns[q]].isEmpty()) {
            continue;
          }
          LocalDateTime time =
              LocalDateTime.of(
                  year, Integer.parseInt(f[2]), Integer.parseInt(f[3]), Integer.parseInt(f[4]), 0);
          t.add(new long[] {time.toInstant(ZoneOffset.UTC).toEpochMilli()});
          v.add(Double.parseDouble(f[columns[q]]));
        }
        boolean test = year >= 2012;
        boolean nonNegative = q == 0;
        double max = q == 0 ? 2_000 : Double.POSITIVE_INFINITY;
        out.add(
            new Source(
                "beijing/" + quantities[q] + "_" + year + ".csv",
                test,
                nonNegative,
                max,
                t.stream().mapToLong(a -> a[0]).toArray(),
                v.stream().mapToDouble(Double::doubleValue).toArray()));
      }
    }
    return out;
  }

  /** UCI: one series per chosen column over the whole year. */
  static List<Source> readUci(Path csv) throws IOException {
    List<String> lines = Files.readAllLines(csv, StandardCharsets.ISO_8859_1);
    // column, name, test split, non-negative, max
    Object[][] series = {
      {2, "co_gt", false, true, 50.0},
      {12, "temperature", false, false, Double.POSITIVE_INFINITY},
      {3, "sensor_co", false, true, Double.POSITIVE_INFINITY},
      {9, "no2_gt", true, true, Double.POSITIVE_INFINITY},
      {13, "relative_humidity", true, true, 100.0},
      {7, "nox_gt", true, true, Double.POSITIVE_INFINITY},
      {10, "sensor_no2", true, true, Double.POSITIVE_INFINITY},
    };
    List<Source> out = new ArrayList<>();
    for (Object[] spec : series) {
      int column = (Integer) spec[0];
      List<Long> t = new ArrayList<>();
      List<Double> v = new ArrayList<>();
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.strip().split(";");
        if (f.length <= column || f[0].isEmpty()) {
          continue;
        }
        double value = Double.parseDouble(f[column].replace(',', '.'));
        if (value == -200) {
          continue;
        }
        String[] date = f[0].split("/");
        String[] time = f[1].split("\\.");
        LocalDateTime at =
            LocalDateTime.of(
                Integer.parseInt(date[2]),
                Integer.parseInt(date[1]),
                Integer.parseInt(date[0]),
                Integer.parseInt(time[0]),
                0);
        t.add(at.toInstant(ZoneOffset.UTC).toEpochMilli());
        v.add(value);
      }
      out.add(
          new Source(
              "uci/" + spec[1] + ".csv",
              (Boolean) spec[2],
              (Boolean) spec[3],
              (Double) spec[4],
              t.stream().mapToLong(Long::longValue).toArray(),
              v.stream().mapToDouble(Double::doubleValue).toArray()));
    }
    return out;
  }

  /** Writes both corpora. */
  static void write(Path out, List<Generated> files, long seed) throws IOException {
    for (boolean test : new boolean[] {false, true}) {
      Path root = out.resolve(test ? "test" : "tuning");
      Map<String, List<List<String>>> windows = new LinkedHashMap<>();
      List<Map<String, Object>> faults = new ArrayList<>();
      for (Generated g : files) {
        if (g.source().test() != test) {
          continue;
        }
        Source s = g.source();
        Path csv = root.resolve("data").resolve(s.key());
        Files.createDirectories(csv.getParent());
        try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
          w.write("timestamp,value\n");
          for (int i = 0; i < s.t().length; i++) {
            w.write(TS.format(LocalDateTime.ofEpochSecond(s.t()[i] / 1000, 0, ZoneOffset.UTC)));
            w.write(',');
            w.write(number(g.values()[i]));
            w.write('\n');
          }
        }
        List<List<String>> fileWindows = new ArrayList<>();
        for (InjectedFault f : g.faults()) {
          fileWindows.add(
              List.of(windowTime(s.t()[f.windowFirstRow()]), windowTime(s.t()[f.windowLastRow()])));
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("file", f.file());
          m.put("type", f.type().code());
          m.put("firstRow", f.firstRow());
          m.put("lastRow", f.lastRow());
          m.put("windowFirstRow", f.windowFirstRow());
          m.put("windowLastRow", f.windowLastRow());
          m.put("magnitude", f.magnitude());
          faults.add(m);
        }
        windows.put(s.key(), fileWindows);
      }
      ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      Files.createDirectories(root.resolve("labels"));
      Files.createDirectories(root.resolve("config"));
      json.writeValue(root.resolve("labels/combined_windows.json").toFile(), windows);
      json.writeValue(root.resolve("labels/faults.json").toFile(), faults);
      json.writeValue(root.resolve("config/profiles.json").toFile(), profiles());
      Files.writeString(
          root.resolve("README.md"),
          "# airtrace environmental-fault corpus ("
              + (test ? "test" : "tuning")
              + " files)\n\nGenerated by dev.airtrace.nab.envfault.EnvFaultCorpusGenerator, seed "
              + seed
              + ", from the Beijing PM2.5 (Liang et al. 2015) and UCI Air Quality (De Vito et al."
              + " 2008) data sets with injected faults; see docs/quality.md. Do not commit.\n");
    }
  }

  /** NAB's three application profiles (NAB v1.1 config/profiles.json). */
  private static Map<String, Object> profiles() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("standard", costMatrix(1.0, 0.11));
    p.put("reward_low_FP_rate", costMatrix(1.0, 0.22));
    p.put("reward_low_FN_rate", costMatrix(2.0, 0.11));
    return p;
  }

  private static Map<String, Object> costMatrix(double fn, double fp) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("tpWeight", 1.0);
    m.put("fnWeight", fn);
    m.put("fpWeight", fp);
    m.put("tnWeight", 1.0);
    return Map.of("CostMatrix", m);
  }

  private static String windowTime(long millis) {
    return WINDOW_TS.format(LocalDateTime.ofEpochSecond(millis / 1000, 0, ZoneOffset.UTC));
  }

  private static String number(double x) {
    if (x == Math.rint(x) && Math.abs(x) < 1e15) {
      return Long.toString((long) x);
    }
    return Double.toString(x);
  }

  /** Reads {@code labels/faults.json} of a generated corpus. */
  public static List<InjectedFault> readFaults(Path corpusRoot) {
    try {
      List<InjectedFault> out = new ArrayList<>();
      for (var node :
          new ObjectMapper().readTree(corpusRoot.resolve("labels/faults.json").toFile())) {
        out.add(
            new InjectedFault(
                node.get("file").asText(),
                FaultType.ofCode(node.get("type").asText()),
                node.get("firstRow").asInt(),
                node.get("lastRow").asInt(),
                node.get("windowFirstRow").asInt(),
                node.get("windowLastRow").asInt(),
                node.get("magnitude").asDouble()));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
