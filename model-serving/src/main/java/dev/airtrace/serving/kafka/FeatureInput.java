package dev.airtrace.serving.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airtrace.inference.ModelManifest;
import dev.airtrace.serving.batching.InputRejectedException;
import dev.airtrace.serving.batching.ServingBatchInput;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A feature window as one model row {@code [hours, channels]}, laid out by the serving version's
 * sidecar section {@code "features":{"hours":48,"channels":[...]}}: channels in the sidecar's
 * order, the newest {@code hours} hours of the window, NaN for a missing hour and for a channel the
 * site does not report (the model masks and fills NaN itself). Immutable.
 */
public record FeatureInput(ForecastWindow window) implements ServingBatchInput {

  @Override
  public int rows() {
    return 1;
  }

  @Override
  public void write(ModelManifest model, FloatBuffer dst) {
    FeatureLayout layout = FeatureLayout.of(model);
    int have = window.hours();
    if (have < layout.hours()) {
      throw new InputRejectedException(
          "window has " + have + " hours but " + model.id() + " needs " + layout.hours());
    }
    List<double[]> columns = new ArrayList<>(layout.channels().size());
    for (String c : layout.channels()) {
      columns.add(window.channels().get(c));
    }
    int skip = have - layout.hours();
    for (int h = 0; h < layout.hours(); h++) {
      for (double[] column : columns) {
        dst.put(column == null ? Float.NaN : (float) column[skip + h]);
      }
    }
  }

  /** The sidecar's feature layout. */
  record FeatureLayout(int hours, List<String> channels) {
    static FeatureLayout of(ModelManifest model) {
      JsonNode f = model.raw().path("features");
      JsonNode channels = f.path("channels");
      int hours = f.path("hours").asInt(-1);
      if (!channels.isArray() || channels.isEmpty() || hours < 1) {
        throw new IllegalStateException(
            model.id() + " has no \"features\":{\"hours\",\"channels\"} section");
      }
      List<String> names = new ArrayList<>();
      channels.forEach(c -> names.add(c.asText()));
      List<Long> shape = model.input().shape();
      if (shape.size() != 3 || shape.get(1) != hours || shape.get(2) != names.size()) {
        throw new IllegalStateException(
            model.id() + " input shape " + shape + " disagrees with its features section");
      }
      return new FeatureLayout(hours, List.copyOf(names));
    }
  }
}
