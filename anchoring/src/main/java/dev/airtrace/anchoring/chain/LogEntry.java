package dev.airtrace.anchoring.chain;

import java.util.List;

/**
 * One log of a receipt: emitting contract, topics and data as {@code 0x} hex, and its index in the
 * block.
 */
public record LogEntry(String address, List<String> topics, String data, long logIndex) {
  /** Copies the topics; lowercases the address. */
  public LogEntry {
    address = Hex.lower(address);
    topics = List.copyOf(topics);
  }
}
