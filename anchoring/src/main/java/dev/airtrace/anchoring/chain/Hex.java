package dev.airtrace.anchoring.chain;

import java.util.HexFormat;
import java.util.Locale;

/** Small checks and conversions for the {@code 0x} hex strings that JSON-RPC uses. */
final class Hex {
  private static final HexFormat HEX = HexFormat.of();

  private Hex() {}

  static String requireHash(String value, String name) {
    if (value == null || !value.startsWith("0x") || value.length() != 66) {
      throw new IllegalArgumentException(name + " must be 0x + 64 hex digits, was " + value);
    }
    return value;
  }

  static String requireAddress(String value, String name) {
    if (value == null || !value.startsWith("0x") || value.length() != 42) {
      throw new IllegalArgumentException(name + " must be 0x + 40 hex digits, was " + value);
    }
    HEX.parseHex(value, 2, 42);
    return value;
  }

  static String lower(String value) {
    return value == null ? null : value.toLowerCase(Locale.ROOT);
  }

  static byte[] decode(String value) {
    String digits = value.startsWith("0x") ? value.substring(2) : value;
    return HEX.parseHex(digits);
  }

  static String prefixed(byte[] bytes) {
    return "0x" + HEX.formatHex(bytes);
  }
}
