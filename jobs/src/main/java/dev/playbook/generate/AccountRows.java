package dev.playbook.generate;

import static dev.playbook.contract.InputTable.*;

import dev.playbook.contract.InputTable;
import dev.playbook.generate.AccountSim.Gate;
import dev.playbook.generate.AccountSim.Note;
import dev.playbook.generate.AccountSim.Opp;
import dev.playbook.generate.AccountSim.Period;
import dev.playbook.generate.AccountSim.User;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * One contract table's rows of one account, in the table's column order. Runs on the executors: simulates the
 * account from (spec, index) and emits its rows; the activity rows are produced lazily, one user-day at a time.
 */
final class AccountRows implements FlatMapFunction<Long, Row> {
  private final GeneratorSpec spec;
  private final InputTable table;

  AccountRows(GeneratorSpec spec, InputTable table) {
    this.spec = spec;
    this.table = table;
  }

  @Override
  public Iterator<Row> call(Long index) {
    AccountSim sim = AccountSim.run(spec, index);
    return switch (table) {
      case ACCOUNTS -> List.of(account(sim)).iterator();
      case SUBSCRIPTIONS -> subscriptions(sim).iterator();
      case USERS -> users(sim).iterator();
      case USER_ACTIVITY_DAILY -> new ActivityIterator(sim);
      case API_USAGE_DAILY -> apiUsage(sim).iterator();
      case GATE_EVENTS -> gates(sim).iterator();
      case OPPORTUNITIES -> opportunities(sim).iterator();
      case ACTIVITIES -> notes(sim).iterator();
      default -> throw new IllegalArgumentException(table + " is not generated per account");
    };
  }

  static Date date(int epochDay) {
    return Date.valueOf(LocalDate.ofEpochDay(epochDay));
  }

  private static Date dateOrNull(Integer epochDay) {
    return epochDay == null ? null : date(epochDay);
  }

  private static Row account(AccountSim s) {
    return RowFactory.create(s.id, s.name, s.segment, s.strategic, date(s.onboard), s.csm, s.ae, s.champion,
        s.championTitle, s.region, "crm-" + s.id, "owner-" + s.csm, "owner-" + s.ae, "admin@" + s.id + ".example",
        s.champion.toLowerCase(java.util.Locale.ROOT).replace(' ', '.') + "@" + s.id + ".example");
  }

  private static List<Row> subscriptions(AccountSim s) {
    List<Row> rows = new ArrayList<>();
    for (Period p : s.periods) {
      Date start = date(p.start);
      Date end = date(p.end);
      Date contractEnd = date(p.contractEnd);
      rows.add(RowFactory.create(s.id, p.workspace.productId(), p.workspace.planId(), start, end, p.seats, null,
          p.workspace.mrr(p.seats, s.discount), contractEnd));
      if (p.api != null) {
        rows.add(RowFactory.create(s.id, p.api.productId(), p.api.planId(), start, end, null, p.apiLimitOverride,
            p.api.mrr(0, s.discount), contractEnd));
      }
      if (p.insights != null) {
        rows.add(RowFactory.create(s.id, p.insights.productId(), p.insights.planId(), start, end, null, null,
            p.insights.mrr(0, s.discount), contractEnd));
      }
    }
    return rows;
  }

  private static List<Row> users(AccountSim s) {
    List<Row> rows = new ArrayList<>();
    for (User u : s.users) {
      rows.add(RowFactory.create(s.userId(u), s.id, u.department, date(u.invited), dateOrNull(u.activated),
          dateOrNull(u.deactivated), s.email(u)));
    }
    return rows;
  }

  private static List<Row> apiUsage(AccountSim s) {
    List<Row> rows = new ArrayList<>();
    for (int t = 0; t < s.apiCalls.length; t++) {
      if (s.apiCalls[t] >= 0) {
        rows.add(RowFactory.create(s.id, Catalog.API, date(s.onboard + t), s.apiCalls[t]));
      }
    }
    return rows;
  }

  private static List<Row> gates(AccountSim s) {
    List<Row> rows = new ArrayList<>();
    for (Gate g : s.gates) {
      rows.add(RowFactory.create(s.id, g.userId(), new Timestamp(g.epochSecond() * 1000L), g.featureKey(),
          g.eventType()));
    }
    return rows;
  }

