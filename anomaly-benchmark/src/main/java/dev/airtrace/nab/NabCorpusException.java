package dev.airtrace.nab;

/**
 * A NAB corpus, result file or score map that cannot be used: missing data, a malformed file, a
 * window boundary that is not a row timestamp, or scores that do not match the corpus. The message
 * names the offending file (and line where known) and, for missing data, how to obtain it.
 */
public final class NabCorpusException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what is wrong and where
   */
  public NabCorpusException(String message) {
    super(message);
  }

  /**
   * @param message what is wrong and where
   * @param cause the underlying I/O or parse failure
   */
  public NabCorpusException(String message, Throwable cause) {
    super(message, cause);
  }
}
