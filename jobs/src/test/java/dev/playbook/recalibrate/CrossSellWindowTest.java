package dev.playbook.recalibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.playbook.testing.SharedSpark;
import java.sql.Date;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class CrossSellWindowTest {
  private final SparkSession spark = SharedSpark.session();

  @Test
  void breadthIsKeptOnlyInsideTheCrossSellWindow() {
    Date d = Date.valueOf("2026-05-01");
    var values = spark.createDataFrame(List.of(
        RowFactory.create(d, "in", "feature_adoption_breadth", 0.9),
        RowFactory.create(d, "out", "feature_adoption_breadth", 0.9),
        RowFactory.create(d, "unknown", "feature_adoption_breadth", 0.9),
        RowFactory.create(d, "out", "seat_utilization", 0.9)), LabelsTest.VALUES);
    StructType wpSchema = new StructType().add("as_of_date", DataTypes.DateType)
        .add("account_id", DataTypes.StringType).add("in_cross_sell_window", DataTypes.BooleanType);
    var positions = spark.createDataFrame(List.of(
        RowFactory.create(d, "in", true), RowFactory.create(d, "out", false)), wpSchema);
    String got = CrossSellWindow.restrict(values, positions).orderBy("account_id", "signal").collectAsList()
        .stream().map(r -> r.getAs("account_id") + "/" + r.getAs("signal")).collect(Collectors.joining(" "));
    assertEquals("in/feature_adoption_breadth out/seat_utilization", got,
        "breadth outside the window (or with no window position) is dropped; other signals are untouched");
  }
}
