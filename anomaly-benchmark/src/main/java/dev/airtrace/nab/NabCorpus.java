package dev.airtrace.nab;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A NAB corpus in memory: the data files with their windows (keyed {@code "<category>/<file>.csv"}
 * in sorted key order) and the application profiles.
 *
 * <p>Immutable and thread-safe, so one instance can be shared by all tests of a JVM (the NAB v1.1
 * corpus is 58 files, 365,558 rows). Load one with {@link #load(Path)}.
 */
public final class NabCorpus {
  private final Map<String, NabDataFile> files;
  private final List<CostProfile> profiles;

  /**
   * @param files the data files (order is kept)
   * @param profiles the application profiles in scoreboard order
   * @throws IllegalArgumentException on duplicate file keys or profile names
   */
  public NabCorpus(Collection<NabDataFile> files, List<CostProfile> profiles) {
    Map<String, NabDataFile> byKey = new LinkedHashMap<>();
    for (NabDataFile file : files) {
      if (byKey.put(file.key(), file) != null) {
        throw new IllegalArgumentException("duplicate corpus file " + file.key());
      }
    }
    this.files = Collections.unmodifiableMap(byKey);
    this.profiles = List.copyOf(profiles);
    if (this.profiles.stream().map(CostProfile::name).distinct().count() != this.profiles.size()) {
      throw new IllegalArgumentException("duplicate profile names in " + this.profiles);
    }
  }

  /**
   * Reads a corpus in NAB layout: {@code data/<category>/<file>.csv}, {@code
   * labels/combined_windows.json} and {@code config/profiles.json} under {@code root}.
   *
   * @param root the corpus folder (e.g. {@link NabCorpusLocation#defaultRoot()})
   * @return the corpus
   * @throws NabCorpusException when files are missing (the message says how to obtain NAB) or
   *     malformed
   */
  public static NabCorpus load(Path root) {
    return NabCorpusReader.read(root);
  }

  /**
   * @return the data files keyed {@code "<category>/<file>.csv"}, in corpus order
   */
  public Map<String, NabDataFile> files() {
    return files;
  }

  /**
   * @param key a corpus key
   * @return the data file
   * @throws NabCorpusException when the key is not in the corpus
   */
  public NabDataFile file(String key) {
    NabDataFile file = files.get(key);
    if (file == null) {
      throw new NabCorpusException("no corpus file " + key);
    }
    return file;
  }

  /**
   * @return the application profiles in scoreboard order
   */
  public List<CostProfile> profiles() {
    return profiles;
  }

  /**
   * @param name a profile name such as {@link CostProfile#STANDARD}
   * @return the profile
   * @throws NabCorpusException when there is no such profile
   */
  public CostProfile profile(String name) {
    Objects.requireNonNull(name, "name");
    return profiles.stream()
        .filter(p -> p.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new NabCorpusException("no profile " + name + " in " + profiles));
  }

  /**
   * @return the number of labelled windows over all files (N_win of the normalisation)
   */
  public int windowCount() {
    return files.values().stream().mapToInt(f -> f.windows().size()).sum();
  }

  /**
   * @return the number of data rows over all files
   */
  public long rowCount() {
    return files.values().stream().mapToLong(NabDataFile::rowCount).sum();
  }

  @Override
  public String toString() {
    return "NabCorpus("
        + files.size()
        + " files, "
        + rowCount()
        + " rows, "
        + windowCount()
        + " windows)";
  }
}
