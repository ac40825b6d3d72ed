package dev.playbook.recalibrate;

import static dev.playbook.recalibrate.RecalCol.*;

import dev.playbook.contract.Col;
import dev.playbook.io.OutputTable;
import org.apache.spark.sql.types.DataTypes;

/** The recalibration job's output tables, each declared once with its grain and a comment per column. */
public final class RecalibrateTables {
  private RecalibrateTables() {}

  public static final OutputTable THRESHOLD_SWEEPS = OutputTable.builder("threshold_sweeps",
          "one row per recalibration as-of date, signal, period and cutoff",
          "What firing each signal at value >= cutoff would have done over the labelled history (training and "
              + "holdout periods), for charts and review. See docs/RECALIBRATE.md.")
      .column(Col.AS_OF_DATE, DataTypes.DateType, false,
          "the recalibration's as-of date: no outcome after it was used")
      .column(SIGNAL, DataTypes.StringType, false, "signal name, e.g. seat_utilization")
      .column(PERIOD, DataTypes.StringType, false,
          "training (the objective's data) or holdout (the later check period)")
      .column(CUTOFF_INDEX, DataTypes.IntegerType, false, "position of the cutoff in the signal's grid, from 0")
      .column(CUTOFF, DataTypes.DoubleType, false, "the cutoff: the signal fires when value >= cutoff")
      .column(IS_CURRENT_CUTOFF, DataTypes.BooleanType, false, "true for the cutoff the playbook uses now")
      .column(EVALUATION_DATES, DataTypes.IntegerType, false, "evaluation dates in the period (weekly)")
      .column(ROWS, DataTypes.LongType, false, "account-dates in the period with a computable value")
      .column(POSITIVES, DataTypes.LongType, false,
          "of those, converted: a closed-won expansion of the matching type created within the horizon")
      .column(BASE_RATE, DataTypes.DoubleType, true, "positives / rows: the conversion rate without any cutoff")
      .column(FIRES, DataTypes.LongType, false, "account-dates with value >= cutoff")
      .column(CONVERSIONS, DataTypes.LongType, false, "fires that converted")
      .column(CONVERSION_RATE, DataTypes.DoubleType, true, "conversions / fires; null with no fires")
      .column(CI_LOW, DataTypes.DoubleType, true, "Wilson 95% interval of the conversion rate, lower bound")
      .column(CI_HIGH, DataTypes.DoubleType, true, "Wilson 95% interval of the conversion rate, upper bound")
      .column(PRECISION, DataTypes.DoubleType, true, "conversions / fires (= conversion_rate)")
      .column(RECALL, DataTypes.DoubleType, true, "conversions / positives: share of all conversions caught")
      .column(LIFT, DataTypes.DoubleType, true, "conversion_rate / base_rate")
      .column(EXPECTED_ARR, DataTypes.DoubleType, false,
          "sum of won expansion ARR over the converted fires (= conversions x their mean won ARR)")
      .column(MEAN_WON_ARR, DataTypes.DoubleType, true,
          "mean won ARR of all positives of the period (null without positives); prices a fire in net_arr")
      .column(FIRES_PER_WEEK, DataTypes.DoubleType, false,
          "fires / evaluation_dates: accounts flagged by one weekly review (workload)")
      .column(EXPECTED_ARR_PER_WEEK, DataTypes.DoubleType, false, "expected_arr / evaluation_dates")
      .column(OBJECTIVE_PER_WEEK, DataTypes.DoubleType, false,
          "the configured objective per weekly review: net_arr = (expected_arr - break_even_rate x mean_won_arr "
              + "x fires) / "
              + "evaluation_dates, or expected_arr_per_week")
      .column(MEETS_CONSTRAINTS, DataTypes.BooleanType, false,
          "enough evidence (min_fires, min_conversions) and within min_conversion_rate and max_fires_per_week")
      .replacedByDate(Col.AS_OF_DATE)
      .build();

