package dev.playbook.recalibrate;

import dev.playbook.config.RecalibrateConfig;
import dev.playbook.features.Signal;
import java.sql.Date;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The recommendations in their three forms: rows of {@code threshold_recommendations}, the YAML patch
 * written beside the playbook config, and the short summary printed at the end of the job.
 */
public final class RecommendationReport {
  private RecommendationReport() {}

  /** What counts as a fire, in words. */
  public static String describeFires(RecalibrateConfig cfg) {
    return RecalibrateConfig.NEW_FIRES.equals(cfg.fires())
        ? "new (reaching the cutoff after " + cfg.rearmDays() + " days below it)"
        : "every evaluation date at or above the cutoff";
  }

  /** The objective and its constraints in one line, as recorded with every recommendation. */
  public static String describe(RecalibrateConfig.Objective o) {
    String what = RecalibrateConfig.Objective.NET_ARR.equals(o.maximize())
        ? String.format(Locale.ROOT, "max net ARR per week (expected ARR - %s x mean won ARR x fires)",
            pct(o.breakEvenRate()))
        : "max expected ARR per week";
    return String.format(Locale.ROOT, "%s; conversion rate >= %s; <= %s fires/week; >= %d fires and >= %d "
            + "conversions in training; keep within %s", what, pct(o.minConversionRate()),
        num(o.maxFiresPerWeek()), o.minFires(), o.minConversions(), pct(o.keepWithin()));
  }

  /** The signal's matching expansion type ({@link Signal#expansionType()}); null for a signal not in {@link Signal}. */
  static String matchingType(String signal) {
    return Arrays.stream(Signal.values()).filter(s -> s.key().equals(signal)).findFirst()
        .map(Signal::expansionType).orElse(null);
  }

  /** Rows in {@link RecalibrateTables#THRESHOLD_RECOMMENDATIONS}' column order. */
  public static List<Row> rows(List<Recommender.Recommendation> recs, EvaluationPlan plan,
      RecalibrateConfig.Objective objective, String configVersion) {
    List<Row> rows = new ArrayList<>();
    for (Recommender.Recommendation r : recs) {
      Optional<SweepPoint> b = r.best();
      Optional<SweepPoint> h = r.holdout();
      Optional<SweepPoint> c = r.current();
      rows.add(RowFactory.create(
          Date.valueOf(plan.asOf()), r.signal(), matchingType(r.signal()),
          r.currentCutoff(), r.recommendedCutoff(), r.decision(), r.reason(), r.detail(), describe(objective),
          r.pValue(), r.pAdjusted(),
          b.map(SweepPoint::cutoff).orElse(null), r.bestObjectivePerWeek(),
          b.map(SweepPoint::fires).orElse(null), b.map(SweepPoint::conversions).orElse(null),
          b.map(SweepPoint::conversionRate).orElse(null), b.map(SweepPoint::ciLow).orElse(null),
          b.map(SweepPoint::ciHigh).orElse(null), b.map(SweepPoint::lift).orElse(null),
          b.map(SweepPoint::firesPerWeek).orElse(null),
          b.map(p -> p.expectedArr() / p.evaluationDates()).orElse(null),
          c.map(SweepPoint::fires).orElse(null), c.map(SweepPoint::conversionRate).orElse(null),
          r.currentObjectivePerWeek(),
          h.map(SweepPoint::fires).orElse(null), h.map(SweepPoint::conversions).orElse(null),
          h.map(SweepPoint::conversionRate).orElse(null), h.map(SweepPoint::ciLow).orElse(null),
          h.map(SweepPoint::ciHigh).orElse(null), r.holdoutCheck(), r.holdoutGainPerWeek(),
          Date.valueOf(plan.training().get(0)), Date.valueOf(plan.training().get(plan.training().size() - 1)),
          plan.holdout().isEmpty() ? null : Date.valueOf(plan.holdout().get(0)),
          plan.holdout().isEmpty() ? null : Date.valueOf(plan.holdout().get(plan.holdout().size() - 1)),
          configVersion));
    }
    return rows;
  }

