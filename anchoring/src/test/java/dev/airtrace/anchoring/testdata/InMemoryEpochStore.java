package dev.airtrace.anchoring.testdata;

import dev.airtrace.anchoring.state.EpochRecord;
import dev.airtrace.anchoring.state.EpochRecordJson;
import dev.airtrace.anchoring.state.EpochStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An {@link EpochStore} that keeps the JSON bytes (so every put goes through the codec) and counts
 * writes; survives "restarts" because tests pass the same instance to a new anchorer.
 */
public final class InMemoryEpochStore implements EpochStore {
  private final Map<Long, byte[]> latest = new TreeMap<>();
  private final List<EpochRecord> writes = new ArrayList<>();

  @Override
  public List<EpochRecord> loadAll() {
    List<EpochRecord> all = new ArrayList<>();
    latest.values().forEach(b -> all.add(EpochRecordJson.read(b)));
    return all;
  }

  @Override
  public void put(EpochRecord record) {
    latest.put(record.seq(), EpochRecordJson.write(record));
    writes.add(record);
  }

  /** Every record written, in order. */
  public List<EpochRecord> writes() {
    return List.copyOf(writes);
  }

  @Override
  public void close() {}
}
