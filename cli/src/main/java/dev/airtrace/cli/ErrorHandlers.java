package dev.airtrace.cli;

import java.io.PrintWriter;
import java.util.LinkedHashSet;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * How {@code airtrace} reports a failed command: one line on stderr naming the command and what
 * went wrong, and an exit code ({@link #USAGE_EXIT} for a misused command line, {@link
 * #FAILURE_EXIT} for a command that failed while running). An operator reads the line; a stack
 * trace follows only with {@code --verbose}, for a bug report. Stateless and thread-safe.
 */
final class ErrorHandlers implements IExecutionExceptionHandler, IParameterExceptionHandler {
  /** Exit code of a command line that names a missing or malformed option (picocli's own). */
  static final int USAGE_EXIT = CommandLine.ExitCode.USAGE;

  /** Exit code of a command that started and failed. */
  static final int FAILURE_EXIT = CommandLine.ExitCode.SOFTWARE;

  private final AirtraceCli root;

  ErrorHandlers(AirtraceCli root) {
    this.root = root;
  }

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    String name = cmd.getCommandSpec().qualifiedName();
    err.println(name + ": " + oneLine(ex.getMessage()) + " (see " + name + " --help)");
    if (verbose(cmd)) {
      ex.printStackTrace(err);
    }
    err.flush();
    return USAGE_EXIT;
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
    PrintWriter err = cmd.getErr();
    err.println(cmd.getCommandSpec().qualifiedName() + ": " + describe(ex));
    if (verbose(cmd)) {
      ex.printStackTrace(err);
    }
    err.flush();
    return FAILURE_EXIT;
  }

  /** Whether {@code --verbose} was given, on the root command or any subcommand. */
  private boolean verbose(CommandLine cmd) {
    if (root.verbose) {
      return true;
    }
    for (CommandLine c = cmd; c != null; c = c.getParent()) {
      ParseResult r = c.getParseResult();
      if (r != null && r.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }

  /**
   * The messages along the cause chain, each once, joined with {@code ": "}: a wrapper's message
   * ("cannot read the gateway signing key k.pem") followed by its cause's ("k.pem: No such file").
   * A cause without a message is named by its class.
   */
  static String describe(Throwable ex) {
    Set<String> parts = new LinkedHashSet<>();
    for (Throwable t = ex; t != null && parts.size() < 4; t = t.getCause()) {
      String m = t.getMessage();
      if (t.getCause() != null && m != null && m.equals(t.getCause().toString())) {
        // A wrapper (ExecutionException, UncheckedIOException(cause)) that only repeats its cause.
        continue;
      }
      String part = m == null || m.isBlank() ? t.getClass().getSimpleName() : oneLine(m);
      if (parts.stream().noneMatch(p -> p.contains(part))) {
        parts.add(part);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return String.join(": ", parts);
  }

  private static String oneLine(String message) {
    return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
