package dev.playbook.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark's figure as a self-contained SVG (no plotting library needed): per data size, one bar per
 * engine with its seconds; beside them the sweep (10 vs 1,000 cutoffs) and the cold sample pipeline.
 */
final class Plot {
  private Plot() {}

  private static final Map<String, String> COLORS = Map.of(
      EngineRun.OURS, "#1f77b4", EngineRun.DUCKDB_EXPERT, "#2ca02c", EngineRun.DUCKDB, "#ff7f0e",
      EngineRun.SPARK_SQL, "#7f7f7f");

  record Bar(String group, String label, double seconds, String color) {}

  static String svg(List<Benchmark.SizeRun> runs, Map<String, String> sweep, Benchmark.Run.Pipeline pipeline) {
    List<Bar> bars = new ArrayList<>();
    for (Benchmark.SizeRun r : runs) {
      for (Benchmark.EngineResult e : r.results().values()) {
        if (e.ok()) {
          bars.add(new Bar("features " + r.size() + String.format(Locale.ROOT, " (%.0fM rows)", r.inputRows() / 1e6),
              e.engine(), e.seconds(), COLORS.getOrDefault(e.engine(), "#333333")));
        }
      }
    }
    if (sweep != null && !sweep.containsKey("failure")) {
      bars.add(new Bar("sweep", "10 cutoffs", Double.parseDouble(sweep.get("seconds_10")), "#2ca02c"));
      bars.add(new Bar("sweep", "1,000 cutoffs", Double.parseDouble(sweep.get("seconds_1000")), "#98df8a"));
    }
    if (pipeline != null && pipeline.failure() == null) {
      bars.add(new Bar("sample pipeline", "cold JVM", pipeline.wallSeconds(), "#9467bd"));
    }
    double max = bars.stream().mapToDouble(Bar::seconds).max().orElse(1);
    int barWidth = 46;
    int gap = 8;
    int groupGap = 36;
    int left = 60;
    int top = 40;
    int height = 300;
    int x = left;
    StringBuilder body = new StringBuilder();
    String group = null;
    int groupStart = x;
    List<String> groupLabels = new ArrayList<>();
    for (Bar b : bars) {
      if (!b.group().equals(group)) {
        if (group != null) {
          groupLabels.add(label((groupStart + x - gap) / 2, top + height + 38, group, 12, "bold"));
          x += groupGap;
        }
        group = b.group();
        groupStart = x;
      }
      int h = (int) Math.round(b.seconds() / max * height);
      body.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>%n",
          x, top + height - h, barWidth, Math.max(h, 1), b.color()));
      body.append(label(x + barWidth / 2, top + height - h - 4, String.format(Locale.ROOT,
          b.seconds() < 10 ? "%.1f s" : "%.0f s", b.seconds()), 11, "normal"));
      body.append(label(x + barWidth / 2, top + height + 16, b.label(), 10, "normal"));
      x += barWidth + gap;
    }
    if (group != null) {
      groupLabels.add(label((groupStart + x - gap) / 2, top + height + 38, group, 12, "bold"));
    }
    int width = Math.max(x + 20, 560);
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
        + "font-family=\"sans-serif\">%n", width, top + height + 60));
    svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width,
        top + height + 60));
    svg.append(label(width / 2, 22, "Expansion Playbook benchmark — seconds (lower is better)", 14, "bold"));
    svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n",
        left - 10, top + height, width - 10, top + height));
    svg.append(body);
    groupLabels.forEach(svg::append);
    svg.append("</svg>\n");
    return svg.toString();
  }

  private static String label(int x, int y, String text, int size, String weight) {
    return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"%d\" font-weight=\"%s\" "
        + "text-anchor=\"middle\">%s</text>%n", x, y, size, weight, text.replace("&", "&amp;").replace("<", "&lt;"));
  }
}
