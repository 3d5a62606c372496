package dev.airtrace.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed compose file, read the way Compose reads it: short and long forms of environment,
 * depends_on, volumes and build are normalised, and relative bind-mount sources resolve against the
 * compose file's folder.
 */
record ComposeFile(Path file, JsonNode root) {

  static ComposeFile load(Path file) {
    return new ComposeFile(file, RepoFiles.readYaml(file));
  }

  /** The folder relative paths in the file resolve against. */
  Path dir() {
    return file.getParent();
  }

  Map<String, Service> services() {
    Map<String, Service> services = new LinkedHashMap<>();
    root.path("services")
        .properties()
        .forEach(e -> services.put(e.getKey(), new Service(e.getKey(), e.getValue(), this)));
    return services;
  }

  Service service(String name) {
    Service service = services().get(name);
    if (service == null) {
      throw new AssertionError("compose file defines no service '" + name + "'");
    }
    return service;
  }

  private static final Pattern VARIABLE =
      Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(:?-([^}]*))?}");

  /** {@code value} with every {@code ${VAR...}} replaced by its default (empty without one). */
  static String interpolateDefaults(String value) {
    Matcher m = VARIABLE.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(m.group(3) == null ? "" : m.group(3)));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** Names of the top-level named volumes. */
  Set<String> namedVolumes() {
    Set<String> names = new LinkedHashSet<>();
    root.path("volumes").fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** One mount of a service: a bind mount of a host path or a named volume. */
  record Mount(String source, String target, boolean readOnly, boolean bind) {}

  /** How a service's image is built. */
  record Build(Path context, Path dockerfile) {}

  /** One service definition. */
  record Service(String name, JsonNode node, ComposeFile compose) {

    String image() {
      return node.path("image").asText("");
    }

    List<String> command() {
      List<String> command = new ArrayList<>();
      JsonNode c = node.path("command");
      if (c.isArray()) {
        c.forEach(part -> command.add(part.asText()));
      } else if (c.isTextual()) {
        command.addAll(List.of(c.asText().trim().split("\\s+")));
      }
      return command;
    }

    /** Environment, from the map form or the list of {@code KEY=VALUE}. */
    Map<String, String> environment() {
      Map<String, String> env = new LinkedHashMap<>();
      JsonNode e = node.path("environment");
      if (e.isObject()) {
        e.properties()
            .forEach(
                f -> env.put(f.getKey(), f.getValue().isNull() ? null : f.getValue().asText()));
      } else if (e.isArray()) {
        for (JsonNode item : e) {
          String s = item.asText();
          int eq = s.indexOf('=');
          env.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? null : s.substring(eq + 1));
        }
      }
      return env;
    }

    /** depends_on as service -> condition; the list form means {@code service_started}. */
    Map<String, String> dependsOn() {
      Map<String, String> deps = new LinkedHashMap<>();
      JsonNode d = node.path("depends_on");
      if (d.isArray()) {
        d.forEach(item -> deps.put(item.asText(), "service_started"));
      } else if (d.isObject()) {
        d.properties()
            .forEach(
                f ->
                    deps.put(f.getKey(), f.getValue().path("condition").asText("service_started")));
      }
      return deps;
    }

    /** The healthcheck test command, empty when there is none or it is disabled. */
    List<String> healthcheck() {
      JsonNode h = node.path("healthcheck");
      if (h.path("disable").asBoolean(false)) {
        return List.of();
      }
      JsonNode test = h.path("test");
      List<String> parts = new ArrayList<>();
      if (test.isArray()) {
        test.forEach(p -> parts.add(p.asText()));
      } else if (test.isTextual()) {
        parts.add("CMD-SHELL");
        parts.add(test.asText());
      }
      return parts.isEmpty() || parts.get(0).equals("NONE") ? List.of() : parts;
    }

    List<Mount> mounts() {
      List<Mount> mounts = new ArrayList<>();
      for (JsonNode v : node.path("volumes")) {
        if (v.isTextual()) {
          String[] parts = v.asText().split(":");
          String source = parts[0];
          boolean bind = source.startsWith(".") || source.startsWith("/") || source.startsWith("~");
          boolean ro = parts.length > 2 && parts[2].contains("ro");
          mounts.add(new Mount(source, parts.length > 1 ? parts[1] : source, ro, bind));
        } else {
          mounts.add(
              new Mount(
                  v.path("source").asText(),
                  v.path("target").asText(),
                  v.path("read_only").asBoolean(false),
                  v.path("type").asText("volume").equals("bind")));
        }
      }
      return mounts;
    }

    /**
     * The host path of a bind mount, resolved against the compose file's folder, with {@code
     * ${VAR:-default}} / {@code ${VAR-default}} interpolated as Compose does when {@code VAR} is
     * unset (the environment of the test run is deliberately ignored: the check is about the file's
     * defaults).
     */
    Path hostPath(Mount mount) {
      return compose.dir().resolve(interpolateDefaults(mount.source())).normalize();
    }

    Optional<Build> build() {
      JsonNode b = node.path("build");
      if (b.isMissingNode() || b.isNull()) {
        return Optional.empty();
      }
      String context = b.isTextual() ? b.asText() : b.path("context").asText(".");
      Path contextDir = compose.dir().resolve(context).normalize();
      String dockerfile = b.path("dockerfile").asText("Dockerfile");
      return Optional.of(new Build(contextDir, contextDir.resolve(dockerfile).normalize()));
    }

    List<String> profiles() {
      List<String> profiles = new ArrayList<>();
      node.path("profiles").forEach(p -> profiles.add(p.asText()));
      return profiles;
    }
  }
}
