package dev.playbook.queue;

import dev.playbook.config.ConfigLoader;
import dev.playbook.config.PlaybookConfig;
import dev.playbook.config.QueueConfig;
import dev.playbook.contract.InputTable;
import dev.playbook.testing.SharedSpark;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Hand-written inputs for the queue's tests: accounts described by a few fields, signals fired on given
 * dates, and the features job's tables built from them with exactly the columns the queue reads.
 */
final class QueueFixture {
  static final LocalDate D1 = LocalDate.parse("2026-09-28");
  static final LocalDate D2 = D1.plusDays(1);
  static final LocalDate D3 = D1.plusDays(2);
  static final String VERSION = "test@0000000000";

  /** The shipped conf/playbook.yaml's queue section. */
  static QueueConfig shippedConfig() {
    return ConfigLoader.load(Path.of("conf/playbook.yaml"), PlaybookConfig.class).queue();
  }

  static QueueConfig withCapacity(QueueConfig c, QueueConfig.Capacity capacity) {
    return new QueueConfig(c.expansion(), c.routing(), c.priority(), capacity, c.suppression(), c.holdout(),
        c.outbox(), c.brief(), c.previewRows());
  }

  static QueueConfig withSuppression(QueueConfig c, QueueConfig.Suppression suppression) {
    return new QueueConfig(c.expansion(), c.routing(), c.priority(), c.capacity(), suppression, c.holdout(),
        c.outbox(), c.brief(), c.previewRows());
  }

  static QueueConfig withHoldout(QueueConfig c, double share) {
    return new QueueConfig(c.expansion(), c.routing(), c.priority(), c.capacity(), c.suppression(),
        new QueueConfig.Holdout(share, c.holdout().salt()), c.outbox(), c.brief(), c.previewRows());
  }

  /** One account; fields are public and mutable for brevity in tests. */
  static final class Acct {
    final String id;
    String name;
    String segment = "mid_market";
    boolean strategic = false;
    double arr = 50_000;
    int seats = 10;
    int active = 9;
    boolean risk = false;
    String riskReason = null;
    String phase = "peak";
    int daysSinceOnboarding = 60;
    boolean crossSellWindow = false;
    /** window_positions.cross_sell_window_position: 0..1 inside a cross-sell window, null outside. */
    Double crossSellPosition = null;
    Integer daysToRenewal = 200;
    LocalDate projectedLimit = null;
    String csm = "csm_ann";
    String ae = "ae_bob";
    String plan = "p1_basic";
    String crmId = null;
    String adminEmail = null;
    String championEmail = null;
    /** Departments of active users: name → activated_on. */
    List<Object[]> users = new ArrayList<>();

    Acct(String id) {
      this.id = id;
      this.crmId = "crm-" + id;
      this.championEmail = "champion@" + id + ".example";
      this.name = "Account " + id;
    }
  }

  static Acct acct(String id) {
    return new Acct(id);
  }

  /** A fired signal of an account on a date. */
  record Sig(LocalDate date, String account, String signal, double value, double cutoff, int streak) {}

  static Sig sig(LocalDate date, String account, String signal, double value, double cutoff, int streak) {
    return new Sig(date, account, signal, value, cutoff, streak);
  }

  static final StructType SIGNALS = new StructType()
      .add("as_of_date", DataTypes.DateType).add("account_id", DataTypes.StringType)
      .add("signal", DataTypes.StringType).add("value", DataTypes.DoubleType).add("cutoff", DataTypes.DoubleType)
      .add("fired", DataTypes.BooleanType).add("strength", DataTypes.DoubleType)
      .add("streak_length", DataTypes.IntegerType).add("streak_unit", DataTypes.StringType)
      .add("streak_start", DataTypes.DateType);
  static final StructType FEATURES = new StructType()
      .add("as_of_date", DataTypes.DateType).add("account_id", DataTypes.StringType)
      .add("segment", DataTypes.StringType).add("is_strategic", DataTypes.BooleanType)
      .add("arr", InputTable.MONEY).add("seats_purchased", DataTypes.IntegerType)
      .add("active_users", DataTypes.IntegerType).add("is_risk", DataTypes.BooleanType)
      .add("risk_reason", DataTypes.StringType);
  static final StructType WINDOWS = new StructType()
      .add("as_of_date", DataTypes.DateType).add("account_id", DataTypes.StringType)
      .add("days_since_onboarding", DataTypes.IntegerType).add("phase", DataTypes.StringType)
      .add("in_cross_sell_window", DataTypes.BooleanType).add("cross_sell_window_position", DataTypes.DoubleType)
      .add("days_to_renewal", DataTypes.IntegerType)
      .add("projected_limit_date", DataTypes.DateType);

  static Date date(LocalDate d) {
    return d == null ? null : Date.valueOf(d);
  }

