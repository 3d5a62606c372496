package dev.airtrace.gateway.integrity;

import dev.airtrace.core.GatewayId;
import dev.airtrace.core.integrity.BatchHeader;
import dev.airtrace.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How the gateway batches, signs and publishes its readings' Merkle batches. Immutable.
 *
 * @param enabled whether readings are batched at all; when {@code false} readings carry no batch
 *     reference, no header is written and MQTT messages are acknowledged as soon as Kafka has their
 *     records
 * @param headersTopic where signed batch headers go (key {@code <gatewayId>:<seq>}, value {@code
 *     BatchHeaderJson})
 * @param maxLeaves a batch seals when it holds this many readings, {@code [1, 2^32-1]}
 * @param maxAge a batch seals this long after its first reading, {@code > 0}
 * @param signingKeyFile a PKCS#8 PEM Ed25519 private key ({@code openssl genpkey -algorithm
 *     ed25519}), or {@code null} for the gateway's own key, {@link #ownKeyFile} in the state
 *     directory: created (owner-only, {@code 0600}) on the first start and reused on every later
 *     one
 * @param stateDirectory where the gateway keeps {@code <gatewayId>.batch-seq}, the last batch
 *     counter it used, so that counters never repeat across restarts, its own signing key {@code
 *     <gatewayId>.signing-key.pem} and the devices' sequence tracking {@code <gatewayId>.sequences}
 *     (replay protection across restarts); must survive restarts
 * @param ackAfterSeal when an MQTT message waits for the signed header of the batch holding its
 *     readings ({@link AckAfterSeal}). {@link AckAfterSeal#WITH_OUTBOX} (default): with the disk
 *     outbox the gateway seals its batch at the end of every worker pass and appends the pass's
 *     records and the header in one atomic write before acknowledging, so no crash leaves a
 *     delivered reading without a header that proves it, at the price of one batch (header) per
 *     pass; straight to Kafka ({@code --no-outbox}) messages do not wait (a crash before a batch
 *     seals leaves that batch's readings, at most {@code maxAge} of them, in Kafka without a
 *     header: not lost, but not provable). {@link AckAfterSeal#ALWAYS} also waits straight to
 *     Kafka, where acknowledgements wait up to {@code maxAge} and throughput is bounded by the
 *     broker's in-flight window per batch (mosquitto's default {@code max_inflight_messages} is
 *     20). {@link AckAfterSeal#NEVER}: never waits, batches seal by size and age only
 * @param persistSequences {@code true}: the devices' sequence tracking is saved to {@link
 *     #sequenceStateFile} at every clean stop and restored at start, so a reading replayed after a
 *     restart is still a {@code DUPLICATE} ({@link SequenceStateFile}); {@code false} (the default
 *     of {@link #defaults()}, for tests and the demo, which replay the same fleet on every run):
 *     tracking starts empty at every start. {@code airtrace gateway} turns it on.
 * @param passWindow when the gateway seals per pass (the outbox with {@link
 *     AckAfterSeal#WITH_OUTBOX}): how long a worker pass stays open for more messages before it
 *     seals its batch and appends its records and header in one write, {@code [0, 1 s]}. Each pass
 *     costs one Ed25519 signature, one header record and one outbox write, so a pass per handful of
 *     messages made the signature alone 5 % of the gateway's CPU (issue #13); a window bounds that
 *     to at most {@code 1 / passWindow} seals per second, at the price of up to {@code passWindow}
 *     more acknowledgement latency. A pass also ends once it holds half the MQTT receive maximum of
 *     messages, so the broker never stops sending while one fills. {@link Duration#ZERO}: a pass
 *     ends as soon as the intake queue is empty (the behaviour before the window). Ignored
 *     otherwise.
 */
public record IntegrityConfig(
    boolean enabled,
    String headersTopic,
    long maxLeaves,
    Duration maxAge,
    Path signingKeyFile,
    Path stateDirectory,
    AckAfterSeal ackAfterSeal,
    boolean persistSequences,
    Duration passWindow) {

  /** Default header topic ({@link Topics#BATCH_HEADERS}). */
  public static final String BATCH_HEADERS_V1 = Topics.Names.BATCH_HEADERS;

  /**
   * Default batch size: 4,096 leaves, a 12-level path (384 bytes) per proof, and about one header
   * per second per 4k readings/s.
   */
  public static final long DEFAULT_MAX_LEAVES = 4_096;

  /**
   * Default batch age: 10 s. It bounds how long an MQTT message waits for its acknowledgement
   * (which needs the sealed header) and how soon a reading becomes provable.
   */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofSeconds(10);

  /**
   * Default state directory: {@code ${java.io.tmpdir}/airtrace-gateway}; fine for development, but
   * production must point it at storage that survives reboots.
   */
  public static final Path DEFAULT_STATE_DIRECTORY =
      Path.of(System.getProperty("java.io.tmpdir"), "airtrace-gateway");

  /** Default {@link #ackAfterSeal}: wait for the seal when the gateway writes to its outbox. */
  public static final AckAfterSeal DEFAULT_ACK_AFTER_SEAL = AckAfterSeal.WITH_OUTBOX;

  /**
   * Default {@link #passWindow}: zero, a pass ends when the intake queue is empty. A 20 ms window
   * (at most 50 seals per second) was the default for one session; in the quiet benchmark table
   * that followed, the gateway's throughput with models off fell from 0.69 to 0.48 of the bare
   * bridge at an unchanged CPU cost per message (docs/benchmarks.md), i.e. it waited, and the cause
   * was not isolated. Until a measurement shows a window that costs no throughput, the proven
   * cadence ships and the window stays an opt-in for gateways where signatures dominate.
   */
  public static final Duration DEFAULT_PASS_WINDOW = Duration.ZERO;

  /** The longest {@link #passWindow}: acknowledgements must not wait for seconds. */
  public static final Duration MAX_PASS_WINDOW = Duration.ofSeconds(1);

  private static final Pattern LEGAL_TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

  public IntegrityConfig {
    Objects.requireNonNull(headersTopic, "headersTopic");
    Objects.requireNonNull(maxAge, "maxAge");
    Objects.requireNonNull(stateDirectory, "stateDirectory");
    Objects.requireNonNull(ackAfterSeal, "ackAfterSeal");
    if (!LEGAL_TOPIC.matcher(headersTopic).matches()
        || headersTopic.equals(".")
        || headersTopic.equals("..")) {
      throw new IllegalArgumentException("not a legal Kafka topic name: " + headersTopic);
    }
    if (maxLeaves < 1 || maxLeaves > BatchHeader.MAX_SIZE) {
      throw new IllegalArgumentException("maxLeaves must be in [1, 2^32-1] but was " + maxLeaves);
    }
    if (maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException("maxAge must be > 0 but was " + maxAge);
    }
    Objects.requireNonNull(passWindow, "passWindow");
    if (passWindow.isNegative() || passWindow.compareTo(MAX_PASS_WINDOW) > 0) {
      throw new IllegalArgumentException(
          "passWindow must be in [0, " + MAX_PASS_WINDOW + "] but was " + passWindow);
    }
  }

  /** On, with every default and the gateway's own key in the default state directory. */
  public static IntegrityConfig defaults() {
    return new IntegrityConfig(
        true,
        BATCH_HEADERS_V1,
        DEFAULT_MAX_LEAVES,
        DEFAULT_MAX_AGE,
        null,
        DEFAULT_STATE_DIRECTORY,
        DEFAULT_ACK_AFTER_SEAL,
        false,
        DEFAULT_PASS_WINDOW);
  }

  /** Off: no batches, no headers, no batch references on readings. */
  public static IntegrityConfig disabled() {
    return new IntegrityConfig(
        false,
        BATCH_HEADERS_V1,
        DEFAULT_MAX_LEAVES,
        DEFAULT_MAX_AGE,
        null,
        DEFAULT_STATE_DIRECTORY,
        DEFAULT_ACK_AFTER_SEAL,
        false,
        DEFAULT_PASS_WINDOW);
  }

  /** A builder that starts from {@link #defaults()}. */
  public static Builder builder() {
    return defaults().toBuilder();
  }

  /**
   * The signing key file: the configured {@link #signingKeyFile()}, else the gateway's own key
   * {@link #ownKeyFile}.
   */
  public Path signingKeyFile(GatewayId gatewayId) {
    return signingKeyFile != null ? signingKeyFile : ownKeyFile(gatewayId);
  }

  /** The gateway's own key in the state directory: {@code <gatewayId>.signing-key.pem}. */
  public Path ownKeyFile(GatewayId gatewayId) {
    return stateDirectory.resolve(gatewayId.value() + ".signing-key.pem");
  }

  /**
   * The file holding {@code gatewayId}'s per-device sequence tracking across restarts ({@link
   * SequenceStateFile}): {@code <gatewayId>.sequences} in the state directory.
   */
  public Path sequenceStateFile(GatewayId gatewayId) {
    return stateDirectory.resolve(gatewayId.value() + ".sequences");
  }

  /** The file holding {@code gatewayId}'s last used batch counter. */
  public Path stateFile(GatewayId gatewayId) {
    return stateDirectory.resolve(gatewayId.value() + ".batch-seq");
  }

  /** A builder that starts from this configuration; change what differs, then {@code build()}. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Collects the components of one {@link IntegrityConfig}; {@link #build()} validates them. Not
   * thread-safe.
   */
  public static final class Builder {
    private boolean enabled;
    private String headersTopic;
    private long maxLeaves;
    private Duration maxAge;
    private Path signingKeyFile;
    private Path stateDirectory;
    private AckAfterSeal ackAfterSeal;
    private boolean persistSequences;
    private Duration passWindow;

    private Builder(IntegrityConfig from) {
      this.enabled = from.enabled;
      this.headersTopic = from.headersTopic;
      this.maxLeaves = from.maxLeaves;
      this.maxAge = from.maxAge;
      this.signingKeyFile = from.signingKeyFile;
      this.stateDirectory = from.stateDirectory;
      this.ackAfterSeal = from.ackAfterSeal;
      this.persistSequences = from.persistSequences;
      this.passWindow = from.passWindow;
    }

    /** See {@link IntegrityConfig#enabled()}. */
    public Builder enabled(boolean value) {
      this.enabled = value;
      return this;
    }

    /** See {@link IntegrityConfig#headersTopic()}. */
    public Builder headersTopic(String value) {
      this.headersTopic = value;
      return this;
    }

    /** See {@link IntegrityConfig#maxLeaves()}. */
    public Builder maxLeaves(long value) {
      this.maxLeaves = value;
      return this;
    }

    /** See {@link IntegrityConfig#maxAge()}. */
    public Builder maxAge(Duration value) {
      this.maxAge = value;
      return this;
    }

    /** See {@link IntegrityConfig#signingKeyFile()}. */
    public Builder signingKeyFile(Path value) {
      this.signingKeyFile = value;
      return this;
    }

    /** See {@link IntegrityConfig#stateDirectory()}. */
    public Builder stateDirectory(Path value) {
      this.stateDirectory = value;
      return this;
    }

    /** See {@link IntegrityConfig#ackAfterSeal()}. */
    public Builder ackAfterSeal(AckAfterSeal value) {
      this.ackAfterSeal = value;
      return this;
    }

    /**
     * {@code true}: {@link AckAfterSeal#ALWAYS}; {@code false}: {@link AckAfterSeal#NEVER}. See
     * {@link IntegrityConfig#ackAfterSeal()}.
     */
    public Builder ackAfterSeal(boolean value) {
      return ackAfterSeal(value ? AckAfterSeal.ALWAYS : AckAfterSeal.NEVER);
    }

    /** See {@link IntegrityConfig#persistSequences()}. */
    public Builder persistSequences(boolean value) {
      this.persistSequences = value;
      return this;
    }

    /** See {@link IntegrityConfig#passWindow()}. */
    public Builder passWindow(Duration value) {
      this.passWindow = value;
      return this;
    }

    /** Seals a batch at {@code leaves} readings or {@code age}, whichever comes first. */
    public Builder sealing(long leaves, Duration age) {
      this.maxLeaves = leaves;
      this.maxAge = age;
      return this;
    }

    /**
     * The validated configuration.
     *
     * @throws IllegalArgumentException if a value is out of range
     */
    public IntegrityConfig build() {
      return new IntegrityConfig(
          enabled,
          headersTopic,
          maxLeaves,
          maxAge,
          signingKeyFile,
          stateDirectory,
          ackAfterSeal,
          persistSequences,
          passWindow);
    }
  }
}
