package dev.airtrace.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Supplies option defaults from the environment and a properties file, so every command can be
 * configured the same three ways. Precedence: command line, then environment variable, then config
 * file, then the option's built-in default.
 *
 * <p>An option {@code --kafka-bootstrap} is read from the environment variable {@code
 * AIRTRACE_KAFKA_BOOTSTRAP} and from the file key {@code kafka-bootstrap}. Immutable.
 */
final class ConfigDefaults implements IDefaultValueProvider {
  static final String ENV_PREFIX = "AIRTRACE_";
  static final String CONFIG_ENV = ENV_PREFIX + "CONFIG";

  private final Map<String, String> env;
  private final Properties file;

  ConfigDefaults(Map<String, String> env, Properties file) {
    this.env = Map.copyOf(env);
    this.file = file;
  }

  /**
   * Reads the config file named by {@code --config FILE} / {@code --config=FILE} in {@code args},
   * or else by {@code AIRTRACE_CONFIG}; no file is fine.
   */
  static ConfigDefaults from(String[] args, Map<String, String> env) {
    String path = env.get(CONFIG_ENV);
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config") && i + 1 < args.length) {
        path = args[i + 1];
      } else if (args[i].startsWith("--config=")) {
        path = args[i].substring("--config=".length());
      }
    }
    Properties props = new Properties();
    if (path != null) {
      Path p = Path.of(path);
      try (Reader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
        props.load(r);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read config file " + p.toAbsolutePath(), e);
      }
    }
    return new ConfigDefaults(env, props);
  }

  @Override
  public String defaultValue(ArgSpec argSpec) {
    if (!(argSpec instanceof OptionSpec option) || option.longestName().equals("--config")) {
      return null;
    }
    String key = option.longestName().replaceFirst("^-+", "");
    String fromEnv = env.get(envName(key));
    if (fromEnv != null) {
      return fromEnv;
    }
    return file.getProperty(key);
  }

  /** The environment variable for an option key, e.g. {@code kafka-bootstrap}. */
  static String envName(String key) {
    return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('-', '_');
  }
}
