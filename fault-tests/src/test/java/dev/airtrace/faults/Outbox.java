package dev.airtrace.faults;

import dev.airtrace.topics.RecordHeaders;
import java.lang.reflect.Constructor;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Whether the gateway CLI on the class path has the disk outbox of issue #10 (scope 1, option
 * {@code --outbox-dir}). The scenarios that need it (f: Kafka outage, g: outbox disk full) are
 * skipped with a message naming it while it is missing, unless {@code
 * -Dairtrace.fault.require-outbox=true}, which runs them anyway to show what today's gateway does.
 */
final class Outbox {
  /** The marker header the outbox puts on backfilled records. */
  static final String BACKFILL_HEADER = RecordHeaders.BACKFILL;

  private Outbox() {}

  static boolean available() {
    try {
      // The command's picocli model, mixins included: the option may live in a mixin class.
      Constructor<?> constructor =
          Class.forName("dev.airtrace.cli.GatewayCommand").getDeclaredConstructor();
      constructor.setAccessible(true);
      return CommandSpec.forAnnotatedObject(constructor.newInstance()).findOption("--outbox-dir")
          != null;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("the gateway command is not on the class path", e);
    }
  }

  static boolean required() {
    return Boolean.getBoolean("airtrace.fault.require-outbox");
  }
}
