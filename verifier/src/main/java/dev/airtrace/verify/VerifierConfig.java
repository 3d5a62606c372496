package dev.airtrace.verify;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link Verifier} reaches the chain.
 *
 * @param rpcEndpoints Ethereum JSON-RPC endpoints ({@code http} or {@code https}); every one must
 *     agree for a {@link Verdict#VALID} verdict. Empty means offline only: the Merkle part can then
 *     be {@link Verdict#INVALID} but never {@link Verdict#VALID}.
 * @param requestTimeout limit for one JSON-RPC request, connect included; default {@link
 *     #DEFAULT_REQUEST_TIMEOUT}
 * @param trustedChainId the chain the operator publishes, or {@code null} to take the proof's word
 * @param trustedContract the operator's anchor contract ({@code 0x} + 40 hex, any case), or {@code
 *     null} to take the proof's word
 * @param trustedSubmitter the operator's sending address, or {@code null} to take the proof's word.
 *     Without it anyone who deploys the same contract can anchor a root of their own making: the
 *     proof then shows "anchored by someone", which docs/verify.md spells out.
 */
public record VerifierConfig(
    List<URI> rpcEndpoints,
    Duration requestTimeout,
    Long trustedChainId,
    String trustedContract,
    String trustedSubmitter) {
  /** Ten seconds: public endpoints answer in well under a second, a dead one should not hang. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

  /** Validates: http(s) endpoints, a positive timeout. */
  public VerifierConfig {
    rpcEndpoints = List.copyOf(Objects.requireNonNull(rpcEndpoints, "rpcEndpoints"));
    for (URI uri : rpcEndpoints) {
      String scheme = uri.getScheme();
      if (!"http".equals(scheme) && !"https".equals(scheme)) {
        throw new IllegalArgumentException("rpc endpoint must be http(s)://..., was " + uri);
      }
    }
    requestTimeout = requestTimeout == null ? DEFAULT_REQUEST_TIMEOUT : requestTimeout;
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout must be positive, was " + requestTimeout);
    }
    if (trustedChainId != null && trustedChainId <= 0) {
      throw new IllegalArgumentException("trustedChainId must be > 0, was " + trustedChainId);
    }
    trustedContract = address(trustedContract, "trustedContract");
    trustedSubmitter = address(trustedSubmitter, "trustedSubmitter");
  }

  private static String address(String value, String name) {
    if (value == null) {
      return null;
    }
    String lower = value.toLowerCase(java.util.Locale.ROOT);
    if (!lower.matches("0x[0-9a-f]{40}")) {
      throw new IllegalArgumentException(name + " must be 0x + 40 hex digits, was " + value);
    }
    return lower;
  }

  /** The given endpoints with {@link #DEFAULT_REQUEST_TIMEOUT}. */
  public static VerifierConfig of(URI... rpcEndpoints) {
    return new VerifierConfig(List.of(rpcEndpoints), DEFAULT_REQUEST_TIMEOUT, null, null, null);
  }

  /** A builder that starts from {@link #of(URI...)}. */
  public static Builder builder(URI... rpcEndpoints) {
    return of(rpcEndpoints).toBuilder();
  }

  /** A builder that starts from this configuration; change what differs, then {@code build()}. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * Collects the components of one {@link VerifierConfig}; {@link #build()} validates them. Not
   * thread-safe.
   */
  public static final class Builder {
    private List<URI> rpcEndpoints;
    private Duration requestTimeout;
    private Long trustedChainId;
    private String trustedContract;
    private String trustedSubmitter;

    private Builder(VerifierConfig from) {
      this.rpcEndpoints = from.rpcEndpoints;
      this.requestTimeout = from.requestTimeout;
      this.trustedChainId = from.trustedChainId;
      this.trustedContract = from.trustedContract;
      this.trustedSubmitter = from.trustedSubmitter;
    }

    /** See {@link VerifierConfig#rpcEndpoints()}. */
    public Builder rpcEndpoints(List<URI> value) {
      this.rpcEndpoints = value;
      return this;
    }

    /** See {@link VerifierConfig#requestTimeout()}. */
    public Builder requestTimeout(Duration value) {
      this.requestTimeout = value;
      return this;
    }

    /** See {@link VerifierConfig#trustedChainId()}. */
    public Builder trustedChainId(Long value) {
      this.trustedChainId = value;
      return this;
    }

    /** See {@link VerifierConfig#trustedContract()}. */
    public Builder trustedContract(String value) {
      this.trustedContract = value;
      return this;
    }

    /** See {@link VerifierConfig#trustedSubmitter()}. */
    public Builder trustedSubmitter(String value) {
      this.trustedSubmitter = value;
      return this;
    }

    /** Trusts the given operator values (each may be {@code null}: take the proof's word). */
    public Builder trusting(Long chainId, String contract, String submitter) {
      this.trustedChainId = chainId;
      this.trustedContract = contract;
      this.trustedSubmitter = submitter;
      return this;
    }

    /**
     * The validated configuration.
     *
     * @throws IllegalArgumentException if a value is out of range
     */
    public VerifierConfig build() {
      return new VerifierConfig(
          rpcEndpoints, requestTimeout, trustedChainId, trustedContract, trustedSubmitter);
    }
  }
}
