package dev.airtrace.simulator.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airtrace.core.DeviceId;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.SiteId;
import java.io.BufferedReader;
import java.io.StringReader;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReplayCsvTest {
  private static final String HEADER = "time,site,device,pm2_5[ug/m3],temperature[Cel]";

  /** 2014-01-01T00:00+08:00 = 2013-12-31T16:00Z. */
  private static final long NEW_YEAR_BEIJING = 1_388_505_600_000L;

  private final ReplayCsv csv = ReplayCsv.header(HEADER);

  @Test
  void shouldReadTheQuantityColumnsInFileOrder() {
    assertThat(csv.quantities()).containsExactly(Quantity.PM2_5, Quantity.TEMPERATURE);
  }

  @Test
  void shouldReadTimeWithItsOffsetSiteDeviceAndValues() throws Exception {
    ReplayRow row = csv.parse(2, "2014-01-01T00:00+08:00,bj,bj-1,24,-7.5");

    assertThat(row.row()).isEqualTo(2);
    assertThat(row.eventTime()).isEqualTo(NEW_YEAR_BEIJING);
    assertThat(row.siteId()).isEqualTo(new SiteId("bj"));
    assertThat(row.deviceId()).isEqualTo(new DeviceId("bj-1"));
    assertThat(row.values()).isEqualTo(Map.of(Quantity.PM2_5, 24.0, Quantity.TEMPERATURE, -7.5));
  }

  @Test
  void shouldReadTheSameInstantWrittenInUtc() throws Exception {
    assertThat(csv.parse(2, "2013-12-31T16:00:00Z,bj,bj-1,24,1").eventTime())
        .isEqualTo(NEW_YEAR_BEIJING);
  }

  @Test
  void shouldLeaveOutMissingValuesWrittenEmptyOrNa() throws Exception {
    assertThat(csv.parse(2, "2014-01-01T00:00+08:00,bj,bj-1,NA,3").values())
        .isEqualTo(Map.of(Quantity.TEMPERATURE, 3.0));
    assertThat(csv.parse(3, "2014-01-01T00:00+08:00,bj,bj-1,,").values()).isEmpty();
  }

  @Test
  void shouldRejectAUnitThatIsNotTheQuantitysCanonicalOne() {
    assertThatThrownBy(() -> ReplayCsv.header("time,site,device,temperature[degF]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("column 4")
        .hasMessageContaining("temperature[Cel]");
  }

  @Test
  void shouldRejectAnUnknownQuantityAndAColumnWithoutUnit() {
    assertThatThrownBy(() -> ReplayCsv.header("time,site,device,radon[Bq/m3]"))
        .hasMessageContaining("unknown quantity 'radon'");
    assertThatThrownBy(() -> ReplayCsv.header("time,site,device,pm2_5"))
        .hasMessageContaining("is not <quantity>[<unit>]");
  }

  @Test
  void shouldRejectAHeaderWithoutTheKeyColumnsFirst() {
    assertThatThrownBy(() -> ReplayCsv.header("site,time,device,pm2_5[ug/m3]"))
        .hasMessageContaining("column 1 must be 'time'");
    assertThatThrownBy(() -> ReplayCsv.header("time,site,device"))
        .hasMessageContaining("no quantity column");
    assertThatThrownBy(() -> ReplayCsv.header("time,site,device,pm2_5[ug/m3],pm2_5[ug/m3]"))
        .hasMessageContaining("appears twice");
  }

  @Test
  void shouldNameTheRowAndColumnOfAValueThatIsNoNumber() {
    assertThatThrownBy(() -> csv.parse(7, "2014-01-01T00:00+08:00,bj,bj-1,abc,1"))
        .isInstanceOf(BadRowException.class)
        .hasMessage("row 7: pm2_5[ug/m3] 'abc' is not a finite number (missing: empty or NA)");
    assertThatThrownBy(() -> csv.parse(8, "2014-01-01T00:00+08:00,bj,bj-1,Infinity,1"))
        .hasMessageStartingWith("row 8: pm2_5[ug/m3] 'Infinity'");
  }

  @Test
  void shouldRejectRowsWithWrongFieldCountBadTimeOrBadIds() {
    assertThatThrownBy(() -> csv.parse(2, "2014-01-01T00:00+08:00,bj,bj-1,1"))
        .hasMessage("row 2: 4 fields where the header has 5");
    assertThatThrownBy(() -> csv.parse(3, "2014-01-01 00:00,bj,bj-1,1,2"))
        .hasMessageContaining("row 3: time '2014-01-01 00:00' is not ISO-8601 with an offset");
    assertThatThrownBy(() -> csv.parse(4, "2014-01-01T00:00Z,b j,bj-1,1,2"))
        .hasMessage("row 4: site 'b j' is not a valid id");
    assertThatThrownBy(() -> csv.parse(5, "2014-01-01T00:00Z,bj,,1,2"))
        .hasMessage("row 5: device '' is not a valid id");
  }

  @Test
  void shouldKeepTheOriginalLineAndReasonOfABadRow() {
    String line = "2014-01-01T00:00+08:00,bj,bj-1,x,1";
    BadRowException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            BadRowException.class, () -> csv.parse(9, line));

    assertThat(e.row()).isEqualTo(9);
    assertThat(e.line()).isEqualTo(line);
    assertThat(e.reason()).startsWith("pm2_5[ug/m3] 'x'");
  }

  @Test
  void shouldCountFileLinesSkippingBlankAndCommentLinesAndGoOnAfterABadRow() throws Exception {
    String file =
        "# Beijing, converted\n"
            + HEADER
            + "\n"
            + "2014-01-01T00:00+08:00,bj,bj-1,10,1\n"
            + "\n"
            + "2014-01-01T01:00+08:00,bj,bj-1,oops,1\n"
            + "2014-01-01T02:00+08:00,bj,bj-1,12,1\n";
    List<Long> good = new ArrayList<>();
    List<Long> bad = new ArrayList<>();
    try (ReplaySource source = ReplayCsv.open(new BufferedReader(new StringReader(file)))) {
      while (true) {
        Optional<ReplayRow> row;
        try {
          row = source.next();
        } catch (BadRowException e) {
          bad.add(e.row());
          continue;
        }
        if (row.isEmpty()) {
          break;
        }
        good.add(row.get().row());
      }
    }

    assertThat(good).containsExactly(3L, 6L);
    assertThat(bad).containsExactly(5L);
  }

  @Test
  void shouldWriteRowsThatReadBackUnchanged() throws Exception {
    List<Quantity> columns = List.of(Quantity.PM2_5, Quantity.TEMPERATURE);
    ReplayRow row =
        new ReplayRow(
            2,
            NEW_YEAR_BEIJING,
            new SiteId("bj"),
            new DeviceId("bj-1"),
            Map.of(Quantity.TEMPERATURE, -7.25));

    String line = ReplayCsv.formatRow(columns, row, ZoneOffset.ofHours(8));

    assertThat(ReplayCsv.headerLine(columns)).isEqualTo(HEADER);
    assertThat(line).isEqualTo("2014-01-01T00:00:00+08:00,bj,bj-1,NA,-7.25");
    assertThat(csv.parse(2, line)).isEqualTo(row);
  }
}
