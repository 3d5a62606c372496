package dev.airtrace.sink.influx;

/** The connector version Connect reports: the jar's Implementation-Version. */
final class Version {
  private Version() {}

  static String get() {
    String version = Version.class.getPackage().getImplementationVersion();
    return version == null ? "0.0.0-dev" : version;
  }
}
