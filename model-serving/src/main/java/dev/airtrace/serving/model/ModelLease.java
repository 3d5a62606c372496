package dev.airtrace.serving.model;

import dev.airtrace.inference.Model;

/**
 * One batch's hold on a model version: while any lease is open the version is not closed, even if a
 * newer one has replaced it. Close it in the scope that acquired it (try-with-resources).
 */
public interface ModelLease extends AutoCloseable {

  /** The leased model. */
  Model model();

  /** Releases the hold. */
  @Override
  void close();
}
