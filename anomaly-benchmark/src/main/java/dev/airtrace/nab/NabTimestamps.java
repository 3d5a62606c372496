package dev.airtrace.nab;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * NAB timestamps ({@code yyyy-MM-dd HH:mm:ss}, optionally with a fraction) to epoch milliseconds of
 * the local time read as UTC, and back. Stateless and thread-safe.
 */
final class NabTimestamps {
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
  private static final DateTimeFormatter MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

  private NabTimestamps() {}

  /**
   * @param text a timestamp as NAB writes it; a space or {@code T} separates date and time
   * @return epoch milliseconds
   * @throws DateTimeParseException when it is not a timestamp
   */
  static long parse(String text) {
    if (isPlainSeconds(text)) {
      // Fast path for the corpus' own spelling: 365k rows are parsed per corpus load.
      return LocalDateTime.of(
                  digits(text, 0, 4),
                  digits(text, 5, 7),
                  digits(text, 8, 10),
                  digits(text, 11, 13),
                  digits(text, 14, 16),
                  digits(text, 17, 19))
              .toEpochSecond(ZoneOffset.UTC)
          * 1000;
    }
    String iso = text.trim().replace(' ', 'T');
    return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC).toEpochMilli();
  }

  private static boolean isPlainSeconds(String text) {
    if (text.length() != 19
        || text.charAt(4) != '-'
        || text.charAt(7) != '-'
        || (text.charAt(10) != ' ' && text.charAt(10) != 'T')
        || text.charAt(13) != ':'
        || text.charAt(16) != ':') {
      return false;
    }
    for (int i = 0; i < 19; i++) {
      if (i != 4 && i != 7 && i != 10 && i != 13 && i != 16 && !Character.isDigit(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static int digits(String text, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      value = value * 10 + (text.charAt(i) - '0');
    }
    return value;
  }

  /**
   * Parses a window boundary, whose NAB spelling carries a {@code .000000} fraction that data rows
   * do not.
   */
  static long parseWindowBoundary(String text) {
    return parse(text.trim().replaceFirst("\\.0+$", ""));
  }

  static String format(long epochMillis) {
    LocalDateTime time =
        LocalDateTime.ofEpochSecond(
            Math.floorDiv(epochMillis, 1000),
            Math.floorMod(epochMillis, 1000) * 1_000_000,
            ZoneOffset.UTC);
    return (epochMillis % 1000 == 0 ? SECONDS : MILLIS).format(time);
  }
}
