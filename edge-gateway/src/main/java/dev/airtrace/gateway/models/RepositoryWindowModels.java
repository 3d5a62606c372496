package dev.airtrace.gateway.models;

import dev.airtrace.anomaly.ModelSources;
import dev.airtrace.anomaly.WindowModel;
import dev.airtrace.anomaly.WindowModelSource;
import dev.airtrace.anomaly.WindowSpec;
import dev.airtrace.inference.InferenceException;
import dev.airtrace.inference.LiveModel;
import java.nio.FloatBuffer;

/**
 * A {@link WindowModelSource} over a hot-reloading repository model: every {@link #acquire()}
 * leases the version current at that moment, so a version dropped into the repository is used from
 * the next micro-batch on, and the lease keeps the old one open until its run is done.
 */
final class RepositoryWindowModels implements WindowModelSource {
  private final LiveModel live;

  RepositoryWindowModels(LiveModel live) {
    this.live = live;
  }

  @Override
  public WindowModel acquire() {
    LiveModel.Lease lease = live.acquire();
    try {
      return new Leased(lease);
    } catch (RuntimeException e) {
      lease.close();
      throw e;
    }
  }

  private static final class Leased implements WindowModel {
    private final LiveModel.Lease lease;
    private final WindowSpec spec;

    Leased(LiveModel.Lease lease) {
      this.lease = lease;
      this.spec = WindowSpec.fromManifest(lease.model().manifest());
      if (lease.model().manifest().output(ModelSources.SCORE_OUTPUT).isEmpty()) {
        throw new InferenceException(
            lease.model().manifest().id() + ": no \"" + ModelSources.SCORE_OUTPUT + "\" output");
      }
    }

    @Override
    public int window() {
      return spec.length();
    }

    @Override
    public WindowSpec spec() {
      return spec;
    }

    @Override
    public String modelId() {
      return lease.model().manifest().id();
    }

    @Override
    public String accelerator() {
      return lease.model().backend().token();
    }

    @Override
    public float[] score(FloatBuffer windows, int batch) {
      return lease.model().run(windows, batch).get(ModelSources.SCORE_OUTPUT);
    }

    @Override
    public void close() {
      lease.close();
    }
  }
}