  /** Builds the inputs of {@code dates} for these accounts and signals (accounts unchanged across dates). */
  static QueueBuild.Inputs inputs(List<LocalDate> dates, List<Acct> accts, List<Sig> sigs, List<Row> opportunities,
      List<Row> activities, Dataset<Row> previousQueue, Dataset<Row> previousOutbox) {
    List<Row> sRows = new ArrayList<>();
    for (Sig s : sigs) {
      boolean periods = s.signal().equals("plan_limit_utilization");
      LocalDate start = periods ? s.date().withDayOfMonth(1).minusMonths(s.streak() - 1L)
          : s.date().minusDays(s.streak() - 1L);
      sRows.add(RowFactory.create(date(s.date()), s.account(), s.signal(), s.value(), s.cutoff(), true,
          s.value() / s.cutoff() - 1, s.streak(), periods ? "periods" : "days", date(start)));
    }
    List<Row> fRows = new ArrayList<>();
    List<Row> wRows = new ArrayList<>();
    for (LocalDate d : dates) {
      for (Acct a : accts) {
        fRows.add(RowFactory.create(date(d), a.id, a.segment, a.strategic, BigDecimal.valueOf(a.arr).setScale(2),
            a.seats, a.active, a.risk, a.riskReason));
        wRows.add(RowFactory.create(date(d), a.id, a.daysSinceOnboarding, a.phase, a.crossSellWindow,
            a.crossSellPosition, a.daysToRenewal, date(a.projectedLimit)));
      }
    }
    List<Row> accRows = new ArrayList<>();
    List<Row> subRows = new ArrayList<>();
    List<Row> userRows = new ArrayList<>();
    LocalDate onboarded = LocalDate.parse("2026-01-01");
    for (Acct a : accts) {
      accRows.add(RowFactory.create(a.id, a.name, a.segment, a.strategic, date(onboarded), a.csm, a.ae,
          "Champion " + a.id, "VP Operations", "emea", a.crmId, a.crmId == null ? null : "owner-" + a.csm,
          a.crmId == null ? null : "owner-" + a.ae, a.adminEmail, a.championEmail));
      String product = a.plan.substring(0, 2);
      subRows.add(RowFactory.create(a.id, product, a.plan, date(LocalDate.parse("2026-09-01")),
          date(LocalDate.parse("2026-10-01")), a.seats, null, BigDecimal.valueOf(a.arr / 12).setScale(2,
              java.math.RoundingMode.HALF_UP), date(LocalDate.parse("2027-03-31"))));
      int i = 0;
      for (Object[] u : a.users) {
        userRows.add(RowFactory.create(a.id + "_u" + (i++), a.id, u[0], date((LocalDate) u[1]),
            date((LocalDate) u[1]), null, null));
      }
    }
    List<Row> planRows = List.of(
        RowFactory.create("p1_basic", "p1", 1, 1000L, "p1_pro"),
        RowFactory.create("p1_pro", "p1", 2, null, null),
        RowFactory.create("p2_basic", "p2", 1, null, null));
    return new QueueBuild.Inputs(
        SharedSpark.session().createDataFrame(sRows, SIGNALS), SharedSpark.session().createDataFrame(fRows, FEATURES),
        SharedSpark.session().createDataFrame(wRows, WINDOWS),
        SharedSpark.session().createDataFrame(accRows, InputTable.ACCOUNTS.schema()),
        SharedSpark.session().createDataFrame(subRows, InputTable.SUBSCRIPTIONS.schema()),
        SharedSpark.session().createDataFrame(planRows, InputTable.PLANS.schema()),
        SharedSpark.session().createDataFrame(userRows, InputTable.USERS.schema()),
        SharedSpark.session().createDataFrame(opportunities, InputTable.OPPORTUNITIES.schema()),
        SharedSpark.session().createDataFrame(activities, InputTable.ACTIVITIES.schema()),
        previousQueue == null ? SharedSpark.session().createDataFrame(List.of(), QueueTables.EXPANSION_QUEUE.schema()) : previousQueue,
        previousOutbox == null ? SharedSpark.session().createDataFrame(List.of(), QueueTables.OUTBOX.schema()) : previousOutbox);
  }

  static QueueBuild.Inputs inputs(LocalDate d, List<Acct> accts, List<Sig> sigs) {
    return inputs(List.of(d), accts, sigs, List.of(), List.of(), null, null);
  }

  static Row opportunity(String id, String account, String type, LocalDate created, LocalDate closed, String stage) {
    return RowFactory.create(id, account, type, date(created), date(closed), stage,
        BigDecimal.valueOf(12000).setScale(2), "ae_bob", null);
  }

  static Row activity(String account, LocalDate day, String owner, String kind, String summary) {
    return RowFactory.create(account, date(day), owner, kind, summary);
  }

  /** The queue's rows of one date as "account:item_type:field=value" lookups. */
  static Row item(Dataset<Row> queue, String account) {
    List<Row> rows = queue.filter(queue.col("account_id").equalTo(account)
        .and(queue.col("status").notEqual("resolved"))).collectAsList();
    if (rows.size() != 1) {
      throw new AssertionError("expected one live item for " + account + ", got " + rows);
    }
    return rows.get(0);
  }

  /** A seat-expansion-qualified account's two signals on a date. */
  static List<Sig> seatSignals(LocalDate d, String account, double util, int streak) {
    return List.of(sig(d, account, "seat_utilization", util, 0.85, streak),
        sig(d, account, "power_user_density", 0.4, 0.3, streak));
  }
}
