package dev.airtrace.cli;

import dev.airtrace.cli.demo.DemoCommand;
import dev.airtrace.verify.VerifyCommand;
import java.io.File;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code airtrace} command: one runnable artifact for every component. Each subcommand runs one
 * component until interrupted (Ctrl-C or SIGTERM shut it down cleanly).
 */
@Command(
    name = "airtrace",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Edge-to-cloud pipeline for environmental sensor networks.",
      "",
      "Every option can also come from an environment variable (AIRTRACE_ + the option name in"
          + " upper case, dashes as underscores: --kafka-bootstrap -> AIRTRACE_KAFKA_BOOTSTRAP)"
          + " or from a properties file given with --config (key = option name without dashes)."
          + " The command line wins over the environment, which wins over the file.",
      ""
    },
    subcommands = {
      DemoCommand.class,
      GatewayCommand.class,
      ProcessorCommand.class,
      ServeCommand.class,
      SinkCommand.class,
      SimulateCommand.class,
      ReplayCommand.class,
      ForecastReportCommand.class,
      AnchorCommand.class,
      ProofCommand.class,
      VerifyCommand.class,
      NabCommand.class,
      DeviceCommand.class,
      CommandLine.HelpCommand.class
    })
public final class AirtraceCli {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      scope = CommandLine.ScopeType.INHERIT,
      description = "Properties file with option defaults (also AIRTRACE_CONFIG).")
  File config;

  @Option(
      names = "--verbose",
      scope = CommandLine.ScopeType.INHERIT,
      description = "Print the stack trace of a failure after its one-line message.")
  boolean verbose;

  /** Builds the command line with the environment and config file wired in. */
  public static CommandLine commandLine(String[] args) {
    Installation.publish(System.getenv());
    AirtraceCli root = new AirtraceCli();
    CommandLine cl = new CommandLine(root);
    cl.setDefaultValueProvider(ConfigDefaults.from(args, System.getenv()));
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    ErrorHandlers errors = new ErrorHandlers(root);
    cl.setExecutionExceptionHandler(errors);
    cl.setParameterExceptionHandler(errors);
    return cl;
  }

  public static void main(String[] args) {
    int exit;
    try {
      exit = commandLine(args).execute(args);
    } catch (RuntimeException e) {
      // The command line could not even be built (e.g. an unreadable --config file).
      System.err.println("airtrace: " + ErrorHandlers.describe(e));
      exit = ErrorHandlers.USAGE_EXIT;
    }
    System.exit(exit);
  }
}
