package dev.playbook.queue;

import static dev.playbook.contract.Col.*;
import static dev.playbook.queue.QueueColumns.*;
import static org.apache.spark.sql.functions.*;

import dev.playbook.config.QueueConfig;
import dev.playbook.config.QueueConfig.Rule;
import dev.playbook.config.QueueConfig.When;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Step 2: routes each expansion item by the ordered rules of {@code queue.routing} — first match wins —
 * to a motion and a named owner. The column expression here is the same predicate as
 * {@link When#matches}, which the config validates against at load. Adoption-track rows are not routed.
 */
public final class Routing {
  private Routing() {}

  public static Dataset<Row> route(Dataset<Row> items, QueueConfig.Routing routing) {
    Inputs.require(items, "items", TRACK, SEGMENT, IS_STRATEGIC, ARR, EXPANSION_TYPE, FIRED_SIGNALS, NEW_DIVISION,
        CSM_OWNER, AE_OWNER);
    List<Rule> rules = routing.rules();
    Column index = lit(null).cast("int");
    for (int i = rules.size() - 1; i >= 0; i--) {
      index = when(matches(rules.get(i).when()), lit(i)).otherwise(index);
    }
    index = when(col(TRACK).equalTo(TRACK_EXPANSION), index);
    // The matched rule's position picks its name, motion and owner (one reference each to the position).
    Column position = col("_rule").plus(1);
    Column rule = element_at(array(rules.stream().map(r -> lit(r.name())).toArray(Column[]::new)), position);
    Column motion = element_at(array(rules.stream().map(r -> lit(r.motion())).toArray(Column[]::new)), position);
    Column owner = element_at(array(rules.stream().map(r -> ownerOf(r.owner(), routing)).toArray(Column[]::new)),
        position);
    return items.withColumn("_rule", index)
        .withColumn(ROUTING_RULE, rule)
        .withColumn(MOTION, motion)
        .withColumn(OWNER, owner)
        .drop("_rule");
  }

  private static Column ownerOf(String field, QueueConfig.Routing routing) {
    return switch (field) {
      case "automation" -> lit(routing.automationOwner());
      default -> coalesce(col(field), lit(routing.unassignedOwner()));
    };
  }

  /** {@link When#matches} as a column; ARR null counts as 0. */
  static Column matches(When w) {
    Column ok = lit(true);
    if (!w.segments().isEmpty()) {
      ok = ok.and(coalesce(col(SEGMENT).isin(w.segments().toArray()), lit(false)));
    }
    if (w.strategic() != null) {
      ok = ok.and(coalesce(col(IS_STRATEGIC), lit(false)).equalTo(w.strategic()));
    }
    Column arr = coalesce(col(ARR).cast("decimal(18,2)"), lit(java.math.BigDecimal.ZERO));
    if (w.minArr() != null) {
      ok = ok.and(arr.geq(lit(w.minArr())));
    }
    if (w.maxArr() != null) {
      ok = ok.and(arr.lt(lit(w.maxArr())));
    }
    if (!w.expansionTypes().isEmpty()) {
      ok = ok.and(coalesce(col(EXPANSION_TYPE).isin(w.expansionTypes().toArray()), lit(false)));
    }
    if (!w.anySignal().isEmpty()) {
      Column any = lit(false);
      for (String s : w.anySignal()) {
        any = any.or(array_contains(col(FIRED_SIGNALS), s));
      }
      ok = ok.and(any);
    }
    for (String s : w.allSignals()) {
      ok = ok.and(array_contains(col(FIRED_SIGNALS), s));
    }
    if (w.newDivision() != null) {
      ok = ok.and(coalesce(col(NEW_DIVISION), lit(false)).equalTo(w.newDivision()));
    }
    return ok;
  }
}
