package dev.airtrace.simulator.replay;

/**
 * A source row that cannot be replayed: its 1-based line number, a one-sentence reason naming the
 * column and value, and the original line (for the bad-rows file).
 */
public final class BadRowException extends Exception {
  private static final long serialVersionUID = 1L;

  private final long row;
  private final String line;

  /**
   * @param row the 1-based line number in the source (the header is line 1)
   * @param reason what is wrong, naming the column and value
   * @param line the original line as read, without its line end
   */
  public BadRowException(long row, String reason, String line) {
    super("row " + row + ": " + reason);
    this.row = row;
    this.line = line;
  }

  /** The 1-based line number in the source. */
  public long row() {
    return row;
  }

  /** The reason alone, without the row prefix of {@link #getMessage()}. */
  public String reason() {
    return getMessage().substring(("row " + row + ": ").length());
  }

  /** The original line. */
  public String line() {
    return line;
  }
}
