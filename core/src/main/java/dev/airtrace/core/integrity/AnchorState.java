package dev.airtrace.core.integrity;

import java.util.Arrays;
import java.util.Optional;

/** How far an epoch's anchor has got, as written in a proof's {@code anchor.state}. */
public enum AnchorState {
  /** Sealed, possibly submitted, not yet in a block. */
  PENDING("pending"),
  /** In a block that may still be reorganised away. */
  INCLUDED("included"),
  /** In a block at or below the chain's {@code finalized} block. */
  FINAL("final");

  private final String wireName;

  AnchorState(String wireName) {
    this.wireName = wireName;
  }

  /** The lower-case name written in JSON. */
  public String wireName() {
    return wireName;
  }

  /** Looks a state up by its JSON name. */
  public static Optional<AnchorState> fromWireName(String name) {
    return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst();
  }
}
