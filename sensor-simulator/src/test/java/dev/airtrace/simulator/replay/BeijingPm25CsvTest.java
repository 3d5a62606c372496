package dev.airtrace.simulator.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.airtrace.core.DeviceId;
import dev.airtrace.core.Quantity;
import dev.airtrace.core.SiteId;
import java.io.BufferedReader;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BeijingPm25CsvTest {
  private static final SiteId SITE = new SiteId("bj");
  private static final DeviceId DEVICE = new DeviceId("bj-1");

  /** 2014-01-01T00:00+08:00. */
  private static final long NEW_YEAR_BEIJING = 1_388_505_600_000L;

  private static final long HOUR = 3_600_000L;

  private static final String FILE =
      BeijingPm25Csv.HEADER
          + "\r\n"
          + "35065,2014,1,1,0,24,-20,7,1014,NW,143.48,0,0\r\n"
          + "35066,2014,1,1,1,53,-20,7,1013,NW,147.5,0,0\r\n"
          + "35067,2014,1,1,2,NA,-20,6,1013,cv,0.89,0,0\r\n"
          + "35068,2014,1,1,3,70,-20,6,1013,XX,1.79,0,0\r\n"
          + "35069,2014,1,1,4,76,-20,6,1013,NE,1.79,0,0\r\n"
          + "35070,2014,1,1,5,80,-20,6,1013,NE,3.58,0,0\r\n";

  private List<Object> readAll(String file) throws Exception {
    List<Object> out = new ArrayList<>();
    try (ReplaySource s =
        BeijingPm25Csv.open(new BufferedReader(new StringReader(file)), SITE, DEVICE)) {
      while (true) {
        try {
          Optional<ReplayRow> r = s.next();
          if (r.isEmpty()) {
            return out;
          }
          out.add(r.get());
        } catch (BadRowException e) {
          out.add(e);
        }
      }
    }
  }

  @Test
  void shouldReadLocalBeijingHoursAsUtcPlusEight() throws Exception {
    List<Object> rows = readAll(FILE);

    ReplayRow first = (ReplayRow) rows.get(0);
    assertThat(first.eventTime()).isEqualTo(NEW_YEAR_BEIJING);
    assertThat(((ReplayRow) rows.get(1)).eventTime()).isEqualTo(NEW_YEAR_BEIJING + HOUR);
    assertThat(first.siteId()).isEqualTo(SITE);
    assertThat(first.deviceId()).isEqualTo(DEVICE);
    assertThat(first.row()).isEqualTo(2);
  }

  @Test
  void shouldMapPmTemperaturePressureAndDirection() throws Exception {
    ReplayRow r = (ReplayRow) readAll(FILE).get(0);

    assertThat(r.values().get(Quantity.PM2_5)).isEqualTo(24.0);
    assertThat(r.values().get(Quantity.TEMPERATURE)).isEqualTo(7.0);
    assertThat(r.values().get(Quantity.PRESSURE)).isEqualTo(1014.0);
    assertThat(r.values().get(Quantity.WIND_DIRECTION)).isEqualTo(315.0);
  }

  @Test
  void shouldComputeHumidityFromTemperatureAndDewPointByMagnus() throws Exception {
    // 100 * exp(17.62*-20/223.12 - 17.62*7/250.12) = 100 * exp(-1.579419 - 0.493123) = 12.59
    ReplayRow r = (ReplayRow) readAll(FILE).get(0);

    assertThat(r.values().get(Quantity.RELATIVE_HUMIDITY)).isCloseTo(12.59, within(0.005));
    assertThat(BeijingPm25Csv.relativeHumidity(10, 10)).isEqualTo(100.0);
    assertThat(BeijingPm25Csv.relativeHumidity(10, 11)).isEqualTo(100.0);
  }

  @Test
  void shouldTurnCumulatedWindIntoHourlyIncrementsRestartingWithTheDirection() throws Exception {
    List<Object> rows = readAll(FILE);

    // first row of the file: Iws itself; same direction: 147.5 - 143.48; new direction: Iws
    assertThat(((ReplayRow) rows.get(0)).values().get(Quantity.WIND_SPEED)).isEqualTo(143.48);
    assertThat(((ReplayRow) rows.get(1)).values().get(Quantity.WIND_SPEED)).isEqualTo(4.02);
    assertThat(((ReplayRow) rows.get(2)).values().get(Quantity.WIND_SPEED)).isEqualTo(0.89);
  }

  @Test
  void shouldLeaveOutMissingPmAndCalmDirection() throws Exception {
    ReplayRow calm = (ReplayRow) readAll(FILE).get(2);

    assertThat(calm.values()).doesNotContainKeys(Quantity.PM2_5, Quantity.WIND_DIRECTION);
    assertThat(calm.values()).containsKey(Quantity.TEMPERATURE);
  }

  @Test
  void shouldReportAnUnknownDirectionWithItsRowAndNotGuessTheNextIncrement() throws Exception {
    List<Object> rows = readAll(FILE);

    assertThat(rows.get(3)).isInstanceOf(BadRowException.class);
    assertThat(((BadRowException) rows.get(3)).getMessage())
        .startsWith("row 5: cbwd 'XX' is none of");
    // after the bad row the increment is unknown; the row after that is an increment again
    assertThat(((ReplayRow) rows.get(4)).values()).doesNotContainKey(Quantity.WIND_SPEED);
    assertThat(((ReplayRow) rows.get(5)).values().get(Quantity.WIND_SPEED)).isEqualTo(1.79);
  }

  @Test
  void shouldRefuseAFileThatIsNotTheUciOne() {
    assertThatThrownBy(
            () ->
                BeijingPm25Csv.open(
                    new BufferedReader(new StringReader("a,b,c\n1,2,3\n")), SITE, DEVICE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not the UCI Beijing PM2.5 file");
  }

  @Test
  void shouldConvertToTheReplayLayoutSkippingAndReportingBadRows() throws Exception {
    StringWriter out = new StringWriter();
    List<Long> bad = new ArrayList<>();

    long written =
        BeijingPm25Csv.convert(
            new BufferedReader(new StringReader(FILE)), out, SITE, DEVICE, e -> bad.add(e.row()));

    String[] lines = out.toString().split("\n");
    assertThat(written).isEqualTo(5);
    assertThat(bad).containsExactly(5L);
    assertThat(lines[0])
        .isEqualTo(
            "time,site,device,pm2_5[ug/m3],temperature[Cel],relative_humidity[%RH],"
                + "pressure[hPa],wind_speed[m/s],wind_direction[deg]");
    assertThat(lines[1]).isEqualTo("2014-01-01T00:00:00+08:00,bj,bj-1,24,7,12.59,1014,143.48,315");
    assertThat(lines[3]).isEqualTo("2014-01-01T02:00:00+08:00,bj,bj-1,NA,6,13.48,1013,0.89,NA");
    ReplayCsv layout = ReplayCsv.header(lines[0]);
    assertThat(layout.parse(2, lines[1])).isEqualTo(readAll(FILE).get(0));
  }
}
