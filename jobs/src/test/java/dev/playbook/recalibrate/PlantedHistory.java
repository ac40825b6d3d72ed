package dev.playbook.recalibrate;

import dev.playbook.features.Signal;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A small generated history with planted cutoffs, for tests: per signal, evaluation date and slot, one account
 * with a uniform value; at or above the planted cutoff it wins an expansion of the matching type 7 days later
 * with probability 45%, below it with 5% (10% of the others get a lost opportunity). Every win is 10,000 ARR.
 */
final class PlantedHistory {
  static final StructType SIGNALS = new StructType()
      .add("as_of_date", DataTypes.DateType)
      .add("account_id", DataTypes.StringType)
      .add("signal", DataTypes.StringType)
      .add("value", DataTypes.DoubleType)
      .add("cutoff", DataTypes.DoubleType);

  final Dataset<Row> signals;
  final Dataset<Row> opportunities;

  /**
   * @param planted signal → {planted cutoff, value range low, value range high, current cutoff}
   */
  PlantedHistory(SparkSession spark, List<LocalDate> dates, Map<String, double[]> planted, int perDate,
      long seed) {
    Random rnd = new Random(seed);
    List<Row> values = new ArrayList<>();
    List<Row> opps = new ArrayList<>();
    for (Map.Entry<String, double[]> e : planted.entrySet()) {
      String signal = e.getKey();
      double[] p = e.getValue();
      String type = Signal.byKey(signal).expansionType();
      for (LocalDate d : dates) {
        for (int j = 0; j < perDate; j++) {
          String account = signal + "-" + d + "-" + j;
          double value = p[1] + (p[2] - p[1]) * rnd.nextDouble();
          values.add(RowFactory.create(Date.valueOf(d), account, signal, value, p[3]));
          boolean wins = rnd.nextDouble() < (value >= p[0] ? 0.45 : 0.05);
          if (wins || rnd.nextDouble() < 0.1) {
            opps.add(RowFactory.create("o-" + account, account, type, Date.valueOf(d.plusDays(7)),
                Date.valueOf(d.plusDays(14)), wins ? "closed_won" : "closed_lost", new BigDecimal("10000.00"),
                "ae", signal));
          }
        }
      }
    }
    this.signals = spark.createDataFrame(values, SIGNALS);
    this.opportunities = spark.createDataFrame(opps, LabelsTest.opportunitySchema());
  }
}