  /**
   * A YAML patch for the playbook config: one {@code signals.<signal>.cutoff} entry per signal with the
   * recommended value, old → new and the evidence as a comment. Kept cutoffs are listed too (value unchanged)
   * so the review sees why each stayed.
   */
  public static String patch(List<Recommender.Recommendation> recs, EvaluationPlan plan,
      RecalibrateConfig cfg, String configVersion, String playbookFile) {
    StringBuilder y = new StringBuilder();
    y.append("# Recommended signal cutoffs for ").append(playbookFile).append('\n');
    y.append("# bin/playbook recalibrate --as-of ").append(plan.asOf()).append(" with playbook ")
        .append(configVersion).append('\n');
    y.append("# objective: ").append(describe(cfg.objective())).append('\n');
    y.append(String.format(Locale.ROOT, "# training: %d evaluation dates %s..%s; holdout: %s; label: closed-won "
            + "expansion of the matching type created within %d days; open expansions: %s; fires: %s%n",
        plan.training().size(), plan.training().get(0), plan.training().get(plan.training().size() - 1),
        plan.holdout().isEmpty() ? "none"
            : plan.holdout().size() + " dates " + plan.holdout().get(0) + ".."
                + plan.holdout().get(plan.holdout().size() - 1),
        cfg.horizonDays(), cfg.openExpansionPolicy(), describeFires(cfg)));
    y.append("# Apply the `change` entries to the config; `keep` entries record why a cutoff stays.\n");
    long changes = recs.stream().filter(r -> Recommender.CHANGE.equals(r.decision())).count();
    y.append("# ").append(changes).append(" change(s), ").append(recs.size() - changes).append(" kept.\n");
    y.append("signals:\n");
    for (Recommender.Recommendation r : recs) {
      y.append("  ").append(r.signal()).append(":\n");
      y.append("    # ").append(r.decision()).append(" (").append(r.reason()).append("): ")
          .append(num(r.currentCutoff())).append(" -> ").append(num(r.recommendedCutoff())).append('\n');
      y.append("    # ").append(r.detail()).append('\n');
      r.best().ifPresent(b -> y.append("    # training at ").append(num(b.cutoff())).append(": ")
          .append(evidence(b)).append(String.format(Locale.ROOT, ", objective %s/week",
              num(r.bestObjectivePerWeek()))).append('\n'));
      r.current().ifPresent(c -> y.append("    # training at current ").append(num(c.cutoff())).append(": ")
          .append(evidence(c)).append(String.format(Locale.ROOT, ", objective %s/week",
              num(r.currentObjectivePerWeek()))).append('\n'));
      r.holdout().ifPresent(h -> y.append("    # holdout at ").append(num(h.cutoff())).append(": ")
          .append(evidence(h)).append(" -> ").append(r.holdoutCheck()).append('\n'));
      if (r.recommendedCutoff() == null) {
        y.append("    # no current cutoff known and no recommendation\n");
      } else {
        y.append("    cutoff: ").append(num(r.recommendedCutoff())).append('\n');
      }
    }
    return y.toString();
  }

  /**
   * A few lines for the console: one per signal, then the reason in words. A signal without usable data shows
   * "no data" where the others show a rate.
   */
  public static String summary(List<Recommender.Recommendation> recs) {
    StringBuilder s = new StringBuilder();
    String row = "  %-26s %8s -> %-8s %-6s %-28s %-26s %10s %s%n";
    s.append(String.format(Locale.ROOT, row, "signal", "current", "new", "", "reason", "training rate [95% CI]",
        "fires/wk", "holdout"));
    for (Recommender.Recommendation r : recs) {
      SweepPoint p = r.best().orElse(r.current().orElse(null));
      String rate = Recommender.NO_DATA.equals(r.reason()) ? "no data"
          : p == null || p.conversionRate() == null ? "-"
          : String.format(Locale.ROOT, "%s [%s, %s]", pct(p.conversionRate()), pct(p.ciLow()), pct(p.ciHigh()));
      String holdout = r.holdout().map(h -> r.holdoutCheck() + " " + (h.conversionRate() == null ? "-"
          : pct(h.conversionRate())) + " of " + h.fires()).orElse(r.holdoutCheck() == null ? "-" : r.holdoutCheck());
      s.append(String.format(Locale.ROOT, row, r.signal(), num(r.currentCutoff()), num(r.recommendedCutoff()),
          r.decision(), r.reason(), rate, p == null ? "-" : num(p.firesPerWeek()), holdout));
      s.append("      ").append(r.decision()).append(": ").append(r.detail()).append('\n');
    }
    return s.toString();
  }

  private static String evidence(SweepPoint p) {
    return String.format(Locale.ROOT, "%d fires, %d won (%s, 95%% CI %s-%s), lift %s, %s fires/week",
        p.fires(), p.conversions(), p.conversionRate() == null ? "-" : pct(p.conversionRate()),
        p.ciLow() == null ? "-" : pct(p.ciLow()), p.ciHigh() == null ? "-" : pct(p.ciHigh()),
        p.lift() == null ? "-" : String.format(Locale.ROOT, "%.2f", p.lift()), num(p.firesPerWeek()));
  }

  static String pct(double v) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * v);
  }

  /** A number without trailing zeros: 0.8, 0.725, 2000, 12.5. */
  static String num(Double v) {
    if (v == null) {
      return "null";
    }
    if (Math.abs(v) >= 1000) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    return new java.math.BigDecimal(String.format(Locale.ROOT, "%.4f", v)).stripTrailingZeros().toPlainString();
  }

}
