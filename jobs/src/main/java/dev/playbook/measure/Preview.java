package dev.playbook.measure;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** A small fixed-width text table of a frame's first rows, for the job's console summary. */
final class Preview {
  private Preview() {}

  static String table(Dataset<Row> rows, int limit) {
    String[] header = rows.columns();
    List<String[]> cells = new ArrayList<>();
    for (Row r : rows.takeAsList(limit)) {
      String[] line = new String[header.length];
      for (int i = 0; i < header.length; i++) {
        Object v = r.get(i);
        line[i] = v == null ? "-" : v instanceof Double x ? String.format(java.util.Locale.ROOT, "%.3f", x)
            : v.toString();
      }
      cells.add(line);
    }
    int[] width = new int[header.length];
    for (int i = 0; i < header.length; i++) {
      width[i] = header[i].length();
      for (String[] line : cells) {
        width[i] = Math.max(width[i], line[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    append(out, header, width);
    for (String[] line : cells) {
      append(out, line, width);
    }
    if (cells.isEmpty()) {
      out.append("  (no rows)\n");
    }
    return out.toString();
  }

  private static void append(StringBuilder out, String[] line, int[] width) {
    out.append(' ');
    for (int i = 0; i < line.length; i++) {
      out.append(' ').append(String.format("%-" + width[i] + "s", line[i]));
    }
    out.append('\n');
  }
}
