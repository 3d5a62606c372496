package dev.airtrace.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the version from the jar manifest (set by the build). */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = AirtraceCli.class.getPackage().getImplementationVersion();
    return new String[] {"airtrace " + (v == null ? "(development build)" : v)};
  }
}
