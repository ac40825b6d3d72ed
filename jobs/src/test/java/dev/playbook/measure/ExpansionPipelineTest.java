package dev.playbook.measure;

import static dev.playbook.measure.MeasureFixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Encoders;
import org.junit.jupiter.api.Test;

class ExpansionPipelineTest {

  @Test
  void expansionIsKeptApartFromNewBusinessWithStagesAsOfD() {
    List<String> got = ExpansionPipeline.pipeline(opportunities(), SignalOutcomesTest.outcomes(AS_OF, false),
            LocalDate.parse(AS_OF))
        .orderBy("opportunity_id")
        .selectExpr("concat_ws('|', opportunity_id, pipeline_kind, stage_as_of, coalesce(cast(closed_on as string), "
            + "'-'), coalesce(cast(closed_month as string), '-'), days_open, coalesce(source_signal, '-'), "
            + "coalesce(attributed_signals, '-'))")
        .as(Encoders.STRING()).collectAsList();
    assertEquals(List.of(
        "O0|expansion|closed_lost|2026-06-01|2026-06-01|31|-|seat_utilization",
        "O1|expansion|closed_won|2026-03-15|2026-03-01|42|seat_utilization|power_user_density,seat_utilization",
        "O1b|expansion|open|-|-|130|-|-",
        "O2|expansion|closed_lost|2026-03-01|2026-03-01|31|-|usage_allocation",
        "O3|expansion|open|-|-|71|feature_adoption_breadth|feature_adoption_breadth",
        "O4|expansion|open|-|-|51|-|-",
        "O5|new_business|closed_won|2026-03-20|2026-03-01|19|-|-",
        "O7|expansion|closed_won|2026-04-01|2026-04-01|31|-|seat_utilization"), got,
        "O3 closes after D (open), O6 is created after D (absent), O5 is new business");
  }
}
