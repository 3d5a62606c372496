/**
 * The model behind the batcher: {@link dev.airtrace.serving.model.RepositoryModelSource} (the live
 * version of one named model as an {@link dev.airtrace.inference.LiveModel}, leased per batch so a
 * hot reload never closes a model mid-run, with reload metrics) and {@link
 * dev.airtrace.serving.model.ModelRunner}, which lays a batch's inputs into one direct tensor, runs
 * it through the inference module and splits the outputs back per input.
 */
package dev.airtrace.serving.model;
