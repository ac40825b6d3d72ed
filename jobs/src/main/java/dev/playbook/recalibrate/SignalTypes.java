package dev.playbook.recalibrate;

import dev.playbook.features.Signal;
import java.util.LinkedHashMap;
import java.util.Map;

/** Signal key → the expansion type it points to ("matching type"), from the features job's {@link Signal}. */
final class SignalTypes {
  private SignalTypes() {}

  static final Map<String, String> MATCHING_TYPE;

  static {
    Map<String, String> m = new LinkedHashMap<>();
    for (Signal s : Signal.values()) {
      m.put(s.key(), s.expansionType());
    }
    MATCHING_TYPE = Map.copyOf(m);
  }
}
