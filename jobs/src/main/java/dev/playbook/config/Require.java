package dev.playbook.config;

import java.util.Collection;

/**
 * Range checks for config records' compact constructors. The message names the key; {@link ConfigLoader}
 * adds the file and the path of the enclosing section.
 */
public final class Require {
  private Require() {}

  public static double between(String key, double value, double min, double max) {
    if (Double.isNaN(value) || value < min || value > max) {
      throw new IllegalArgumentException(key + " must be between " + min + " and " + max + ", was " + value);
    }
    return value;
  }

  public static int between(String key, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(key + " must be between " + min + " and " + max + ", was " + value);
    }
    return value;
  }

  public static <T> T present(String key, T value) {
    if (value == null) {
      throw new IllegalArgumentException(key + " is required");
    }
    return value;
  }

  public static String oneOf(String key, String value, Collection<String> allowed) {
    if (!allowed.contains(value)) {
      throw new IllegalArgumentException(key + " must be one of " + allowed + ", was '" + value + "'");
    }
    return value;
  }

  public static void that(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
