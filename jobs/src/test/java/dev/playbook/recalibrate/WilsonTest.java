package dev.playbook.recalibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.playbook.testing.SharedSpark;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class WilsonTest {
  // k, n, low, high: computed by hand (z = 1.959964) from
  // centre = (p + z²/2n)/(1 + z²/n), half = z/(1 + z²/n)·sqrt(p(1−p)/n + z²/4n²).
  private static final double[][] CASES = {
      {8, 10, 0.490162, 0.943318},
      {0, 10, 0.000000, 0.277533},
      {5, 10, 0.236593, 0.763407},
      {3, 6, 0.187616, 0.812384},
      {1, 2, 0.094531, 0.905469},
      {30, 100, 0.218949, 0.395849},
      {10, 10, 0.722467, 1.000000},
  };

  @Test
  void intervalMatchesHandComputedValues() {
    for (double[] c : CASES) {
      double[] got = Wilson.interval((long) c[0], (long) c[1]);
      assertEquals(c[2], got[0], 1e-6, "Wilson low of " + (long) c[0] + "/" + (long) c[1]);
      assertEquals(c[3], got[1], 1e-6, "Wilson high of " + (long) c[0] + "/" + (long) c[1]);
    }
  }

  @Test
  void noFiresMeansNoInterval() {
    assertNull(Wilson.interval(0, 0), "0 of 0 has no interval");
  }

  @Test
  void columnExpressionAgreesWithTheFormula() {
    SparkSession spark = SharedSpark.session();
    StructType schema = new StructType().add("k", DataTypes.LongType).add("n", DataTypes.LongType);
    List<Row> rows = new java.util.ArrayList<>();
    for (double[] c : CASES) {
      rows.add(RowFactory.create((long) c[0], (long) c[1]));
    }
    rows.add(RowFactory.create(0L, 0L));
    Dataset<Row> got = spark.createDataFrame(rows, schema)
        .select(Wilson.low(functions.col("k"), functions.col("n")).as("lo"),
            Wilson.high(functions.col("k"), functions.col("n")).as("hi"));
    List<Row> out = got.collectAsList();
    for (int i = 0; i < CASES.length; i++) {
      assertEquals(CASES[i][2], out.get(i).getDouble(0), 1e-6, "column Wilson low, case " + i);
      assertEquals(CASES[i][3], out.get(i).getDouble(1), 1e-6, "column Wilson high, case " + i);
    }
    assertNull(out.get(CASES.length).get(0), "n = 0 gives a null interval, not NaN");
  }
}
