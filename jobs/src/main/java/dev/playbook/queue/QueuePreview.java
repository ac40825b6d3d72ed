package dev.playbook.queue;

import static dev.playbook.contract.Col.*;
import static dev.playbook.queue.QueueColumns.*;
import static org.apache.spark.sql.functions.*;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** A readable console preview of one date's queue: totals, then the top N of each motion and owner. */
public final class QueuePreview {
  private QueuePreview() {}

  public static String render(Dataset<Row> queue, int topN) {
    // One aggregation for the totals: per (track, status) its items and how many are suppressed, held, over.
    List<Row> counts = queue.groupBy(TRACK, STATUS)
        .agg(count(lit(1)), count(when(col(SUPPRESSED), 1)), count(when(col(HOLDOUT), 1)),
            count(when(col(OVER_CAPACITY), 1)))
        .orderBy(TRACK, STATUS).collectAsList();
    StringBuilder sb = new StringBuilder();
    sb.append("\nitems by track and status: ");
    List<String> parts = new ArrayList<>();
    long suppressed = 0;
    long held = 0;
    long over = 0;
    for (Row r : counts) {
      parts.add(r.getString(0) + "/" + r.getString(1) + " " + r.getLong(2));
      suppressed += r.getLong(3);
      held += r.getLong(4);
      over += r.getLong(5);
    }
    sb.append(String.join(", ", parts)).append('\n');
    sb.append(String.format(Locale.ROOT, "suppressed %d, held out %d, over capacity %d%n", suppressed, held, over));
    List<Row> top = queue.filter(col(RANK_IN_OWNER).leq(topN))
        .orderBy(col(MOTION), col(OWNER), col(RANK_IN_OWNER))
        .select(MOTION, OWNER, RANK_IN_OWNER, RANK_OVERALL, ACCOUNT_ID, ACCOUNT_NAME, EXPANSION_TYPE, LEAD_SIGNAL,
            PRIORITY, STATUS, OVER_CAPACITY, OWNER_CAPACITY)
        .collectAsList();
    Map<String, List<Row>> byQueue = new LinkedHashMap<>();
    for (Row r : top) {
      byQueue.computeIfAbsent(r.getString(0) + " / " + r.getString(1), k -> new ArrayList<>()).add(r);
    }
    if (byQueue.isEmpty()) {
      sb.append("(no routed items)\n");
    }
    for (Map.Entry<String, List<Row>> e : byQueue.entrySet()) {
      sb.append('\n').append(e.getKey()).append('\n');
      sb.append(String.format(Locale.ROOT, "  %4s %5s  %-12s %-24s %-15s %-24s %8s %-10s%n",
          "rank", "all", "account", "name", "type", "lead signal", "priority", "status"));
      for (Row r : e.getValue()) {
        sb.append(String.format(Locale.ROOT, "  %4d %5d  %-12s %-24s %-15s %-24s %8.3f %-10s%s%n",
            r.getInt(2), r.getInt(3), trim(r.getString(4), 12), trim(r.getString(5), 24), r.getString(6),
            trim(r.getString(7), 24), r.isNullAt(8) ? Double.NaN : r.getDouble(8), r.getString(9),
            r.getBoolean(10) ? " over capacity (" + r.get(11) + "/week)" : ""));
      }
    }
    return sb.toString();
  }

  private static String trim(String s, int width) {
    if (s == null) {
      return "-";
    }
    return s.length() <= width ? s : s.substring(0, width - 1) + "~";
  }
}
