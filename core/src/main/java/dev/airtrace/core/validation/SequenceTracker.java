package dev.airtrace.core.validation;

import dev.airtrace.core.DeviceId;

/**
 * Detects duplicate and missing sequence numbers per device.
 *
 * <p>Not thread-safe: use one per gateway worker (readings of one device always go to one worker).
 */
public final class SequenceTracker {
  private final int windowPerDevice;
  private long gaps;
  private long duplicates;

  /**
   * @param windowPerDevice how many recent sequence numbers per device are remembered, {@code >= 1}
   */
  public SequenceTracker(int windowPerDevice) {
    if (windowPerDevice < 1) {
      throw new IllegalArgumentException("windowPerDevice must be >= 1 but was " + windowPerDevice);
    }
    this.windowPerDevice = windowPerDevice;
  }

  /** Records that {@code device} sent {@code sequence}. */
  public Observation observe(DeviceId device, long sequence) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** Total sequence numbers found missing so far, over all devices. */
  public long gapsDetected() {
    return gaps;
  }

  /** Total duplicates observed so far, over all devices. */
  public long duplicatesDetected() {
    return duplicates;
  }

  /**
   * What one observation found.
   *
   * @param duplicate whether the sequence number was seen before (within the window)
   * @param missedBefore sequence numbers skipped since the highest seen; 0 if none
   */
  public record Observation(boolean duplicate, long missedBefore) {}
}
