package dev.airtrace.core.integrity;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 instances; every JDK ships the algorithm, so its absence is a broken runtime. */
final class Sha256 {
  static final int LENGTH = 32;

  private Sha256() {}

  static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
