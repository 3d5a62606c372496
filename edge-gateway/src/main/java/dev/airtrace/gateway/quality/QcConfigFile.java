package dev.airtrace.gateway.quality;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.calibration.ChannelAgreement;
import dev.airtrace.quality.ClimatologyLimits;
import dev.airtrace.quality.FlatLineLimits;
import dev.airtrace.quality.GrossRangeLimits;
import dev.airtrace.quality.QcConfig;
import dev.airtrace.quality.QuantityQc;
import dev.airtrace.quality.RateOfChangeLimit;
import dev.airtrace.quality.Span;
import dev.airtrace.quality.SpikeLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the gateway's QC limits from a JSON file ({@code airtrace gateway --qc-config FILE}, {@code
 * AIRTRACE_QC_CONFIG}); the format, with a sample, is in docs/quality.md and {@code
 * deploy/qc-config.sample.json}.
 *
 * <p>The file only says what differs from the defaults ({@link dev.airtrace.quality.QcDefaults}):
 *
 * <ul>
 *   <li>{@code quantities.<quantity>.<test>}: the test's limits for that quantity on every device;
 *   <li>{@code devices.<device id>.<quantity>.<test>}: the limits on one device, over the
 *       quantity's (file) limits;
 *   <li>within a test object a missing key keeps the value it overrides, so {@code "spike":
 *       {"suspect": 20}} changes one number; {@code "spike": null} switches the test off;
 *   <li>{@code ab_agreement} and {@code max_series} replace those of {@link QcConfig#defaults()}.
 * </ul>
 *
 * <p>Strict: an unknown key, quantity or test, a value of the wrong type and limits that their
 * record refuses all fail with one {@link IllegalArgumentException} whose message names the file,
 * the key path and the value, so the gateway exits before it starts anything. Stateless and
 * thread-safe.
 */
public final class QcConfigFile {
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY).build();

  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)([smhd])");

  static final String GROSS_RANGE = "gross_range";
  static final String CLIMATOLOGY = "climatology";
  static final String SPIKE = "spike";
  static final String RATE_OF_CHANGE = "rate_of_change";
  static final String FLAT_LINE = "flat_line";
  private static final List<String> TESTS =
      List.of(GROSS_RANGE, CLIMATOLOGY, SPIKE, RATE_OF_CHANGE, FLAT_LINE);

  private QcConfigFile() {}

  /**
   * The QC configuration the file at {@code path} describes.
   *
   * @throws IllegalArgumentException one line naming the file and the bad key or value, or saying
   *     that the file cannot be read
   */
  public static QcConfig read(Path path) {
    String text;
    try {
      text = Files.readString(path);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("QC config " + path + ": no such file");
    } catch (IOException e) {
      throw new IllegalArgumentException("QC config " + path + ": cannot read it: " + e, e);
    }
    return parse(text, path.toString());
  }

  /**
   * The QC configuration in {@code json}.
   *
   * @param source named in error messages (the file name)
   * @throws IllegalArgumentException one line naming {@code source}, the key path and the value
   */
  public static QcConfig parse(String json, String source) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      // the location and Jackson's own first line; its full message repeats the whole input
      String where =
          e.getLocation() == null
              ? ""
              : " at line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr();
      throw new IllegalArgumentException(
          "QC config "
              + source
              + ": not valid JSON"
              + where
              + ": "
              + e.getOriginalMessage().lines().findFirst().orElse(""));
    }
    try {
      return build(root);
    } catch (BadKey e) {
      throw new IllegalArgumentException("QC config " + source + ": " + e.getMessage(), e);
    }
  }

  private static QcConfig build(JsonNode root) {
    if (root == null || !root.isObject()) {
      throw new BadKey("(top level)", "must be a JSON object");
    }
    allowOnly(root, "", Set.of("quantities", "devices", "ab_agreement", "max_series"));
    QcConfig.Builder config = QcConfig.builder();
    QcConfig defaults = QcConfig.defaults();
    JsonNode quantities = root.get("quantities");
    Map<Quantity, QuantityQc> perQuantity = new EnumMap<>(defaults.quantities());
    if (quantities != null) {
      requireObject(quantities, "quantities");
      for (Iterator<Map.Entry<String, JsonNode>> it = quantities.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String at = "quantities." + e.getKey();
        Quantity q = quantity(e.getKey(), at);
        QuantityQc limits = merge(perQuantity.get(q), e.getValue(), at);
        perQuantity.put(q, limits);
        config.quantity(q, limits);
      }
    }
    JsonNode devices = root.get("devices");
    if (devices != null) {
      requireObject(devices, "devices");
      for (Iterator<Map.Entry<String, JsonNode>> it = devices.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> d = it.next();
        String deviceAt = "devices." + d.getKey();
        if (d.getKey().isBlank()) {
          throw new BadKey(deviceAt, "device id must not be blank");
        }
        requireObject(d.getValue(), deviceAt);
        for (Iterator<Map.Entry<String, JsonNode>> qs = d.getValue().fields(); qs.hasNext(); ) {
          Map.Entry<String, JsonNode> e = qs.next();
          String at = deviceAt + "." + e.getKey();
          Quantity q = quantity(e.getKey(), at);
          config.device(d.getKey(), q, merge(perQuantity.get(q), e.getValue(), at));
        }
      }
    }
    JsonNode ab = root.get("ab_agreement");
    if (ab != null) {
      requireObject(ab, "ab_agreement");
      allowOnly(ab, "ab_agreement", Set.of("max_difference", "max_relative"));
      ChannelAgreement base = defaults.abAgreement();
      double diff = number(ab, "max_difference", "ab_agreement", base.maxAbsoluteDifference());
      double rel = number(ab, "max_relative", "ab_agreement", base.maxRelativeDifference());
      config.abAgreement(construct("ab_agreement", () -> new ChannelAgreement(diff, rel)));
    }
    JsonNode maxSeries = root.get("max_series");
    if (maxSeries != null) {
      if (!maxSeries.canConvertToInt()
          || !maxSeries.isIntegralNumber()
          || maxSeries.intValue() < 1) {
        throw new BadKey("max_series", "must be an integer >= 1 but was " + maxSeries);
      }
      config.maxSeries(maxSeries.intValue());
    }
    return config.build();
  }

  /** {@code base} with the tests that {@code node} names replaced or changed. */
  private static QuantityQc merge(QuantityQc base, JsonNode node, String at) {
    requireObject(node, at);
    allowOnly(node, at, Set.copyOf(TESTS));
    QuantityQc.Builder b = base.toBuilder();
    if (node.has(GROSS_RANGE)) {
      b.grossRange(grossRange(base.grossRange(), node.get(GROSS_RANGE), at + "." + GROSS_RANGE));
    }
    if (node.has(CLIMATOLOGY)) {
      b.climatology(climatology(base.climatology(), node.get(CLIMATOLOGY), at + "." + CLIMATOLOGY));
    }
    if (node.has(SPIKE)) {
      b.spike(spike(base.spike(), node.get(SPIKE), at + "." + SPIKE));
    }
    if (node.has(RATE_OF_CHANGE)) {
      b.rateOfChange(
          rateOfChange(base.rateOfChange(), node.get(RATE_OF_CHANGE), at + "." + RATE_OF_CHANGE));
    }
    if (node.has(FLAT_LINE)) {
      b.flatLine(flatLine(base.flatLine(), node.get(FLAT_LINE), at + "." + FLAT_LINE));
    }
    return b.build();
  }

  private static GrossRangeLimits grossRange(GrossRangeLimits base, JsonNode node, String at) {
    if (node.isNull()) {
      return null;
    }
    requireObject(node, at);
    allowOnly(node, at, Set.of("fail", "suspect"));
    Span fail = span(node, "fail", at, base == null ? null : base.fail());
    Span suspect = span(node, "suspect", at, base == null ? null : base.suspect());
    return construct(at, () -> new GrossRangeLimits(fail, suspect));
  }

  private static ClimatologyLimits climatology(ClimatologyLimits base, JsonNode node, String at) {
    if (node.isNull()) {
      return null;
    }
    requireObject(node, at);
    allowOnly(node, at, Set.of("all_year", "winter", "spring", "summer", "autumn"));
    if (node.has("all_year")) {
      if (node.size() > 1) {
        throw new BadKey(at, "all_year replaces the four seasons; give one or the other");
      }
      return ClimatologyLimits.allYear(span(node, "all_year", at, null));
    }
    Span winter = span(node, "winter", at, base == null ? null : base.winter());
    Span spring = span(node, "spring", at, base == null ? null : base.spring());
    Span summer = span(node, "summer", at, base == null ? null : base.summer());
    Span autumn = span(node, "autumn", at, base == null ? null : base.autumn());
    return construct(at, () -> new ClimatologyLimits(winter, spring, summer, autumn));
  }

  private static SpikeLimits spike(SpikeLimits base, JsonNode node, String at) {
    if (node.isNull()) {
      return null;
    }
    requireObject(node, at);
    allowOnly(node, at, Set.of("suspect", "fail"));
    double suspect = number(node, "suspect", at, base == null ? Double.NaN : base.suspect());
    double fail = number(node, "fail", at, base == null ? Double.NaN : base.fail());
    return construct(at, () -> new SpikeLimits(suspect, fail));
  }

  private static RateOfChangeLimit rateOfChange(RateOfChangeLimit base, JsonNode node, String at) {
    if (node.isNull()) {
      return null;
    }
    requireObject(node, at);
    allowOnly(node, at, Set.of("suspect_per_hour"));
    double limit =
        number(node, "suspect_per_hour", at, base == null ? Double.NaN : base.suspectPerHour());
    return construct(at, () -> new RateOfChangeLimit(limit));
  }

  private static FlatLineLimits flatLine(FlatLineLimits base, JsonNode node, String at) {
    if (node.isNull()) {
      return null;
    }
    requireObject(node, at);
    allowOnly(node, at, Set.of("tolerance", "suspect_after", "fail_after"));
    double tolerance = number(node, "tolerance", at, base == null ? Double.NaN : base.tolerance());
    Duration suspect =
        duration(node, "suspect_after", at, base == null ? null : base.suspectAfter());
    Duration fail = duration(node, "fail_after", at, base == null ? null : base.failAfter());
    return construct(at, () -> new FlatLineLimits(tolerance, suspect, fail));
  }

  private static Quantity quantity(String code, String at) {
    return Quantity.fromCode(code)
        .orElseThrow(
            () ->
                new BadKey(
                    at,
                    "unknown quantity '"
                        + code
                        + "' (known: "
                        + String.join(
                            ", ", Arrays.stream(Quantity.values()).map(Quantity::code).toList())
                        + ")"));
  }

  private static Span span(JsonNode parent, String key, String at, Span base) {
    JsonNode node = parent.get(key);
    String where = at + "." + key;
    if (node == null) {
      if (base == null) {
        throw new BadKey(where, "missing (the test is off by default, so give every limit)");
      }
      return base;
    }
    if (!node.isArray() || node.size() != 2 || !node.get(0).isNumber() || !node.get(1).isNumber()) {
      throw new BadKey(where, "must be [min, max] (two numbers) but was " + node);
    }
    return construct(where, () -> new Span(node.get(0).doubleValue(), node.get(1).doubleValue()));
  }

  private static double number(JsonNode parent, String key, String at, double base) {
    JsonNode node = parent.get(key);
    String where = at + "." + key;
    if (node == null) {
      if (Double.isNaN(base)) {
        throw new BadKey(where, "missing (the test is off by default, so give every limit)");
      }
      return base;
    }
    if (!node.isNumber()) {
      throw new BadKey(where, "must be a number but was " + node);
    }
    return node.doubleValue();
  }

  private static Duration duration(JsonNode parent, String key, String at, Duration base) {
    JsonNode node = parent.get(key);
    String where = at + "." + key;
    if (node == null) {
      if (base == null) {
        throw new BadKey(where, "missing (the test is off by default, so give every limit)");
      }
      return base;
    }
    if (!node.isTextual()) {
      throw new BadKey(where, "must be a duration such as \"12h\" or \"PT12H\" but was " + node);
    }
    String text = node.textValue().trim().toLowerCase(Locale.ROOT);
    Matcher m = SHORT_DURATION.matcher(text);
    if (m.matches()) {
      double amount = Double.parseDouble(m.group(1));
      long unitMillis =
          switch (m.group(2)) {
            case "s" -> 1_000L;
            case "m" -> 60_000L;
            case "h" -> 3_600_000L;
            default -> 86_400_000L;
          };
      return Duration.ofMillis(Math.round(amount * unitMillis));
    }
    try {
      return Duration.parse(node.textValue().trim());
    } catch (DateTimeParseException e) {
      throw new BadKey(where, "must be a duration such as \"12h\" or \"PT12H\" but was " + node);
    }
  }

  private static void requireObject(JsonNode node, String at) {
    if (!node.isObject()) {
      throw new BadKey(at, "must be a JSON object but was " + node);
    }
  }

  private static void allowOnly(JsonNode node, String at, Set<String> keys) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!keys.contains(k)) {
        throw new BadKey(
            at.isEmpty() ? k : at + "." + k,
            "unknown key (expected one of " + String.join(", ", new TreeSet<>(keys)) + ")");
      }
    }
  }

  /** Runs a limit record's constructor and names the key path in its refusal. */
  private static <T> T construct(String at, java.util.function.Supplier<T> constructor) {
    try {
      return constructor.get();
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new BadKey(at, e.getMessage());
    }
  }

  /** A bad key or value, with its path; {@link #parse} adds the file name. */
  private static final class BadKey extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadKey(String at, String problem) {
      super(at + ": " + problem);
    }
  }
}
