package dev.airtrace.sink.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class LineProtocolTest {

  private static Point point(Map<String, String> tags, Map<String, Double> fields) {
    return new Point("m", new TreeMap<>(tags), new TreeMap<>(fields), 1_764_057_600_000L);
  }

  @Test
  void shouldWriteTagsAndFieldsSortedByKeyWithMillisecondTime() {
    Point p = point(Map.of("siteId", "s1", "dominant", "pm2_5"), Map.of("aqi", 66.0, "b", 1.5));

    assertThat(LineProtocol.encode(p))
        .isEqualTo("m,dominant=pm2_5,siteId=s1 aqi=66.0,b=1.5 1764057600000");
  }

  @Test
  void shouldEscapeSpacesCommasAndEqualsInTagValues() {
    Point p = point(Map.of("site", "Main St, gate=2"), Map.of("v", 1.0));

    assertThat(LineProtocol.encode(p))
        .isEqualTo("m,site=Main\\ St\\,\\ gate\\=2 v=1.0 1764057600000");
  }

  @Test
  void shouldEscapeTagAndFieldKeys() {
    Point p = point(Map.of("a b", "x"), Map.of("c,d=e", 2.0));

    assertThat(LineProtocol.encode(p)).isEqualTo("m,a\\ b=x c\\,d\\=e=2.0 1764057600000");
  }

  @Test
  void shouldEscapeCommasAndSpacesButNotEqualsInMeasurement() {
    Point p = new Point("my m,x=1", new TreeMap<>(), new TreeMap<>(Map.of("v", 1.0)), 5L);

    assertThat(LineProtocol.encode(p)).isEqualTo("my\\ m\\,x=1 v=1.0 5");
  }

  @Test
  void shouldKeepBackslashesAndSlashesInsideValuesLiteral() {
    Point p = point(Map.of("unit", "ug/m3", "path", "a\\b"), Map.of("v", 1.0));

    assertThat(LineProtocol.encode(p)).isEqualTo("m,path=a\\b,unit=ug/m3 v=1.0 1764057600000");
  }

  @Test
  void shouldWriteIntegersAsFloatsSoFieldTypesNeverConflict() {
    Point p = point(Map.of(), Map.of("count", 6.0, "tiny", 1.0E-5));

    assertThat(LineProtocol.encode(p)).isEqualTo("m count=6.0,tiny=1.0E-5 1764057600000");
  }

  @Test
  void shouldRejectNaN() {
    assertThatThrownBy(() -> LineProtocol.encode(point(Map.of(), Map.of("v", Double.NaN))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'v'");
  }

  @Test
  void shouldRejectInfinity() {
    assertThatThrownBy(
            () -> LineProtocol.encode(point(Map.of(), Map.of("v", Double.NEGATIVE_INFINITY))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldRejectLineBreakInTagValue() {
    assertThatThrownBy(() -> LineProtocol.encode(point(Map.of("t", "a\nb"), Map.of("v", 1.0))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line break");
  }

  @Test
  void shouldRejectTrailingBackslashThatWouldEscapeTheDelimiter() {
    assertThatThrownBy(() -> LineProtocol.encode(point(Map.of("t", "a\\"), Map.of("v", 1.0))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("backslash");
  }

  @Test
  void shouldRefuseAPointWithoutFields() {
    assertThatThrownBy(() -> point(Map.of("t", "x"), Map.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