  public static final OutputTable THRESHOLD_RECOMMENDATIONS = OutputTable.builder("threshold_recommendations",
          "one row per recalibration as-of date and signal",
          "The recommended cutoff per signal with its evidence: the objective's best cutoff in training, its "
              + "holdout check, and whether to change or keep the current cutoff. See docs/RECALIBRATE.md.")
      .column(Col.AS_OF_DATE, DataTypes.DateType, false,
          "the recalibration's as-of date: no outcome after it was used")
      .column(SIGNAL, DataTypes.StringType, false, "signal name")
      .column(EXPANSION_TYPE, DataTypes.StringType, false, "the expansion type the signal points to")
      .column(CURRENT_CUTOFF, DataTypes.DoubleType, true, "the cutoff the playbook uses now")
      .column(RECOMMENDED_CUTOFF, DataTypes.DoubleType, true,
          "the cutoff to use: best_cutoff on change, current_cutoff on keep")
      .column(DECISION, DataTypes.StringType, false, "change or keep")
      .column(REASON, DataTypes.StringType, false,
          "change: better_objective; keep: no_data, insufficient_evidence, no_cutoff_meets_constraints, "
              + "no_positive_objective, already_best, current_within_tolerance, not_significant (the "
              + "BH-adjusted p_value is above false_discovery.q) or holdout_not_confirmed (holdout_check not passed)")
      .column(REASON_DETAIL, DataTypes.StringType, false,
          "the reason in words with its numbers, as printed: e.g. 'p = 0.41 (0.82 after BH over 10 signals, q "
              + "0.05) > q'; 'no data: every one of its 4000 training values is 0 (no variation)'")
      .column(OBJECTIVE, DataTypes.StringType, false, "the objective and its constraints, as configured")
      .column(P_VALUE, DataTypes.DoubleType, true,
          "permutation p-value of the search's gain over current_cutoff in training (the whole grid search rerun "
              + "on each of false_discovery.permutations relabellings); null when the search proposed no change")
      .column(P_ADJUSTED, DataTypes.DoubleType, true,
          "p_value adjusted by Benjamini-Hochberg over the signals swept with data (those without a proposal "
              + "count with p = 1); a change needs p_adjusted <= false_discovery.q")
      .column(BEST_CUTOFF, DataTypes.DoubleType, true,
          "the training cutoff with the best objective among those meeting the constraints; null when none or "
              + "no data")
      .column(BEST_OBJECTIVE_PER_WEEK, DataTypes.DoubleType, true, "objective per week at best_cutoff (training)")
      .column(BEST_FIRES, DataTypes.LongType, true, "training fires at best_cutoff")
      .column(BEST_CONVERSIONS, DataTypes.LongType, true, "training conversions at best_cutoff")
      .column(BEST_CONVERSION_RATE, DataTypes.DoubleType, true, "training conversion rate at best_cutoff")
      .column(BEST_CI_LOW, DataTypes.DoubleType, true, "its Wilson 95% lower bound")
      .column(BEST_CI_HIGH, DataTypes.DoubleType, true, "its Wilson 95% upper bound")
      .column(BEST_LIFT, DataTypes.DoubleType, true, "training lift over the base rate at best_cutoff")
      .column(BEST_FIRES_PER_WEEK, DataTypes.DoubleType, true, "training fires per weekly review at best_cutoff")
      .column(BEST_EXPECTED_ARR_PER_WEEK, DataTypes.DoubleType, true,
          "training expected expansion ARR per weekly review at best_cutoff")
      .column(CURRENT_FIRES, DataTypes.LongType, true, "training fires at current_cutoff; null with no data")
      .column(CURRENT_CONVERSION_RATE, DataTypes.DoubleType, true,
          "training conversion rate at current_cutoff; null with no data (never a rate without usable data)")
      .column(CURRENT_OBJECTIVE_PER_WEEK, DataTypes.DoubleType, true,
          "objective per week at current_cutoff (training)")
      .column(HOLDOUT_FIRES, DataTypes.LongType, true, "holdout fires at best_cutoff")
      .column(HOLDOUT_CONVERSIONS, DataTypes.LongType, true, "holdout conversions at best_cutoff")
      .column(HOLDOUT_CONVERSION_RATE, DataTypes.DoubleType, true, "holdout conversion rate at best_cutoff")
      .column(HOLDOUT_CI_LOW, DataTypes.DoubleType, true, "its Wilson 95% lower bound")
      .column(HOLDOUT_CI_HIGH, DataTypes.DoubleType, true, "its Wilson 95% upper bound")
      .column(HOLDOUT_CHECK, DataTypes.StringType, true,
          "passed (holdout_gain_per_week > 0 and holdout rate >= min_conversion_rate), failed (gain < 0, or the "
              + "rate's Wilson upper bound below the floor) or inconclusive; null unless the search proposed a change")
      .column(HOLDOUT_GAIN_PER_WEEK, DataTypes.DoubleType, true,
          "holdout objective per week at best_cutoff minus at current_cutoff: the move's gain on the later period; "
              + "null unless the search proposed a change")
      .column(TRAINING_FROM, DataTypes.DateType, false, "first training evaluation date")
      .column(TRAINING_TO, DataTypes.DateType, false, "last training evaluation date")
      .column(HOLDOUT_FROM, DataTypes.DateType, true, "first holdout evaluation date; null without a holdout")
      .column(HOLDOUT_TO, DataTypes.DateType, true, "last holdout evaluation date")
      .column(CONFIG_VERSION, DataTypes.StringType, false, "playbook version@hash the recommendation was made with")
      .replacedByDate(Col.AS_OF_DATE)
      .build();
}