  private static List<Row> opportunities(AccountSim s) {
    List<Row> rows = new ArrayList<>();
    int seq = 0;
    for (Opp o : s.opps) {
      // The playbook has only just gone live: a few recent planted opportunities carry their signal.
      String source = o.planted && o.created > s.endDay - 60 && (seq % 2 == 0) ? o.signal : null;
      rows.add(RowFactory.create(s.id + "-o" + String.format("%03d", seq++), s.id, o.type, date(o.created),
          dateOrNull(o.closed), o.stage, o.amount, o.owner, source));
    }
    return rows;
  }

  private static List<Row> notes(AccountSim s) {
    List<Row> rows = new ArrayList<>();
    for (Note n : s.notes) {
      if (n.day() <= s.endDay) {
        rows.add(RowFactory.create(s.id, date(n.day()), n.owner(), n.kind(), n.summary()));
      }
    }
    return rows;
  }

  /** user_activity_daily rows of one account: user by user, active day by active day, feature by feature. */
  static final class ActivityIterator implements Iterator<Row> {
    private final AccountSim s;
    private final long seed;
    private final Date[] dates;
    private final List<Row> buffer = new ArrayList<>();
    private int bufferPos;
    private int userPos;
    private String userId;
    private int t = -1;

    ActivityIterator(AccountSim s) {
      this.s = s;
      this.seed = s.spec.seed();
      this.dates = new Date[s.adoptedWorkspace.length];
      advance();
    }

    @Override
    public boolean hasNext() {
      return bufferPos < buffer.size();
    }

    @Override
    public Row next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Row row = buffer.get(bufferPos++);
      if (bufferPos == buffer.size()) {
        advance();
      }
      return row;
    }

    /** Fills the buffer with the next active user-day's rows. */
    private void advance() {
      buffer.clear();
      bufferPos = 0;
      while (buffer.isEmpty() && userPos < s.users.size()) {
        User u = s.users.get(userPos);
        t = u.days.nextSetBit(t + 1);
        if (t < 0) {
          userPos++;
          userId = null;
          continue;
        }
        if (userId == null) {
          userId = s.userId(u);
        }
        emitUserDay(u, t);
      }
    }

    private void emitUserDay(User u, int t) {
      int d = s.onboard + t;
      if (dates[t] == null) {
        dates[t] = date(d);
      }
      int a = s.adoptedWorkspace[t];
      int first = AccountSim.workspaceFirstFeature(u, d, a);
      for (int i = 0; i < AccountSim.workspaceFeatureCount(u, a); i++) {
        add(u, t, Catalog.WORKSPACE, Catalog.WORKSPACE_FEATURES.get((first + i) % a), i);
      }
      int api = s.adoptedApi[t];
      if (api > 0 && Keyed.unit(Keyed.hash(seed, AccountSim.SALT_API_FEATURE, s.index, u.idx, d)) < 0.5) {
        int start = Math.floorMod(d + 3L * u.idx, api);
        for (int i = 0; i < Math.min(api, u.power ? 2 : 1); i++) {
          add(u, t, Catalog.API, Catalog.API_FEATURES.get((start + i) % api), 10 + i);
        }
      }
      int ins = s.adoptedInsights[t];
      if (ins > 0 && Keyed.unit(Keyed.hash(seed, AccountSim.SALT_INSIGHTS_FEATURE, s.index, u.idx, d)) < 0.4) {
        add(u, t, Catalog.INSIGHTS, Catalog.INSIGHTS_FEATURES.get(Math.floorMod(d + 5L * u.idx, ins)), 20);
      }
    }

    private void add(User u, int t, String product, String feature, int slot) {
      int d = s.onboard + t;
      double x = Keyed.unit(Keyed.hash(seed, AccountSim.SALT_EVENTS, s.index, u.idx * 32L + slot, d));
      int events = 1 + (int) (-Math.log(1 - x) * (u.power ? 6 : 2.5));
      buffer.add(RowFactory.create(s.id, userId, dates[t], product, feature, events));
    }
  }
}
