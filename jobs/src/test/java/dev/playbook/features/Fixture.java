package dev.playbook.features;

import dev.playbook.config.Configs;
import dev.playbook.config.PlaybookConfig;
import dev.playbook.config.SignalsConfig;
import dev.playbook.contract.InputTable;
import dev.playbook.testing.SharedSpark;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/** Hand-written contract rows for the features tests; every table starts empty. */
final class Fixture {
  static final PlaybookConfig PLAYBOOK = Configs.load(Path.of("conf/local.yaml")).playbook();

  private final Map<InputTable, List<Row>> rows = new EnumMap<>(InputTable.class);

  Fixture() {
    for (InputTable t : FeatureInputs.TABLES) {
      rows.put(t, new ArrayList<>());
    }
  }

  /** A copy, so a test can add rows without touching the original. */
  Fixture copy() {
    Fixture f = new Fixture();
    rows.forEach((t, r) -> f.rows.get(t).addAll(r));
    return f;
  }

  static Date d(String date) {
    return date == null ? null : Date.valueOf(date);
  }

  static LocalDate day(String date) {
    return LocalDate.parse(date);
  }

  Fixture account(String id, String segment, boolean strategic, String onboardedOn) {
    rows.get(InputTable.ACCOUNTS).add(RowFactory.create(id, "Name " + id, segment, strategic, d(onboardedOn),
        "csm", "ae", "champ", "VP", "emea", null, null, null, null, null));
    return this;
  }

  Fixture plan(String id, String product, int tier, Long usageLimit, String next, String... features) {
    rows.get(InputTable.PLANS).add(RowFactory.create(id, product, tier, usageLimit, next));
    for (String f : features) {
      rows.get(InputTable.PLAN_FEATURES).add(RowFactory.create(id, f));
    }
    return this;
  }

  Fixture subscription(String account, String product, String plan, String start, String end, Integer seats,
      Long usageLimit, String mrr, String contractEnd) {
    rows.get(InputTable.SUBSCRIPTIONS).add(RowFactory.create(account, product, plan, d(start), d(end), seats,
        usageLimit, new BigDecimal(mrr), d(contractEnd)));
    return this;
  }

  Fixture user(String id, String account, String department, String invited, String activated,
      String deactivated) {
    rows.get(InputTable.USERS).add(RowFactory.create(id, account, department, d(invited), d(activated),
        d(deactivated), id + "@example.com"));
    return this;
  }

  Fixture activity(String account, String user, String date, String product, String feature, int events) {
    rows.get(InputTable.USER_ACTIVITY_DAILY).add(RowFactory.create(account, user, d(date), product, feature,
        events));
    return this;
  }

  /** One event of {@code user} on every day from {@code from} to {@code to} inclusive. */
  Fixture dailyActivity(String account, String user, String from, String to, String product, String feature,
      int events) {
    for (LocalDate x = day(from); !x.isAfter(day(to)); x = x.plusDays(1)) {
      activity(account, user, x.toString(), product, feature, events);
    }
    return this;
  }

  Fixture api(String account, String product, String date, long calls) {
    rows.get(InputTable.API_USAGE_DAILY).add(RowFactory.create(account, product, d(date), calls));
    return this;
  }

  Fixture dailyApi(String account, String product, String from, String to, long calls) {
    for (LocalDate x = day(from); !x.isAfter(day(to)); x = x.plusDays(1)) {
      api(account, product, x.toString(), calls);
    }
    return this;
  }

  Fixture gate(String account, String user, String timestamp, String feature, String type) {
    rows.get(InputTable.GATE_EVENTS).add(RowFactory.create(account, user, Timestamp.valueOf(timestamp), feature,
        type));
    return this;
  }

  FeatureInputs inputs() {
    SparkSession spark = SharedSpark.session();
    var frames = FeatureInputs.TABLES.stream()
        .map(t -> spark.createDataFrame(rows.get(t), t.schema())).toList();
    return new FeatureInputs(frames.get(0), frames.get(1), frames.get(2), frames.get(3), frames.get(4),
        frames.get(5), frames.get(6), frames.get(7));
  }

  /** The shipped playbook's signals, with a short streak history to keep tests fast. */
  static SignalsConfig signals(int maxStreakDays) {
    SignalsConfig s = PLAYBOOK.signals();
    return new SignalsConfig(maxStreakDays, s.usageMetric(), s.seatUtilization(), s.usageAllocation(),
        s.planLimitUtilization(), s.featureAdoptionBreadth(), s.powerUserDensity(), s.apiUsageGrowth(),
        s.departmentSpread(), s.powerUserEmergence(), s.teamGrowth(), s.featureGateFriction());
  }

  /** The three outputs, collected (the daily measures are computed once for the three). */
  Result compute(String from, String to, int maxStreakDays) {
    return compute(from, to, signals(maxStreakDays));
  }

  Result compute(String from, String to, SignalsConfig signals) {
    FeatureInputs in = inputs();
    Dataset<Row> daily = PointInTimeFeatures.daily(in, day(from), day(to), signals, PLAYBOOK.windows()).cache();
    try {
      var out = PointInTimeFeatures.outputs(daily, in.plans(), day(from), signals, PLAYBOOK.windows(),
          PLAYBOOK.risk());
      return new Result(
          out.signals().orderBy("as_of_date", "account_id", "signal").collectAsList(),
          out.features().orderBy("as_of_date", "account_id").collectAsList(),
          out.windowPositions().orderBy("as_of_date", "account_id").collectAsList());
    } finally {
      daily.unpersist();
    }
  }

  /** Collected outputs, sorted by date, account (and signal). */
  record Result(List<Row> signals, List<Row> features, List<Row> windows) {
    Row signal(String account, String signal, String date) {
      return signals.stream().filter(r -> r.getAs("account_id").equals(account)
              && r.getAs("signal").equals(signal) && r.getAs("as_of_date").toString().equals(date))
          .findFirst().orElseThrow(() -> new AssertionError("no " + signal + " row for " + account + " on " + date));
    }

    Row feature(String account, String date) {
      return features.stream().filter(r -> r.getAs("account_id").equals(account)
              && r.getAs("as_of_date").toString().equals(date))
          .findFirst().orElseThrow(() -> new AssertionError("no features row for " + account + " on " + date));
    }

    Row window(String account, String date) {
      return windows.stream().filter(r -> r.getAs("account_id").equals(account)
              && r.getAs("as_of_date").toString().equals(date))
          .findFirst().orElseThrow(() -> new AssertionError("no window row for " + account + " on " + date));
    }
  }
}
