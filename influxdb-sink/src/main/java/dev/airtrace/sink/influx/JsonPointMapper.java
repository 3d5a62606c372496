package dev.airtrace.sink.influx;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns one JSON object into points according to a {@link TopicMapping}.
 *
 * <p>Fields are the numeric leaves of the record (or of each exploded entry), nested names joined
 * with {@code _} ({@code subIndices.pm2_5.aqi} becomes {@code subIndices_pm2_5_aqi}); the time
 * field, tags and excluded names are not fields; strings, booleans, arrays and nulls are ignored
 * unless listed as tags. Unknown extra properties are therefore tolerated. With {@code explode},
 * the record's top-level numbers named in {@link TopicMapping#explodeFields()} (e.g. the
 * processor's {@code revision}) are fields of every point as well; an entry's field of the same
 * name wins, and the entries of the objects in {@link TopicMapping#explodeJoin()} under the same
 * key add their leaves prefixed with the object's name. Fields named in {@link
 * TopicMapping#integers()} are integers. Immutable and thread-safe.
 */
final class JsonPointMapper {
  /** InfluxDB reserves {@code time}; a field of that name cannot be written. */
  private static final String RESERVED_FIELD = "time";

  /** Field name for an exploded entry that is a bare number rather than an object. */
  static final String SCALAR_ENTRY_FIELD = "value";

  private final TopicMapping mapping;
  private final Set<String> recordExcludes;
  private final Set<String> entryExcludes;

  JsonPointMapper(TopicMapping mapping) {
    this.mapping = mapping;
    Set<String> entry = new HashSet<>(mapping.exclude());
    entry.add(RESERVED_FIELD);
    for (FieldRef tag : mapping.tags()) {
      if (tag.isPlainName()) {
        entry.add(tag.flatName());
      }
    }
    Set<String> record = new HashSet<>(entry);
    record.add(mapping.time().flatName());
    mapping.tags().forEach(t -> record.add(t.flatName()));
    this.recordExcludes = Set.copyOf(record);
    this.entryExcludes = Set.copyOf(entry);
  }

  List<Point> map(JsonNode root) throws ConversionException {
    if (root == null || !root.isObject()) {
      throw new ConversionException("value is not a JSON object");
    }
    long time = time(root);
    if (mapping.explode() == null) {
      TreeMap<String, String> tags = tags(root, null);
      TreeMap<String, Double> fields = new TreeMap<>();
      flatten(root, "", recordExcludes, fields);
      if (fields.isEmpty()) {
        throw new ConversionException("record has no numeric fields");
      }
      return List.of(new Point(mapping.measurement(), tags, fields, time, integers(fields)));
    }
    JsonNode entries = mapping.explode().resolve(root);
    if (entries.isMissingNode() || entries.isNull()) {
      throw new ConversionException("missing object '" + mapping.explode().spec() + "' to explode");
    }
    if (!entries.isObject()) {
      throw new ConversionException("'" + mapping.explode().spec() + "' is not a JSON object");
    }
    TreeMap<String, Double> recordFields = new TreeMap<>();
    for (String name : mapping.explodeFields()) {
      JsonNode value = root.get(name);
      if (value != null && value.isNumber()) {
        recordFields.put(name, finite(name, value));
      }
    }
    List<Point> points = new ArrayList<>(entries.size());
    for (Iterator<Map.Entry<String, JsonNode>> it = entries.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      TreeMap<String, String> tags = tags(root, entry.getValue());
      tags.put(mapping.explodeTag(), checkTag(mapping.explodeTag(), entry.getKey()));
      TreeMap<String, Double> fields = new TreeMap<>();
      if (entry.getValue().isNumber()) {
        fields.put(SCALAR_ENTRY_FIELD, finite(SCALAR_ENTRY_FIELD, entry.getValue()));
      } else {
        flatten(entry.getValue(), "", entryExcludes, fields);
      }
      if (fields.isEmpty()) {
        throw new ConversionException(
            "entry '" + entry.getKey() + "' of '" + mapping.explode().spec() + "' has no numbers");
      }
      for (String object : mapping.explodeJoin()) {
        JsonNode joined = root.path(object).path(entry.getKey());
        if (joined.isNumber()) {
          fields.put(object, finite(object, joined));
        } else if (joined.isObject()) {
          flatten(joined, object, entryExcludes, fields);
        }
      }
      recordFields.forEach(fields::putIfAbsent);
      points.add(new Point(mapping.measurement(), tags, fields, time, integers(fields)));
    }
    return points;
  }

  /** The fields the mapping writes as integers; each must hold a whole number. */
  private Set<String> integers(Map<String, Double> fields) throws ConversionException {
    if (mapping.integers().isEmpty()) {
      return Set.of();
    }
    Set<String> out = new HashSet<>();
    for (Map.Entry<String, Double> f : fields.entrySet()) {
      if (mapping.isInteger(f.getKey())) {
        double v = f.getValue();
        if (v != Math.rint(v) || Math.abs(v) > 9.0e15) {
          throw new ConversionException(
              "field '" + f.getKey() + "' is mapped as an integer but is " + v);
        }
        out.add(f.getKey());
      }
    }
    return out;
  }

  private long time(JsonNode root) throws ConversionException {
    JsonNode node = mapping.time().resolve(root);
    if (node.isMissingNode() || node.isNull()) {
      throw new ConversionException("missing time field '" + mapping.time().spec() + "'");
    }
    if (!node.isIntegralNumber() || !node.canConvertToLong()) {
      throw new ConversionException(
          "time field '" + mapping.time().spec() + "' is not epoch milliseconds: " + node);
    }
    return node.longValue();
  }

  private TreeMap<String, String> tags(JsonNode root, JsonNode entry) throws ConversionException {
    TreeMap<String, String> tags = new TreeMap<>();
    for (FieldRef ref : mapping.tags()) {
      JsonNode value = null;
      if (entry != null && entry.isObject() && ref.isPlainName()) {
        value = entry.get(ref.key());
      }
      if (value == null || value.isNull()) {
        value = ref.resolve(root);
      }
      if (value.isValueNode() && !value.isNull() && !value.asText().isEmpty()) {
        tags.put(ref.key(), checkTag(ref.key(), value.asText()));
      }
    }
    return tags;
  }

  private static String checkTag(String key, String value) throws ConversionException {
    if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.endsWith("\\")) {
      throw new ConversionException("tag '" + key + "' value cannot be written: " + value);
    }
    return value;
  }

  private static void flatten(
      JsonNode node, String prefix, Set<String> excluded, Map<String, Double> out)
      throws ConversionException {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> child = it.next();
      String name = prefix.isEmpty() ? child.getKey() : prefix + "_" + child.getKey();
      JsonNode value = child.getValue();
      if (value.isNumber()) {
        if (!excluded.contains(name)) {
          out.put(name, finite(name, value));
        }
      } else if (value.isObject()) {
        flatten(value, name, excluded, out);
      }
    }
  }

  private static double finite(String name, JsonNode value) throws ConversionException {
    double d = value.doubleValue();
    if (!Double.isFinite(d)) {
      throw new ConversionException("field '" + name + "' is not a finite number: " + value);
    }
    return d;
  }
}
