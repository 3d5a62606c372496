package dev.airtrace.topics;

import dev.airtrace.core.Correction;
import dev.airtrace.core.CorrectionStatus;
import dev.airtrace.core.DeviceId;
import dev.airtrace.core.GatewayId;
import dev.airtrace.core.Location;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.Reading;
import dev.airtrace.core.SiteId;
import dev.airtrace.core.deadletter.DeadLetter;
import dev.airtrace.core.deadletter.RejectReason;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** jqwik generators for airtrace's domain records. */
/** jqwik generators of domain records for the codec property tests. */
public final class DomainArbitraries {
  private DomainArbitraries() {}

  /** Locations anywhere on Earth, altitude optional. */
  public static Arbitrary<Location> locations() {
    return Combinators.combine(
            Arbitraries.doubles().between(-90, 90),
            Arbitraries.doubles().between(-180, 180),
            Arbitraries.doubles().between(-500, 9_000).injectNull(0.3))
        .as(Location::new);
  }

  /** UTF-8 bytes of {@code s}. */
  public static byte[] utf8(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Compact JSON bytes of {@code node}. */
  public static byte[] bytes(com.fasterxml.jackson.databind.JsonNode node) {
    try {
      return dev.airtrace.core.codec.Json.mapper().writeValueAsBytes(node);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Strings matching the identifier rule [A-Za-z0-9._:-]{1,64}. */
  public static Arbitrary<String> identifiers() {
    return Arbitraries.strings()
        .withCharRange('a', 'z')
        .withCharRange('A', 'Z')
        .withCharRange('0', '9')
        .withChars('.', '_', ':', '-')
        .ofMinLength(1)
        .ofMaxLength(64);
  }

  public static Arbitrary<Reading> readings() {
    return Combinators.combine(
            identifiers().map(DeviceId::new),
            identifiers().map(SiteId::new),
            Arbitraries.longs(),
            Arbitraries.longs().greaterOrEqual(0),
            Arbitraries.maps(Arbitraries.of(Quantity.class), Arbitraries.doubles()).ofMinSize(1),
            locations().injectNull(0.3),
            identifiers().map(GatewayId::new),
            Arbitraries.longs())
        .as(Reading::new);
  }

  /** Sources as the dead-letter contract spells them: built by DeadLetter's factories. */
  public static Arbitrary<String> sources() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(100).map(DeadLetter::mqttSource),
        Combinators.combine(
                Arbitraries.strings().ofMaxLength(100),
                Arbitraries.integers().greaterOrEqual(0),
                Arbitraries.longs().greaterOrEqual(0))
            .as(DeadLetter::kafkaSource));
  }

  public static Arbitrary<DeadLetter> deadLetters() {
    return Combinators.combine(
            Arbitraries.of(RejectReason.class),
            Arbitraries.strings().ofMaxLength(200),
            sources(),
            Arbitraries.bytes().array(byte[].class).ofMaxSize(500),
            identifiers().injectNull(0.3),
            identifiers(),
            Arbitraries.longs())
        .as(DeadLetter::new)
        // About half of the longer ones as a truncated prefix with size and hash.
        .map(d -> d.payloadLength() > 32 && (d.rejectedAt() & 1) == 0 ? d.boundedTo(32) : d);
  }

  /** Corrections as the gateway records them: any method code, status and inputs. */
  public static Arbitrary<Correction> corrections() {
    return Combinators.combine(
            Arbitraries.of(
                Correction.EPA_BARKJOHN_2021,
                Correction.EPA_BARKJOHN_2022,
                Correction.modelMethod("pm25-calibration@1"),
                Correction.modelMethod("pm25-calibration@12")),
            Arbitraries.of(CorrectionStatus.class),
            Arbitraries.maps(Arbitraries.of(Quantity.class), Arbitraries.doubles()).ofMaxSize(5))
        .as(Correction::new);
  }

  /** Readings, about half of them with a pm2_5 correction (applied ones carry a pm2_5 value). */
  public static Arbitrary<Reading> readingsWithCorrections() {
    return Combinators.combine(readings(), corrections().injectNull(0.5), Arbitraries.doubles())
        .as(
            (r, c, v) -> {
              if (c == null) {
                return r;
              }
              Double pm = c.status().applied() ? v : r.values().get(Quantity.PM2_5);
              return r.withCorrection(Quantity.PM2_5, pm, c);
            });
  }
}
