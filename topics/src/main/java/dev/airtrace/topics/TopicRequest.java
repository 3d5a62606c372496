package dev.airtrace.topics;

import java.util.Objects;

/**
 * A topic to create if missing: a name (the catalogue's or an operator's rename) and the creation
 * policy of the topic it stands for. Immutable.
 *
 * @param name the topic name
 * @param policy how it is created
 */
public record TopicRequest(String name, CreationPolicy policy) {
  public TopicRequest {
    Objects.requireNonNull(policy, "policy");
    if (!Topic.isLegalName(name)) {
      throw new IllegalArgumentException("not a legal Kafka topic name: " + name);
    }
  }

  /** {@code topic}'s policy under {@code name} (a renamed topic). */
  public static TopicRequest of(Topic<?, ?> topic, String name) {
    return new TopicRequest(name, topic.creation());
  }
}
