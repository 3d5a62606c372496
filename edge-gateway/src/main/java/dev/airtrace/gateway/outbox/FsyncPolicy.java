package dev.airtrace.gateway.outbox;

/**
 * When the outbox forces its write-ahead log to disk. An MQTT message is acknowledged once its
 * records are appended under this policy, so the policy decides what an acknowledged reading
 * survives.
 */
public enum FsyncPolicy {
  /**
   * fsync once per append pass (group commit of everything the gateway worker handed over since the
   * last pass) before any of it is acknowledged: survives a process crash, an OS crash and a power
   * loss (default).
   */
  PER_BATCH,
  /**
   * fsync at most every {@code fsyncInterval}; appends are acknowledged before: survives a process
   * crash; an OS crash or a power loss can lose up to the last interval of acknowledged records.
   */
  INTERVAL,
  /**
   * Never fsync (the OS writes back when it likes): survives a process crash only; an OS crash or
   * power loss can lose whatever the OS had not written.
   */
  NONE
}
