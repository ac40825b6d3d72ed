package dev.playbook.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * Reads a YAML file into a typed config record, strictly: unknown keys, missing keys, wrong types and
 * out-of-range values stop the load with a {@link ConfigException} naming the file and the key.
 *
 * <p>YAML keys are snake_case; record components are camelCase.
 */
public final class ConfigLoader {
  private ConfigLoader() {}

  private static final ObjectMapper ALL_KEYS = strictMapper(true);
  private static final ObjectMapper OPTIONAL_KEYS = strictMapper(false);

  private static ObjectMapper strictMapper(boolean allKeysRequired) {
    ObjectMapper mapper = YAMLMapper.builder()
        .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .configure(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES, allKeysRequired)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .build();
    // "0.85" quoted is a string, not a number: refuse instead of guessing.
    mapper.coercionConfigDefaults().setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    mapper.coercionConfigDefaults().setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
    // and 3 is a number, not the text "3".
    for (CoercionInputShape shape : new CoercionInputShape[] {
        CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean}) {
      mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
    }
    return mapper;
  }

  /** Loads {@code file} as {@code type}; every key of every record must be present. */
  public static <T> T load(Path file, Class<T> type) {
    return load(file, type, true);
  }

  /**
   * Loads {@code file} as {@code type}. With {@code allKeysRequired} false, absent keys are null and the
   * records' own checks decide which are needed (environment files, where most source keys are optional).
   */
  public static <T> T load(Path file, Class<T> type, boolean allKeysRequired) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException(file + ": config file not found");
    }
    try {
      ObjectMapper mapper = allKeysRequired ? ALL_KEYS : OPTIONAL_KEYS;
      JsonNode tree = mapper.readTree(file.toFile());
      if (tree == null || tree.isMissingNode() || tree.isNull()) {
        throw new ConfigException(file + ": config file is empty");
      }
      // Unknown keys first: a misspelt key should be reported as such, not as the required key it misses.
      unknownKey(tree, type, "").ifPresent(key -> {
        throw new ConfigException(file + ": unknown key '" + key + "'");
      });
      return mapper.treeToValue(tree, type);
    } catch (JsonMappingException e) {
      throw new ConfigException(file + ": " + describe(e), e);
    } catch (IOException e) {
      throw new ConfigException(file + ": not valid YAML: " + e.getMessage(), e);
    }
  }

  /** The first key in {@code node} that {@code type} (a record, or a map or list of records) does not know. */
  static Optional<String> unknownKey(JsonNode node, Type type, String path) {
    if (type instanceof ParameterizedType p && node.isObject() && p.getRawType() == Map.class) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        Optional<String> found = unknownKey(e.getValue(), p.getActualTypeArguments()[1], path + e.getKey() + ".");
        if (found.isPresent()) {
          return found;
        }
      }
    } else if (type instanceof ParameterizedType p && node.isArray() && p.getRawType() == List.class) {
      for (int i = 0; i < node.size(); i++) {
        Optional<String> found = unknownKey(node.get(i), p.getActualTypeArguments()[0],
            path.replaceAll("\\.$", "") + "[" + i + "].");
        if (found.isPresent()) {
          return found;
        }
      }
    } else if (type instanceof Class<?> c && c.isRecord() && node.isObject()) {
      Map<String, Type> known = new LinkedHashMap<>();
      for (RecordComponent rc : c.getRecordComponents()) {
        known.put(SNAKE.translate(rc.getName()), rc.getGenericType());
      }
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        if (!known.containsKey(e.getKey())) {
          return Optional.of(path + e.getKey() + "' (known keys here: " + known.keySet() + ")");
        }
        Optional<String> found = unknownKey(e.getValue(), known.get(e.getKey()), path + e.getKey() + ".");
        if (found.isPresent()) {
          return found;
        }
      }
    }
    return Optional.empty();
  }

  private static final PropertyNamingStrategies.NamingBase SNAKE =
      (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

  private static String describe(JsonMappingException e) {
    String path = e.getPath().stream()
        .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
        .collect(Collectors.joining(".")).replace(".[", "[");
    if (e instanceof UnrecognizedPropertyException u) {
      return "unknown key '" + path + "' (known keys here: " + u.getKnownPropertyIds() + ")";
    }
    if (e instanceof ValueInstantiationException && e.getCause() != null) {
      String cause = e.getCause().getMessage();
      return path.isEmpty() ? cause : "key '" + path + "': " + cause;
    }
    if (e instanceof InvalidFormatException f) {
      return "key '" + path + "': wrong type, value '" + f.getValue() + "' is not a "
          + f.getTargetType().getSimpleName();
    }
    if (e instanceof MismatchedInputException m) {
      String msg = m.getOriginalMessage();
      if (msg.contains("Missing") && msg.contains("creator property")) {
        String missing = msg.replaceAll("(?s).*creator property '([^']*)'.*", "$1");
        return "missing key '" + (path.isEmpty() ? missing : path + "." + missing) + "'";
      }
      String target = m.getTargetType() == null ? "value" : m.getTargetType().getSimpleName();
      return "key '" + path + "': wrong type, expected " + target;
    }
    return "key '" + path + "': " + e.getOriginalMessage();
  }
}
