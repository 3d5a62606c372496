package dev.airtrace.sink.influx;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A reference to a JSON value in a mapping: a top-level property name ({@code siteId}) or a JSON
 * pointer ({@code /meta/siteId}, RFC 6901). Its {@link #key()} (the last segment) names the tag;
 * its {@link #flatName()} (segments joined with {@code _}) is the field name it would get.
 */
record FieldRef(String spec, JsonPointer pointer, String key, String flatName) {

  static FieldRef parse(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException("a field reference must not be blank");
    }
    String trimmed = spec.trim();
    if (!trimmed.startsWith("/")) {
      return new FieldRef(trimmed, JsonPointer.empty().appendProperty(trimmed), trimmed, trimmed);
    }
    JsonPointer pointer = JsonPointer.compile(trimmed);
    List<String> segments = new ArrayList<>();
    for (JsonPointer p = pointer; p != null && !p.matches(); p = p.tail()) {
      segments.add(p.getMatchingProperty());
    }
    if (segments.isEmpty()) {
      throw new IllegalArgumentException("JSON pointer '" + spec + "' names the whole document");
    }
    return new FieldRef(
        trimmed, pointer, segments.get(segments.size() - 1), String.join("_", segments));
  }

  /** Whether this is a plain top-level name (looked up in an exploded entry first). */
  boolean isPlainName() {
    return !spec.startsWith("/");
  }

  JsonNode resolve(JsonNode root) {
    return root.at(pointer);
  }
}
