package dev.airtrace.faults;

/**
 * The identity of one reading for the audit: device, sequence number and event time. The processor
 * de-duplicates by (device, sequence) within a counter epoch and a replay keeps its event time, so
 * two records with the same key are one reading delivered twice; the same (device, sequence) with
 * another event time is a different reading (a restarted counter).
 */
record ReadingKey(String deviceId, long sequence, long eventTime) {
  @Override
  public String toString() {
    return deviceId + "#" + sequence + "@" + eventTime;
  }
}
