/**
 * The model behind the batcher: {@link dev.airtrace.serving.model.ModelSource} (the live version of
 * one named model, leased per batch so a hot reload never closes a model mid-run) and {@link
 * dev.airtrace.serving.model.ModelRunner}, which lays a batch's inputs into one direct tensor, runs
 * it through the inference module and splits the outputs back per input.
 */
package dev.airtrace.serving.model;
