package dev.airtrace.sink.influx;

import dev.airtrace.core.tls.PemTrust;
import dev.airtrace.topics.Topics;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * Configuration of the InfluxDB sink connector: where to write, how to batch and retry, and how
 * each topic's JSON records map to points.
 *
 * <p>Mappings are listed by alias in {@value #MAPPINGS}; each alias {@code a} reads {@code
 * influx.mapping.a.topic}, {@code .measurement}, {@code .time}, {@code .tags}, {@code .explode},
 * {@code .explode.tag} and {@code .exclude}. The preset {@value #PRESET_AIRTRACE} (the default of
 * {@value #MAPPING_PRESET}) adds the mappings for airtrace's three analytics topics ({@link
 * #AIRTRACE_TOPICS}), so a user sets only {@value #URL}, {@value #DATABASE} and {@code topics}; an
 * explicit mapping for the same topic replaces the preset one. See docs/sink.md.
 *
 * <p>Immutable and thread-safe once constructed.
 */
public final class InfluxSinkConfig extends AbstractConfig {
  /** Base URL of the InfluxDB HTTP API. */
  public static final String URL = "influx.url";

  /** Database (InfluxDB 1.x) or DBRP-mapped bucket (2.x/3.x v1 compatibility). */
  public static final String DATABASE = "influx.database";

  /** Optional user name (in 2.x v1 compatibility: any name, the token as password). */
  public static final String USERNAME = "influx.username";

  /** Optional password. */
  public static final String PASSWORD = "influx.password";

  /**
   * Optional PEM file with the CA certificate(s) that sign an {@code https://} InfluxDB's
   * certificate; empty for the JVM's default trust store.
   */
  public static final String CA_FILE = "influx.ssl.ca.file";

  /** Optional retention policy; empty for the database default. */
  public static final String RETENTION_POLICY = "influx.retention.policy";

  /** Whether the task issues {@code CREATE DATABASE} on start (needs admin rights on 1.x). */
  public static final String CREATE_DATABASE = "influx.create.database";

  /** Maximum points per HTTP write. */
  public static final String BATCH_SIZE = "influx.batch.size";

  /** Longest time converted points wait in the buffer before a write, in milliseconds. */
  public static final String LINGER_MS = "influx.linger.ms";

  /** Pause before Connect redelivers a batch whose write failed transiently, in milliseconds. */
  public static final String RETRY_BACKOFF_MS = "influx.retry.backoff.ms";

  /** How long transient write failures are retried before the task fails; -1 for ever. */
  public static final String RETRY_TIMEOUT_MS = "influx.retry.timeout.ms";

  /** Connect, read and write timeout of one HTTP request, in milliseconds. */
  public static final String HTTP_TIMEOUT_MS = "influx.http.timeout.ms";

  /** Built-in mappings to start from: {@value #PRESET_AIRTRACE} or {@value #PRESET_NONE}. */
  public static final String MAPPING_PRESET = "influx.mapping.preset";

  /** Comma-separated aliases of explicit topic mappings. */
  public static final String MAPPINGS = "influx.mappings";

  /** Prefix of the per-alias mapping settings. */
  public static final String MAPPING_PREFIX = "influx.mapping.";

  /** The preset with airtrace's three analytics topics. */
  public static final String PRESET_AIRTRACE = "airtrace";

  /** No preset: only explicit mappings. */
  public static final String PRESET_NONE = "none";

  /** 1-minute per-device aggregates, written as measurement {@code device_1m}. */
  public static final String TOPIC_DEVICE_1M = Topics.Names.AGGREGATES_1M;

  /** Hourly per-site averages, written as measurement {@code site_hourly}. */
  public static final String TOPIC_SITE_HOURLY = Topics.Names.SITE_HOURLY;

  /** Per-site AQI per hour, written as measurement {@code site_aqi}. */
  public static final String TOPIC_SITE_AQI = Topics.Names.SITE_AQI;

  /**
   * The gateway's accepted readings, written as measurement {@code reading}: one point per value,
   * with its QC flags and anomaly mark (docs/sink.md).
   */
  public static final String TOPIC_READINGS = Topics.Names.READINGS;

  /** Per-sensor quality scores, written as measurement {@code sensor_quality}. */
  public static final String TOPIC_SENSOR_QUALITY = Topics.Names.SENSOR_QUALITY;

  /**
   * Forecast verifications, written as measurement {@code forecast_verification} (time: the
   * verified hour's end). In the preset, but not in {@link #AIRTRACE_TOPICS}: the topic exists only
   * where the processor runs the forecast verifier, so add it to {@code topics} there.
   */
  public static final String TOPIC_FORECAST_VERIFICATIONS = Topics.Names.FORECAST_VERIFICATIONS;

  /**
   * Rolling forecast skill and corrections, written as measurement {@code forecast_skill} (time:
   * the window's newest verified hour). In the preset, not in {@link #AIRTRACE_TOPICS} (see {@link
   * #TOPIC_FORECAST_VERIFICATIONS}).
   */
  public static final String TOPIC_FORECAST_SKILL = Topics.Names.FORECAST_SKILL;

  /** The forecast verifier's topics, which the preset maps; see {@link #TOPIC_FORECAST_SKILL}. */
  public static final List<String> VERIFICATION_TOPICS =
      List.of(TOPIC_FORECAST_VERIFICATIONS, TOPIC_FORECAST_SKILL);

  /** The topics the {@value #PRESET_AIRTRACE} preset maps, for the connector's {@code topics}. */
  public static final List<String> AIRTRACE_TOPICS =
      List.of(
          TOPIC_DEVICE_1M, TOPIC_SITE_HOURLY, TOPIC_SITE_AQI, TOPIC_SENSOR_QUALITY, TOPIC_READINGS);

  /** Default points per write: InfluxDB recommends 5,000-10,000 lines per request. */
  public static final int DEFAULT_BATCH_SIZE = 5_000;

  /** Default buffer linger. */
  public static final Duration DEFAULT_LINGER = Duration.ofSeconds(1);

  /** Default retry backoff. */
  public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofSeconds(1);

  /** Default HTTP timeout. */
  public static final Duration DEFAULT_HTTP_TIMEOUT = Duration.ofSeconds(10);

  private static final String GROUP_CONNECTION = "InfluxDB connection";
  private static final String GROUP_WRITE = "Batching and retries";
  private static final String GROUP_MAPPING = "Record mapping";

  private static final List<String> MAPPING_KEYS =
      List.of(
          "topic",
          "measurement",
          "time",
          "tags",
          "explode",
          "explode.tag",
          "explode.fields",
          "explode.join",
          "integers",
          "exclude");

  /** The connector's configuration definition, with documentation for every key. */
  public static final ConfigDef CONFIG_DEF = configDef();

  private final Map<String, TopicMapping> mappings;

  /**
   * Parses and validates {@code props}.
   *
   * @throws ConfigException for a missing or invalid setting, naming the key
   */
  public InfluxSinkConfig(Map<String, String> props) {
    super(CONFIG_DEF, props);
    this.mappings = parseMappings(props, getString(MAPPING_PRESET), getList(MAPPINGS));
    URI uri = uri(url());
    if (caFile().isPresent()) {
      if (!"https".equals(uri.getScheme())) {
        throw new ConfigException(
            CA_FILE, getString(CA_FILE), "a CA file needs an https:// " + URL + ", got " + url());
      }
      try {
        // Read now: a wrong path or a broken bundle fails the connector's validation, not a write.
        PemTrust.certificates(caFile().get(), "InfluxDB CA");
      } catch (IllegalArgumentException e) {
        throw new ConfigException(CA_FILE, getString(CA_FILE), e.getMessage());
      }
    }
  }

  private static URI uri(String url) {
    try {
      URI uri = new URI(url);
      // Only the scheme: java.net.URI has no host for names okhttp accepts (e.g. "my_influx").
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
        throw new ConfigException(URL, url, "must be an http:// or https:// URL");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new ConfigException(URL, url, "not a URL: " + e.getMessage());
    }
  }

  /**
   * A warning when credentials would travel in clear text: a password or token over {@code http://}
   * to a host that is not loopback. Empty for https, for no credentials and for {@code localhost},
   * {@code 127.0.0.0/8} and {@code ::1}. The host is judged by its spelling, without a DNS lookup.
   */
  Optional<String> plaintextCredentialsWarning() {
    URI uri = uri(url());
    if (!"http".equals(uri.getScheme())
        || password().isEmpty()
        || uri.getHost() != null && isLoopback(uri.getHost())) {
      return Optional.empty();
    }
    return Optional.of(
        "InfluxDB credentials are sent in clear text to "
            + url()
            + "; serve InfluxDB over https:// and set "
            + CA_FILE
            + " (airtrace sink --influx-ca) for a private CA");
  }

  static boolean isLoopback(String host) {
    String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    if (h.equalsIgnoreCase("localhost")) {
      return true;
    }
    if (h.matches("\\d{1,3}(\\.\\d{1,3}){3}") || h.contains(":")) {
      try {
        return InetAddress.getByName(h).isLoopbackAddress(); // a literal: no DNS lookup
      } catch (UnknownHostException e) {
        return false;
      }
    }
    return false;
  }

  private static ConfigDef configDef() {
    int c = 0;
    int w = 0;
    int m = 0;
    return new ConfigDef()
        .define(
            URL,
            Type.STRING,
            ConfigDef.NO_DEFAULT_VALUE,
            new NonBlank(),
            Importance.HIGH,
            "Base URL of the InfluxDB HTTP API, e.g. http://influxdb:8086. The sink speaks the v1"
                + " protocol (POST /write with line protocol), which InfluxDB 1.x, 2.x and 3.x serve.",
            GROUP_CONNECTION,
            ++c,
            Width.LONG,
            "InfluxDB URL")
        .define(
            DATABASE,
            Type.STRING,
            ConfigDef.NO_DEFAULT_VALUE,
            new NonBlank(),
            Importance.HIGH,
            "Database to write to (on 2.x/3.x: the database name mapped to a bucket).",
            GROUP_CONNECTION,
            ++c,
            Width.MEDIUM,
            "Database")
        .define(
            USERNAME,
            Type.STRING,
            "",
            Importance.MEDIUM,
            "User name; empty for no authentication.",
            GROUP_CONNECTION,
            ++c,
            Width.MEDIUM,
            "User name")
        .define(
            PASSWORD,
            Type.PASSWORD,
            "",
            Importance.MEDIUM,
            "Password (on 2.x: an API token).",
            GROUP_CONNECTION,
            ++c,
            Width.MEDIUM,
            "Password")
        .define(
            CA_FILE,
            Type.STRING,
            "",
            Importance.MEDIUM,
            "PEM file with the CA certificate(s) to trust for an https:// "
                + URL
                + " (a private CA); only these CAs are trusted, and the host name must match the"
                + " certificate. Empty: the JVM's default trust store.",
            GROUP_CONNECTION,
            ++c,
            Width.LONG,
            "CA file")
        .define(
            RETENTION_POLICY,
            Type.STRING,
            "",
            Importance.LOW,
            "Retention policy to write to; empty for the database's default.",
            GROUP_CONNECTION,
            ++c,
            Width.MEDIUM,
            "Retention policy")
        .define(
            CREATE_DATABASE,
            Type.BOOLEAN,
            true,
            Importance.LOW,
            "Issue CREATE DATABASE (idempotent) when a task starts. Turn off where the user may"
                + " not create databases; a failure is logged, not fatal.",
            GROUP_CONNECTION,
            ++c,
            Width.SHORT,
            "Create database")
        .define(
            HTTP_TIMEOUT_MS,
            Type.LONG,
            DEFAULT_HTTP_TIMEOUT.toMillis(),
            Range.atLeast(1),
            Importance.LOW,
            "Connect, read and write timeout of each HTTP request, in ms.",
            GROUP_CONNECTION,
            ++c,
            Width.SHORT,
            "HTTP timeout (ms)")
        .define(
            BATCH_SIZE,
            Type.INT,
            DEFAULT_BATCH_SIZE,
            Range.atLeast(1),
            Importance.MEDIUM,
            "Maximum number of points per HTTP write. put() writes as soon as this many points"
                + " are buffered.",
            GROUP_WRITE,
            ++w,
            Width.SHORT,
            "Batch size")
        .define(
            LINGER_MS,
            Type.LONG,
            DEFAULT_LINGER.toMillis(),
            Range.atLeast(0),
            Importance.MEDIUM,
            "Longest time a converted point waits in the buffer before put() writes it, in ms."
                + " Offsets are committed only after everything buffered was written (flush).",
            GROUP_WRITE,
            ++w,
            Width.SHORT,
            "Linger (ms)")
        .define(
            RETRY_BACKOFF_MS,
            Type.LONG,
            DEFAULT_RETRY_BACKOFF.toMillis(),
            Range.atLeast(0),
            Importance.MEDIUM,
            "After a transient failure (connection error, timeout, HTTP 5xx) the task throws"
                + " RetriableException and Connect redelivers the batch after this pause, in ms.",
            GROUP_WRITE,
            ++w,
            Width.SHORT,
            "Retry backoff (ms)")
        .define(
            RETRY_TIMEOUT_MS,
            Type.LONG,
            -1L,
            Range.atLeast(-1),
            Importance.MEDIUM,
            "How long transient write failures are retried before the task fails, in ms, with the"
                + " meaning of Connect's errors.retry.timeout: -1 retries for ever (the default:"
                + " an InfluxDB outage must not lose data), 0 fails at the first error.",
            GROUP_WRITE,
            ++w,
            Width.SHORT,
            "Retry timeout (ms)")
        .define(
            MAPPING_PRESET,
            Type.STRING,
            PRESET_AIRTRACE,
            ConfigDef.ValidString.in(PRESET_AIRTRACE, PRESET_NONE),
            Importance.HIGH,
            "Built-in topic mappings: 'airtrace' maps "
                + AIRTRACE_TOPICS
                + " to measurements device_1m, site_hourly, site_aqi, sensor_quality and reading"
                + " (docs/sink.md);"
                + " 'none'"
                + " uses only the mappings in "
                + MAPPINGS
                + ".",
            GROUP_MAPPING,
            ++m,
            Width.SHORT,
            "Mapping preset")
        .define(
            MAPPINGS,
            Type.LIST,
            "",
            Importance.HIGH,
            "Aliases of explicit topic mappings. For each alias A set "
                + MAPPING_PREFIX
                + "A.topic, .measurement, .time (epoch-ms field, required), and optionally .tags"
                + " (names or JSON pointers), .explode (an object whose entries become one point"
                + " each), .explode.tag (tag key for the entry key), .explode.fields (top-level"
                + " numbers of the record written into every exploded point), .explode.join"
                + " (top-level objects keyed like the exploded one whose entry of the same key"
                + " adds its numbers as <object>_<leaf>), .integers (field names, or prefixes"
                + " ending in '*', written as integers) and .exclude"
                + " (flattened field names to skip). Numeric leaves become float fields named by their path joined"
                + " with '_'. An explicit mapping replaces a preset mapping of the same topic.",
            GROUP_MAPPING,
            ++m,
            Width.LONG,
            "Mappings");
  }

  /** The preset's mappings, keyed by topic. */
  static Map<String, TopicMapping> airtracePreset() {
    Map<String, TopicMapping> preset = new LinkedHashMap<>();
    preset.put(
        TOPIC_DEVICE_1M,
        new TopicMapping(
            TOPIC_DEVICE_1M,
            "device_1m",
            refs("deviceId", "siteId", "gatewayId", "unit"),
            FieldRef.parse("windowStart"),
            FieldRef.parse("quantities"),
            "quantity",
            Set.of("windowEnd")));
    preset.put(
        TOPIC_SITE_HOURLY,
        new TopicMapping(
            TOPIC_SITE_HOURLY,
            "site_hourly",
            refs("siteId", "unit"),
            FieldRef.parse("windowStart"),
            FieldRef.parse("quantities"),
            "quantity",
            Set.of("windowEnd"),
            // the processor's revision counter: a field, never a tag, so a revision overwrites
            Set.of("revision")));
    preset.put(
        TOPIC_SITE_AQI,
        new TopicMapping(
            TOPIC_SITE_AQI,
            "site_aqi",
            refs("siteId", "dominant", "category"),
            FieldRef.parse("hourStart"),
            null,
            null,
            Set.of("time")));
    // One point per reading and quantity: the value, its QARTOD flags (integers: qc_flag, each
    // raising test as qc_tests_<test>, qc_previousSpike) and its anomaly mark, so a panel can
    // select the flagged readings (WHERE qc_flag >= 3).
    preset.put(
        TOPIC_READINGS,
        new TopicMapping(
            TOPIC_READINGS,
            "reading",
            refs("deviceId", "siteId", "gatewayId", "unit"),
            FieldRef.parse("eventTime"),
            FieldRef.parse("values"),
            "quantity",
            Set.of(),
            Set.of(),
            Set.of("qc", "anomalies"),
            Set.of("qc_flag", "qc_previousSpike", "qc_tests_*")));
    preset.put(
        TOPIC_SENSOR_QUALITY,
        new TopicMapping(
            TOPIC_SENSOR_QUALITY,
            "sensor_quality",
            refs("deviceId", "siteId", "quantity"),
            // the score describes the window that ends here; one point per device, quantity, hour
            FieldRef.parse("windowEnd"),
            null,
            null,
            Set.of("windowStart")));
    // One point per (site, model, horizon, verified hour): a revision of the hour's mean
    // overwrites it (observedRevision is a field). source is a tag because strings are not fields.
    preset.put(
        TOPIC_FORECAST_VERIFICATIONS,
        new TopicMapping(
            TOPIC_FORECAST_VERIFICATIONS,
            "forecast_verification",
            refs("siteId", "model", "hours", "source"),
            FieldRef.parse("validTime"),
            null,
            null,
            Set.of("issueTime")));
    // One point per (site, model, horizon, decision, newest verified hour).
    preset.put(
        TOPIC_FORECAST_SKILL,
        new TopicMapping(
            TOPIC_FORECAST_SKILL,
            "forecast_skill",
            refs("siteId", "model", "hours", "decision"),
            FieldRef.parse("windowEnd"),
            null,
            null,
            Set.of()));
    return preset;
  }

  /**
   * The smallest connector configuration that runs the {@value #PRESET_AIRTRACE} preset: connector
   * class, one task, the preset topics, and the InfluxDB URL and database.
   */
  public static Map<String, String> airtraceConnectorConfig(String influxUrl, String database) {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("connector.class", InfluxSinkConnector.class.getName());
    config.put("tasks.max", "1");
    config.put(SinkConnector.TOPICS_CONFIG, String.join(",", AIRTRACE_TOPICS));
    config.put(URL, influxUrl);
    config.put(DATABASE, database);
    return config;
  }

  /** Mappings keyed by topic. */
  Map<String, TopicMapping> mappings() {
    return mappings;
  }

  String url() {
    String url = getString(URL).trim();
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  String database() {
    return getString(DATABASE).trim();
  }

  Optional<String> username() {
    return Optional.of(getString(USERNAME)).filter(s -> !s.isBlank());
  }

  String password() {
    Password password = getPassword(PASSWORD);
    return password == null ? "" : password.value();
  }

  /** The CA bundle to trust for https, if one is configured. */
  Optional<Path> caFile() {
    return Optional.of(getString(CA_FILE).trim()).filter(s -> !s.isEmpty()).map(Path::of);
  }

  Optional<String> retentionPolicy() {
    return Optional.of(getString(RETENTION_POLICY)).filter(s -> !s.isBlank());
  }

  boolean createDatabase() {
    return getBoolean(CREATE_DATABASE);
  }

  int batchSize() {
    return getInt(BATCH_SIZE);
  }

  Duration linger() {
    return Duration.ofMillis(getLong(LINGER_MS));
  }

  Duration retryBackoff() {
    return Duration.ofMillis(getLong(RETRY_BACKOFF_MS));
  }

  /** Empty means retry for ever. */
  Optional<Duration> retryTimeout() {
    long ms = getLong(RETRY_TIMEOUT_MS);
    return ms < 0 ? Optional.empty() : Optional.of(Duration.ofMillis(ms));
  }

  Duration httpTimeout() {
    return Duration.ofMillis(getLong(HTTP_TIMEOUT_MS));
  }

  private static Map<String, TopicMapping> parseMappings(
      Map<String, String> props, String preset, List<String> aliases) {
    Map<String, TopicMapping> byTopic =
        PRESET_AIRTRACE.equals(preset) ? airtracePreset() : new LinkedHashMap<>();
    Set<String> explicitTopics = new HashSet<>();
    for (String alias : aliases) {
      String prefix = MAPPING_PREFIX + alias + ".";
      try {
        TopicMapping mapping =
            new TopicMapping(
                required(props, prefix + "topic"),
                required(props, prefix + "measurement"),
                refs(split(props.get(prefix + "tags"))),
                FieldRef.parse(required(props, prefix + "time")),
                optional(props, prefix + "explode").map(FieldRef::parse).orElse(null),
                optional(props, prefix + "explode.tag").orElse(null),
                new HashSet<>(split(props.get(prefix + "exclude"))),
                new HashSet<>(split(props.get(prefix + "explode.fields"))),
                new HashSet<>(split(props.get(prefix + "explode.join"))),
                new HashSet<>(split(props.get(prefix + "integers"))));
        if (!explicitTopics.add(mapping.topic())) {
          throw new ConfigException(
              prefix + "topic", mapping.topic(), "another mapping already names this topic");
        }
        byTopic.put(mapping.topic(), mapping);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(MAPPINGS, alias, "invalid mapping: " + e.getMessage());
      }
    }
    for (String key : props.keySet()) {
      if (key.startsWith(MAPPING_PREFIX) && !key.equals(MAPPING_PRESET)) {
        String rest = key.substring(MAPPING_PREFIX.length());
        boolean known =
            aliases.stream()
                .anyMatch(a -> MAPPING_KEYS.stream().anyMatch(k -> rest.equals(a + "." + k)));
        if (!known) {
          throw new ConfigException(
              key, props.get(key), "not a mapping setting of any alias in " + MAPPINGS);
        }
      }
    }
    return Map.copyOf(byTopic);
  }

  private static String required(Map<String, String> props, String key) {
    return optional(props, key)
        .orElseThrow(() -> new ConfigException(key, null, "required by its mapping alias"));
  }

  private static Optional<String> optional(Map<String, String> props, String key) {
    return Optional.ofNullable(props.get(key)).map(String::trim).filter(s -> !s.isEmpty());
  }

  private static List<String> split(String list) {
    if (list == null || list.isBlank()) {
      return List.of();
    }
    List<String> items = new ArrayList<>();
    for (String item : list.split(",")) {
      if (!item.isBlank()) {
        items.add(item.trim());
      }
    }
    return items;
  }

  private static List<FieldRef> refs(String... specs) {
    return refs(Arrays.asList(specs));
  }

  private static List<FieldRef> refs(List<String> specs) {
    return specs.stream().map(FieldRef::parse).toList();
  }

  /** Rejects null and blank strings. */
  private static final class NonBlank implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      if (value == null || value.toString().isBlank()) {
        throw new ConfigException(name, value, "must not be blank");
      }
    }

    @Override
    public String toString() {
      return "non-blank string";
    }
  }
}
