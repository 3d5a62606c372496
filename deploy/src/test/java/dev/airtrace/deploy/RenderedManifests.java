package dev.airtrace.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The Kubernetes objects of a {@code helm template} output (multi-document YAML). */
record RenderedManifests(List<JsonNode> objects) {

  static RenderedManifests parse(String yaml) {
    List<JsonNode> objects = new ArrayList<>();
    try (MappingIterator<JsonNode> docs =
        RepoFiles.YAML.readerFor(JsonNode.class).readValues(yaml)) {
      while (docs.hasNext()) {
        JsonNode doc = docs.next();
        if (doc != null && doc.isObject() && doc.has("kind")) {
          objects.add(doc);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("helm template output is not YAML:\n" + yaml, e);
    }
    return new RenderedManifests(List.copyOf(objects));
  }

  /** {@code Kind/name} of every object, e.g. {@code Deployment/rel-airtrace-sink}. */
  List<String> kindsAndNames() {
    return objects.stream()
        .map(o -> o.path("kind").asText() + "/" + o.path("metadata").path("name").asText())
        .toList();
  }

  Optional<JsonNode> find(String kind, String name) {
    return objects.stream()
        .filter(
            o ->
                o.path("kind").asText().equals(kind)
                    && o.path("metadata").path("name").asText().equals(name))
        .findFirst();
  }

  JsonNode get(String kind, String name) {
    return find(kind, name)
        .orElseThrow(
            () -> new AssertionError("no " + kind + "/" + name + " in " + kindsAndNames()));
  }

  List<JsonNode> ofKind(String kind) {
    return objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
  }

  /** The first container of a Deployment. */
  JsonNode container(String deployment) {
    return get("Deployment", deployment)
        .path("spec")
        .path("template")
        .path("spec")
        .path("containers")
        .get(0);
  }
}
