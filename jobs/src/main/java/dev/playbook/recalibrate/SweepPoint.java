package dev.playbook.recalibrate;

import org.apache.spark.sql.Row;

/** One row of a sweep (one signal and cutoff), collected to the driver for the recommendation. */
public record SweepPoint(
    String signal,
    double cutoff,
    int evaluationDates,
    long fires,
    long conversions,
    Double conversionRate,
    Double ciLow,
    Double ciHigh,
    Double lift,
    double expectedArr,
    Double meanWonArr,
    double firesPerWeek) {

  /** Reads a {@link Sweep#sweep} row. */
  public static SweepPoint of(Row r) {
    return new SweepPoint(
        r.getAs(RecalCol.SIGNAL),
        r.<Double>getAs(RecalCol.CUTOFF),
        r.<Integer>getAs(RecalCol.EVALUATION_DATES),
        r.<Long>getAs(RecalCol.FIRES),
        r.<Long>getAs(RecalCol.CONVERSIONS),
        r.getAs(RecalCol.CONVERSION_RATE),
        r.getAs(RecalCol.CI_LOW),
        r.getAs(RecalCol.CI_HIGH),
        r.getAs(RecalCol.LIFT),
        r.<Double>getAs(RecalCol.EXPECTED_ARR),
        r.<Double>getAs(RecalCol.MEAN_WON_ARR),
        r.<Double>getAs(RecalCol.FIRES_PER_WEEK));
  }

  /** Whether this point is at {@code cutoff} (grids hold rounded doubles; compare with a tolerance). */
  public boolean isAt(double other) {
    return Math.abs(cutoff - other) <= 1e-9 * Math.max(1.0, Math.abs(other));
  }
}
