package dev.playbook.generate;

import static dev.playbook.contract.Vocabulary.*;

import dev.playbook.generate.Catalog.Plan;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The day-by-day life of one account, a pure function of (spec, account index): its subscriptions, users and
 * their active days, API calls, opportunities, gate events and logged conversations.
 *
 * <p>Latent levels drive the activity (a seat-utilization level, a feature-adoption level, an API usage shape);
 * the simulation then computes each planted signal from the activity it generated, exactly as the features job
 * defines it, and plants opportunities on those realized values ({@link PlantedTruth}). Opportunity outcomes
 * feed back: a won seat expansion adds seats, a won plan upgrade moves the api plan up a tier, a won cross-sell
 * adds the insights product, each from the first billing period after the close.
 *
 * <p>Cost: O(users × days) per account; it is recomputed on the executors for each table, never collected.
 */
final class AccountSim {
  static final long SALT_ACCOUNT = 11, SALT_ACTIVE = 12, SALT_USER = 13, SALT_EVENTS = 14, SALT_API = 15,
      SALT_API_FEATURE = 16, SALT_INSIGHTS_FEATURE = 17;

  static final String[] DEPARTMENTS = {"engineering", "product", "sales", "marketing", "support", "finance",
      "operations", "hr"};
  private static final String[] REGIONS = {"NA", "NA", "EMEA", "EMEA", "APAC", "LATAM"};
  private static final String[] NAME_A = {"Northwind", "Blue Harbor", "Granite", "Silverline", "Redwood", "Apex",
      "Lumen", "Cobalt", "Evergreen", "Summit", "Brightpath", "Ironclad", "Meridian", "Oakridge", "Quantum",
      "Riverstone", "Sterling", "Tidewater", "Vantage", "Zenith"};
  private static final String[] NAME_B = {"Logistics", "Health", "Robotics", "Foods", "Media", "Capital",
      "Analytics", "Energy", "Retail", "Labs", "Travel", "Insurance", "Studios", "Systems", "Biotech"};
  private static final String[] FIRST = {"Ana", "Ben", "Chloe", "Diego", "Emma", "Farid", "Grace", "Hiro",
      "Ines", "Jonas", "Kara", "Liam", "Maya", "Noah", "Olga", "Priya", "Quinn", "Rosa", "Sam", "Tariq"};
  private static final String[] LAST = {"Alvarez", "Becker", "Chen", "Dubois", "Eriksen", "Fischer", "Garcia",
      "Hansen", "Ito", "Jansen", "Kowalski", "Larsen", "Moreau", "Nakamura", "Okafor", "Patel", "Rossi",
      "Silva", "Tanaka", "Weber"};
  private static final String[] TITLES = {"Head of Operations", "VP Engineering", "IT Director", "COO",
      "Director of Product", "Head of RevOps", "CTO", "Engineering Manager"};
  static final String[] CSMS = {"csm_alice", "csm_bruno", "csm_carmen", "csm_dev", "csm_elena", "csm_femi"};
  static final String[] AES = {"ae_grace", "ae_henrik", "ae_isabel", "ae_jamal"};
  static final String[] ENTERPRISE_AES = {"ae_kim", "ae_lucas"};

  /** A monthly billing period (end exclusive) and what the account owned in it. */
  static final class Period {
    int start;
    int end;
    int seats;
    Plan workspace;
    Plan api;
    Long apiLimitOverride;
    Plan insights;
    int contractEnd;
    long apiUsage;

    long allocation() {
      return apiLimitOverride != null ? apiLimitOverride : api.usageLimit();
    }
  }

  static final class User {
    final int idx;
    final String department;
    final int invited;
    Integer activated;
    Integer deactivated;
    final double intensity;
    final boolean power;
    boolean engaged;
    int lastActive = Integer.MIN_VALUE / 2;
    final BitSet days = new BitSet();

    User(int idx, String department, int invited, double intensity, boolean power) {
      this.idx = idx;
      this.department = department;
      this.invited = invited;
      this.intensity = intensity;
      this.power = power;
    }

    boolean deactivatedBy(int d) {
      return deactivated != null && deactivated <= d;
    }
  }

  static final class Opp {
    String type;
    int created;
    Integer closed;
    String stage;
    BigDecimal amount;
    String owner;
    boolean planted;
    String signal;
    /** Seats a won seat expansion adds. */
    int addSeats;
    /** Whether a win's change has reached the subscriptions. */
    boolean applied;
  }

  record Gate(String userId, long epochSecond, String featureKey, String eventType) {}

  record Note(int day, String owner, String kind, String summary) {}

  final GeneratorSpec spec;
  final long index;
  final String id;
  private final SplittableRandom rnd;
  final int startDay;
  final int endDay;

  String segment;
  boolean strategic;
  int onboard;
  String name;
  String csm;
  String ae;
  String champion;
  String championTitle;
  String region;
  double discount;
  /** First day without service; Integer.MAX_VALUE when the account is live at the end. */
  int churnDay = Integer.MAX_VALUE;
  /** Last simulated day. */
  int lastDay;

  final List<Period> periods = new ArrayList<>();
  final List<User> users = new ArrayList<>();
  final List<Opp> opps = new ArrayList<>();
  final List<Gate> gates = new ArrayList<>();
  final List<Note> notes = new ArrayList<>();

  // Per day t = d - onboard.
  byte[] adoptedWorkspace;
  byte[] adoptedApi;
  byte[] adoptedInsights;
  long[] apiCalls;
  double[] seatUtilization;
  double[] breadth;
  double[] apiGrowth;
  boolean[] planLimitFired;

  // Latents.
  private double seatLevel;
  private double adoptionLevel;
  private double invitedShare;
  private boolean apiGrowthShape;
  private double apiSteadyShare;
  private double apiStart;
  private double apiGamma;
  private int apiBurstStart;
  private int apiBurstDays;
  private String[] departments;

  private AccountSim(GeneratorSpec spec, long index) {
    this.spec = spec;
    this.index = index;
    this.id = accountId(index);
    this.rnd = new SplittableRandom(Keyed.hash(spec.seed(), SALT_ACCOUNT, index));
    this.startDay = (int) spec.startDate().toEpochDay();
    this.endDay = (int) spec.endDate().toEpochDay();
  }

  static String accountId(long index) {
    return String.format("acct%05d", index);
  }

  static AccountSim run(GeneratorSpec spec, long index) {
    AccountSim s = new AccountSim(spec, index);
    s.simulate();
    return s;
  }

  String userId(User u) {
    return id + "-u" + String.format("%04d", u.idx);
  }

  String email(User u) {
    return "user" + u.idx + "@" + id + ".example";
  }

  // ---------------------------------------------------------------------------------------------------------
  // 1. Who the account is.

  private void drawProfile() {
    double s = rnd.nextDouble();
    segment = s < 0.6 ? SELF_SERVE : s < 0.9 ? MID_MARKET : ENTERPRISE;
    strategic = segment.equals(ENTERPRISE) ? rnd.nextDouble() < 0.4 : segment.equals(MID_MARKET) && rnd.nextDouble() < 0.08;
    // Onboarding density rises linearly over the history (the company grows); keep ≥ 14 days of data.
    int span = Math.max(1, endDay - 14 - startDay);
    onboard = startDay + (int) (Math.sqrt(rnd.nextDouble()) * span);
    name = NAME_A[rnd.nextInt(NAME_A.length)] + " " + NAME_B[rnd.nextInt(NAME_B.length)];
    region = REGIONS[rnd.nextInt(REGIONS.length)];
    csm = CSMS[rnd.nextInt(CSMS.length)];
    ae = segment.equals(ENTERPRISE) ? ENTERPRISE_AES[rnd.nextInt(ENTERPRISE_AES.length)] : AES[rnd.nextInt(AES.length)];
    champion = FIRST[rnd.nextInt(FIRST.length)] + " " + LAST[rnd.nextInt(LAST.length)];
    championTitle = TITLES[rnd.nextInt(TITLES.length)];
    discount = switch (segment) {
      case SELF_SERVE -> 0;
      case MID_MARKET -> rnd.nextDouble() * 0.10;
      default -> 0.10 + rnd.nextDouble() * 0.15;
    };
    int nd = switch (segment) {
      case SELF_SERVE -> 1 + rnd.nextInt(2);
      case MID_MARKET -> 2 + rnd.nextInt(3);
      default -> 4 + rnd.nextInt(4);
    };
    int first = rnd.nextInt(DEPARTMENTS.length);
    departments = new String[nd];
    for (int i = 0; i < nd; i++) {
      departments[i] = DEPARTMENTS[(first + i * 3) % DEPARTMENTS.length];
    }
    // Latent seat-utilization level: 15% risk accounts far below, the rest spread across the cutoff.
    seatLevel = rnd.nextDouble() < 0.15 ? 0.20 + rnd.nextDouble() * 0.25 : 0.50 + rnd.nextDouble() * 0.50;
    adoptionLevel = 0.25 + rnd.nextDouble() * 0.70;
    invitedShare = 0.85 + rnd.nextDouble() * 0.20;
  }

  // ---------------------------------------------------------------------------------------------------------
  // 2. The simulation, one day at a time.

  private void simulate() {
    drawProfile();
    int seats = Math.max(3, (int) Math.round(spec.userScale() * switch (segment) {
      case SELF_SERVE -> 3 + rnd.nextInt(10);
      case MID_MARKET -> 15 + rnd.nextInt(50);
      default -> 80 + rnd.nextInt(220);
    }));
    double r = rnd.nextDouble();
    Plan workspace = Catalog.plan(0, switch (segment) {
      case SELF_SERVE -> r < 0.8 ? 1 : 2;
      case MID_MARKET -> r < 0.15 ? 1 : r < 0.85 ? 2 : 3;
      default -> r < 0.3 ? 2 : 3;
    });
    double apiShare = switch (segment) {
      case SELF_SERVE -> 0.5;
      case MID_MARKET -> 0.7;
      default -> 0.85;
    };
    Plan api = null;
    Long apiOverride = null;
    if (rnd.nextDouble() < apiShare) {
      r = rnd.nextDouble();
      api = Catalog.plan(1, switch (segment) {
        case SELF_SERVE -> 1;
        case MID_MARKET -> r < 0.6 ? 1 : 2;
        default -> r < 0.5 ? 2 : 3;
      });
      if (segment.equals(ENTERPRISE) && rnd.nextDouble() < 0.3) {
        apiOverride = api.usageLimit() * 3 / 2;
      }
      apiGrowthShape = rnd.nextDouble() < 0.35;
      apiSteadyShare = (0.15 + rnd.nextDouble() * 0.83) * (api.tierRank() == 3 ? 0.65 : 1.0);
      apiStart = 0.04 + rnd.nextDouble() * 0.08;
      apiGamma = Math.log(1 + rnd.nextDouble()) / 60.0;  // 60-day growth uniform in 0..100%
      apiBurstStart = 30 + rnd.nextInt(120);
      apiBurstDays = 150;
    }
    Plan insights = rnd.nextDouble() < switch (segment) {
      case SELF_SERVE -> 0.05;
      case MID_MARKET -> 0.15;
      default -> 0.30;
    } ? Catalog.plan(2, segmentTier()) : null;
    decideChurn();

    lastDay = Math.min(endDay, churnDay - 1);
    int days = Math.max(0, lastDay - onboard + 1);
    adoptedWorkspace = new byte[days];
    adoptedApi = new byte[days];
    adoptedInsights = new byte[days];
    apiCalls = new long[days];
    seatUtilization = new double[days];
    breadth = new double[days];
    apiGrowth = new double[days];
    planLimitFired = new boolean[days];
    long[] apiPrefix = new long[days + 1];
    int[] wsLastUsed = new int[Catalog.WORKSPACE_FEATURES.size()];
    java.util.Arrays.fill(wsLastUsed, Integer.MIN_VALUE / 2);

    Episode seatEpisode = new Episode("seat_utilization", SEAT_EXPANSION, PlantedTruth.P_WIN_SEAT_UTILIZATION);
    Episode limitEpisode = new Episode("plan_limit_utilization", PLAN_UPGRADE,
        PlantedTruth.P_WIN_PLAN_LIMIT_UTILIZATION);
    Episode growthEpisode = new Episode("api_usage_growth", PLAN_UPGRADE, PlantedTruth.P_WIN_API_USAGE_GROWTH);
    Episode crossEpisode = new Episode("feature_adoption_breadth", CROSS_SELL,
        PlantedTruth.P_WIN_FEATURE_ADOPTION_BREADTH);
    int[][] noiseDays = new int[3][];
    for (int k = 0; k < 3; k++) {
      noiseDays[k] = noiseDays(onboard, lastDay);
    }
    int[] noiseNext = new int[3];

    LocalDate onboardDate = LocalDate.ofEpochDay(onboard);
    double engaged = Math.max(1, Math.round(0.45 * seats));
    int streak = 0;
    Period period = null;
    int m = -1;
    int nextPeriodStart = onboard;
    double apiStartCalls = 0;
    double apiSteadyCalls = 0;
    double periodMultiplier = 1;

    for (int d = onboard; d <= lastDay; d++) {
      int t = d - onboard;
      if (d == nextPeriodStart) {
        // 2a. Close the previous billing period, then open the next one with the changes won so far.
        if (period != null) {
          period.end = d;
          if (period.api != null) {
            double ratio = period.apiUsage / (double) period.allocation();
            streak = ratio >= PlantedTruth.PLAN_LIMIT_UTILIZATION_CUTOFF ? streak + 1 : 0;
          }
        }
        m++;
        Period p = new Period();
        p.start = d;
        nextPeriodStart = (int) onboardDate.plusMonths(m + 1).toEpochDay();
        p.end = nextPeriodStart;
        p.seats = seats;
        p.workspace = workspace;
        p.api = api;
        p.apiLimitOverride = apiOverride;
        p.insights = insights;
        p.contractEnd = (int) onboardDate.plusMonths(12L * (m / 12 + 1)).toEpochDay();
        // Wins closed before this period starts take effect now.
        {
          for (Opp o : opps) {
            if (!o.applied && CLOSED_WON.equals(o.stage) && o.closed != null && o.closed < d) {
              o.applied = true;
              switch (o.type) {
                case SEAT_EXPANSION -> p.seats += o.addSeats;
                case PLAN_UPGRADE -> {
                  if (p.api != null && Catalog.next(p.api) != null) {
                    p.api = Catalog.next(p.api);
                    p.apiLimitOverride = null;
                  } else if (Catalog.next(p.workspace) != null) {
                    p.workspace = Catalog.next(p.workspace);
                  }
                }
                case CROSS_SELL -> {
                  if (p.insights == null) {
                    p.insights = Catalog.plan(2, segmentTier());
                  }
                }
                default -> { }
              }
            }
          }
        }
        seats = p.seats;
        workspace = p.workspace;
        api = p.api;
        apiOverride = p.apiLimitOverride;
        insights = p.insights;
        period = p;
        periods.add(p);
        if (api != null) {
          periodMultiplier = rnd.nextDouble() < 0.06 ? 1.4 : 1 + 0.06 * gaussian();
          if (m == 0) {
            apiSteadyCalls = apiSteadyShare * p.allocation() / 30.4;
            apiStartCalls = apiStart * p.allocation() / 30.4;
          }
        }
        // 2b. Engaged users move toward the latent level of the current seats; invite users as needed.
        if (m > 0) {
          engaged += 0.6 * (seatLevel * seats - engaged) + 0.02 * seats * gaussian();
        }
        engaged = Math.max(1, Math.min(seats, engaged));
        assignEngaged(d, (int) Math.round(engaged), (int) Math.round(invitedShare * seats), m == 0);
      }

      // 2c. Feature adoption ramps from 15% to the account's level over the first 75 days.
      double b = 0.15 + (adoptionLevel - 0.15) * Math.min(1.0, t / 75.0);
      adoptedWorkspace[t] = adopted(b, workspace);
      adoptedApi[t] = api == null ? 0 : adopted(b, api);
      adoptedInsights[t] = insights == null ? 0 : adopted(b, insights);

      // 2d. Activity of engaged users; then the realized active users and breadth of the 30 days ending d.
      int active = 0;
      for (User u : users) {
        if (u.deactivatedBy(d)) {
          continue;
        }
        if (u.engaged && u.activated != null && u.activated <= d && isActive(u, d)) {
          u.days.set(t);
          u.lastActive = d;
          int a = adoptedWorkspace[t];
          int first = workspaceFirstFeature(u, d, a);
          for (int i = 0; i < workspaceFeatureCount(u, a); i++) {
            wsLastUsed[(first + i) % a] = d;
          }
        }
        if (u.lastActive >= d - (PlantedTruth.ACTIVE_WINDOW_DAYS - 1)) {
          active++;
        }
      }
      seatUtilization[t] = active / (double) seats;
      int n = workspace.features().size();
      int used = 0;
      for (int i = 0; i < n; i++) {
        if (wsLastUsed[i] >= d - 29) {
          used++;
        }
      }
      breadth[t] = used / (double) n;

      // 2e. API calls and the two usage signals.
      if (api != null) {
        double base;
        if (apiGrowthShape) {
          int x = Math.max(0, Math.min(apiBurstDays, t - apiBurstStart));
          base = Math.min(apiStartCalls * Math.exp(apiGamma * x), 0.68 * period.allocation() / 30.4);
        } else {
          base = apiSteadyCalls * periodMultiplier;
        }
        long calls = Math.round(base * apiWeekday(d) * Math.exp(0.1 * Keyed.normal(
            Keyed.hash(spec.seed(), SALT_API, index, d))));
        apiCalls[t] = calls;
        period.apiUsage += calls;
      } else {
        apiCalls[t] = -1;
      }
      apiPrefix[t + 1] = apiPrefix[t] + Math.max(0, apiCalls[t]);
      apiGrowth[t] = Double.NaN;
      if (api != null && t >= 89) {
        long recent = apiPrefix[t + 1] - apiPrefix[t - 29];
        long earlier = apiPrefix[t - 59] - apiPrefix[t - 89];
        if (earlier > 0) {
          apiGrowth[t] = recent / (double) earlier - 1;
        }
      }
      planLimitFired[t] = api != null && streak >= PlantedTruth.PLAN_LIMIT_MIN_PERIODS;

      // 2f. Planted episodes (on realized values) and noise below the cutoffs.
      boolean canUpgrade = api != null && Catalog.next(api) != null;
      boolean seatAbove = seatUtilization[t] >= PlantedTruth.SEAT_UTILIZATION_CUTOFF;
      boolean limitAbove = planLimitFired[t];
      boolean growthAbove = apiGrowth[t] >= PlantedTruth.API_USAGE_GROWTH_CUTOFF;
      boolean breadthAbove = breadth[t] >= PlantedTruth.FEATURE_ADOPTION_BREADTH_CUTOFF;
      boolean inWindow = t >= PlantedTruth.CROSS_SELL_WINDOW_START_DAYS && t <= PlantedTruth.CROSS_SELL_WINDOW_END_DAYS;
      seatEpisode.step(d, seatAbove, seats, workspace, api);
      limitEpisode.step(d, limitAbove && canUpgrade, seats, workspace, api);
      growthEpisode.step(d, growthAbove && canUpgrade, seats, workspace, api);
      crossEpisode.step(d, breadthAbove && inWindow && insights == null, seats, workspace, api);
      boolean[] below = {!seatAbove, !limitAbove && !growthAbove, !breadthAbove};
      String[] types = {SEAT_EXPANSION, PLAN_UPGRADE, CROSS_SELL};
      for (int k = 0; k < 3; k++) {
        while (noiseNext[k] < noiseDays[k].length && noiseDays[k][noiseNext[k]] < d) {
          noiseNext[k]++;
        }
        if (noiseNext[k] < noiseDays[k].length && noiseDays[k][noiseNext[k]] == d) {
          noiseNext[k]++;
          if (below[k] && !hasOpen(types[k], d) && (k != 2 || insights == null)) {
            createOpp(types[k], d, PlantedTruth.P_WIN_NOISE, false, null, seats, workspace, api);
          }
        }
      }

      // 2g. Feature-gate events and logged conversations.
      gateEvents(d, t, period, workspace, api, insights);
      if (t == 3 + (int) (index % 4)) {
        notes.add(new Note(d, csm, "kickoff", "Kickoff call with " + champion + ": goals, rollout plan, admins"));
      }
      if (t > 0 && t % 91 == 0 && !segment.equals(SELF_SERVE)) {
        notes.add(new Note(d, csm, "qbr", String.format("Quarterly review: %d of %d seats active, %d%% of plan"
            + " features in use", Math.round(seatUtilization[t] * seats), seats, Math.round(breadth[t] * 100))));
      }
      if (t == 60 && seatUtilization[t] < 0.5) {
        notes.add(new Note(d, csm, "adoption_review", String.format("Low adoption: %d of %d seats active;"
            + " agreed an enablement plan", Math.round(seatUtilization[t] * seats), seats)));
      }
    }
    if (period != null && churnDay <= endDay) {
      period.end = churnDay;
    }
    finishUsers();
    closeOpportunities();
    newBusinessAndRenewals();
  }

  private int segmentTier() {
    return switch (segment) {
      case SELF_SERVE -> 1;
      case MID_MARKET -> 2;
      default -> 3;
    };
  }

  private void decideChurn() {
    LocalDate onboardDate = LocalDate.ofEpochDay(onboard);
    double annual = switch (segment) {
      case SELF_SERVE -> 0.20;
      case MID_MARKET -> 0.10;
      default -> 0.05;
    } * (seatLevel < 0.45 ? 2 : 1);
    for (int m = 1; ; m++) {
      int d = (int) onboardDate.plusMonths(m).toEpochDay();
      if (d > endDay) {
        return;
      }
      double p = m % 12 == 0 ? annual : segment.equals(SELF_SERVE) ? 0.012 : 0;
      if (rnd.nextDouble() < p) {
        churnDay = d;
        return;
      }
    }
  }

  private byte adopted(double level, Plan plan) {
    int n = plan.features().size();
    return (byte) Math.max(1, Math.min(n, (int) Math.floor(level * n + 1e-9)));
  }

  /** Makes the first {@code engagedCount} non-deactivated users engaged, inviting users as needed. */
  private void assignEngaged(int d, int engagedCount, int invitedTarget, boolean first) {
    int live = 0;
    for (User u : users) {
      if (!u.deactivatedBy(d)) {
        live++;
      }
    }
    int want = Math.max(engagedCount, invitedTarget);
    while (live < want) {
      int idx = users.size();
      int invited = first ? d - rnd.nextInt(15) : d - rnd.nextInt(11);
      long h = Keyed.hash(spec.seed(), SALT_USER, index, idx);
      boolean power = Keyed.unit(h) < 0.15;
      double intensity = power ? 0.95 : 0.45 + 0.45 * Keyed.unit(Keyed.mix(h));
      int spread = Math.min(departments.length, 1 + idx / 4);
      String dept = idx == 0 || rnd.nextDouble() < 0.4 ? departments[0] : departments[rnd.nextInt(spread)];
      User u = new User(idx, dept, invited, intensity, power);
      if (rnd.nextDouble() < 0.06) {
        u.deactivated = invited + 45 + rnd.nextInt(400);
      }
      if (rnd.nextDouble() < 0.7) {
        u.activated = invited + rnd.nextInt(4);
      }
      users.add(u);
      live++;
    }
    int assigned = 0;
    for (User u : users) {
      u.engaged = false;
      if (u.deactivatedBy(d)) {
        continue;
      }
      if (assigned < engagedCount) {
        u.engaged = true;
        assigned++;
        if (u.activated == null || u.activated > d) {
          u.activated = Math.max(u.invited, d - rnd.nextInt(3));
        }
      }
    }
  }

  private boolean isActive(User u, int d) {
    double p = u.intensity * weekday(d) * season(d);
    return Keyed.unit(Keyed.hash(spec.seed(), SALT_ACTIVE, index, u.idx, d)) < p;
  }

  /** Weekly seasonality of user activity: weekends far lower, Fridays a little. */
  static double weekday(int epochDay) {
    int dow = Math.floorMod(epochDay + 3, 7);  // 0 = Monday (1970-01-01 was a Thursday)
    return switch (dow) {
      case 4 -> 0.85;
      case 5 -> 0.20;
      case 6 -> 0.15;
      default -> 1.0;
    };
  }

  /** API calls per weekday relative to the daily average. */
  static double apiWeekday(int epochDay) {
    int dow = Math.floorMod(epochDay + 3, 7);
    return dow == 5 ? 0.55 : dow == 6 ? 0.45 : 1.2;
  }

  /** Holiday dip (Dec 20 – Jan 2) and a softer August. */
  static double season(int epochDay) {
    LocalDate date = LocalDate.ofEpochDay(epochDay);
    int month = date.getMonthValue();
    int day = date.getDayOfMonth();
    if ((month == 12 && day >= 20) || (month == 1 && day <= 2)) {
      return 0.5;
    }
    return month == 8 ? 0.85 : 1.0;
  }

  static int workspaceFeatureCount(User u, int adopted) {
    return Math.min(adopted, u.power ? 3 : 2);
  }

  /** Features rotate day by day so every adopted feature is used within a few active days. */
  static int workspaceFirstFeature(User u, int d, int adopted) {
    return Math.floorMod(d + 7L * u.idx, adopted);
  }

  private double gaussian() {
    double u1 = rnd.nextDouble() + 1e-12;
    double u2 = rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  private int[] noiseDays(int from, int to) {
    if (to < from) {
      return new int[0];
    }
    double mean = PlantedTruth.NOISE_OPPORTUNITIES_PER_YEAR * (to - from + 1) / 365.0;
    int n = poisson(mean);
    int[] days = new int[n];
    for (int i = 0; i < n; i++) {
      days[i] = from + rnd.nextInt(to - from + 1);
    }
    java.util.Arrays.sort(days);
    return days;
  }

  private int poisson(double mean) {
    double l = Math.exp(-mean);
    int k = 0;
    double p = 1;
    do {
      k++;
      p *= rnd.nextDouble();
    } while (p > l);
    return k - 1;
  }

  // ---------------------------------------------------------------------------------------------------------
  // 3. Opportunities.

  /** One planted signal's episodes: start on a day above the cutoff, create 0–45 days later on a day above. */
  private final class Episode {
    final String signal;
    final String type;
    final double pWin;
    int lastStart = Integer.MIN_VALUE / 2;
    boolean pending;
    boolean willCreate;
    int target;
    int lastAbove;

    Episode(String signal, String type, double pWin) {
      this.signal = signal;
      this.type = type;
      this.pWin = pWin;
    }

    void step(int d, boolean above, int seats, Plan workspace, Plan api) {
      if (above) {
        lastAbove = d;
      }
      if (!pending && above && d - lastStart >= PlantedTruth.REARM_DAYS && !hasOpen(type, d)) {
        pending = true;
        lastStart = d;
        willCreate = rnd.nextDouble() < PlantedTruth.P_CREATE;
        target = d + rnd.nextInt(PlantedTruth.MAX_CREATE_DELAY_DAYS + 1);
      }
      if (pending && (d >= target || d == lastDay)) {
        pending = false;
        if (willCreate && !hasOpenOther(type, lastAbove)) {
          createOpp(type, lastAbove, pWin, true, signal, seats, workspace, api);
        }
      }
    }
  }

  private boolean hasOpen(String type, int d) {
    for (Opp o : opps) {
      if (o.type.equals(type) && (o.closed == null || o.closed > d)) {
        return true;
      }
    }
    return false;
  }

  private boolean hasOpenOther(String type, int d) {
    for (Opp o : opps) {
      if (o.type.equals(type) && o.created <= d && (o.closed == null || o.closed > d)) {
        return true;
      }
    }
    return false;
  }

  private void createOpp(String type, int created, double pWin, boolean planted, String signal, int seats,
      Plan workspace, Plan api) {
    Opp o = new Opp();
    o.type = type;
    o.created = created;
    o.planted = planted;
    o.signal = signal;
    boolean won = rnd.nextDouble() < pWin;
    o.stage = won ? CLOSED_WON : CLOSED_LOST;
    o.closed = created + PlantedTruth.MIN_CLOSE_DAYS
        + rnd.nextInt(PlantedTruth.MAX_CLOSE_DAYS - PlantedTruth.MIN_CLOSE_DAYS + 1);
    double yearly = 12 * (1 - discount);
    switch (type) {
      case SEAT_EXPANSION -> {
        o.addSeats = Math.max(1, (int) Math.round(seats * (planted ? 0.25 + rnd.nextDouble() * 0.35 : 0.2)));
        o.amount = money(workspace.price().doubleValue() * o.addSeats * yearly);
        o.owner = segment.equals(ENTERPRISE) ? ae : csm;
      }
      case PLAN_UPGRADE -> {
        Plan from = api != null && Catalog.next(api) != null ? api : workspace;
        Plan to = Catalog.next(from);
        double delta = to == null ? from.price().doubleValue() * 0.2
            : to.seatBased() ? (to.price().doubleValue() - from.price().doubleValue()) * seats
            : to.price().doubleValue() - from.price().doubleValue();
        o.amount = money(delta * yearly);
        o.owner = csm;
      }
      default -> {
        o.amount = money(Catalog.plan(2, segmentTier()).price().doubleValue() * yearly);
        o.owner = ae;
      }
    }
    opps.add(o);
    notes.add(new Note(created, o.owner, "discovery_call", switch (type) {
      case SEAT_EXPANSION -> "Discussed giving more teams access; " + Math.round(seatUtilization[created - onboard]
          * seats) + " of " + seats + " seats active";
      case PLAN_UPGRADE -> "Discussed API volume and headroom on the current plan";
      default -> "Discussed insights for reporting on their workspace data";
    }));
  }

  private static BigDecimal money(double v) {
    return BigDecimal.valueOf(v).setScale(2, java.math.RoundingMode.HALF_UP);
  }

  /** Opportunities still running at the end are open; those running at churn are lost at churn. */
  private void closeOpportunities() {
    for (Opp o : opps) {
      if (churnDay <= endDay && o.closed >= churnDay) {
        o.stage = CLOSED_LOST;
        o.closed = churnDay;
      } else if (o.closed > endDay) {
        o.stage = OPEN;
        o.closed = null;
      }
    }
  }

  private void finishUsers() {
    for (User u : users) {
      if (churnDay <= endDay && (u.deactivated == null || u.deactivated > churnDay)) {
        u.deactivated = churnDay;
      }
      if (u.deactivated != null && u.deactivated > endDay) {
        u.deactivated = null;
      }
      if (u.activated != null && u.activated > endDay) {
        u.activated = null;
      }
    }
  }

  /** Monthly recurring revenue of the account in a period, over all products. */
  BigDecimal mrr(Period p) {
    BigDecimal total = p.workspace.mrr(p.seats, discount);
    if (p.api != null) {
      total = total.add(p.api.mrr(0, discount));
    }
    if (p.insights != null) {
      total = total.add(p.insights.mrr(0, discount));
    }
    return total;
  }

  private void newBusinessAndRenewals() {
    if (periods.isEmpty()) {
      return;
    }
    List<Opp> crm = new ArrayList<>();
    if (rnd.nextDouble() < 0.2) {
      Opp lost = new Opp();
      lost.type = NEW_BUSINESS;
      lost.created = onboard - 200 - rnd.nextInt(100);
      lost.closed = lost.created + 30 + rnd.nextInt(30);
      lost.stage = CLOSED_LOST;
      lost.amount = mrr(periods.get(0)).multiply(BigDecimal.valueOf(12));
      lost.owner = ae;
      crm.add(lost);
    }
    Opp nb = new Opp();
    nb.type = NEW_BUSINESS;
    nb.closed = onboard - 3 - rnd.nextInt(13);
    nb.created = nb.closed - 20 - rnd.nextInt(70);
    nb.stage = CLOSED_WON;
    nb.amount = mrr(periods.get(0)).multiply(BigDecimal.valueOf(12));
    nb.owner = ae;
    crm.add(nb);
    LocalDate onboardDate = LocalDate.ofEpochDay(onboard);
    for (int k = 1; ; k++) {
      int anniversary = (int) onboardDate.plusMonths(12L * k).toEpochDay();
      int created = anniversary - 60;
      if (created > endDay || created >= churnDay) {
        break;
      }
      Opp renewal = new Opp();
      renewal.type = RENEWAL;
      renewal.created = created;
      Period current = periodAt(created);
      renewal.amount = mrr(current).multiply(BigDecimal.valueOf(12));
      renewal.owner = segment.equals(ENTERPRISE) ? ae : csm;
      if (churnDay <= anniversary) {
        renewal.stage = CLOSED_LOST;
        renewal.closed = Math.min(churnDay, anniversary - rnd.nextInt(11));
      } else {
        renewal.stage = CLOSED_WON;
        renewal.closed = anniversary - rnd.nextInt(21);
      }
      if (renewal.closed > endDay) {
        renewal.stage = OPEN;
        renewal.closed = null;
      }
      crm.add(renewal);
      notes.add(new Note(created, renewal.owner, "renewal_call", "Renewal kickoff for the contract ending "
          + LocalDate.ofEpochDay(anniversary)));
    }
    crm.addAll(opps);
    crm.sort(java.util.Comparator.comparingInt(o -> o.created));
    opps.clear();
    opps.addAll(crm);
  }

  Period periodAt(int d) {
    Period found = periods.get(0);
    for (Period p : periods) {
      if (p.start <= d) {
        found = p;
      }
    }
    return found;
  }

  // ---------------------------------------------------------------------------------------------------------
  // 4. Gate events: views of higher-tier features, upgrade prompts near the API limit, feature requests.

  private void gateEvents(int d, int t, Period period, Plan workspace, Plan api, Plan insights) {
    Plan nextWs = Catalog.next(workspace);
    if (nextWs != null && rnd.nextDouble() < 0.015 + (breadth[t] >= 0.5 ? 0.04 : 0)) {
      addGate(d, nextWs.features().get(workspace.features().size() + rnd.nextInt(Catalog.FEATURES_PER_TIER)),
          GATED_FEATURE_VIEW);
    }
    if (api != null) {
      int elapsed = d - period.start + 1;
      double pace = period.apiUsage / (double) period.allocation() * (period.end - period.start) / elapsed;
      if (elapsed >= 5 && pace >= 0.75 && rnd.nextDouble() < 0.35) {
        Plan nextApi = Catalog.next(api);
        if (nextApi != null) {
          String feature = nextApi.features().get(api.features().size() + rnd.nextInt(Catalog.FEATURES_PER_TIER));
          addGate(d, feature, rnd.nextDouble() < 0.6 ? UPGRADE_PROMPT_CLICK : GATED_FEATURE_VIEW);
        } else {
          addGate(d, api.features().get(rnd.nextInt(api.features().size())), FEATURE_REQUEST);
        }
      }
    }
    if (insights == null && rnd.nextDouble() < 0.004 + (breadth[t] >= 0.6 ? 0.01 : 0)) {
      addGate(d, Catalog.INSIGHTS_FEATURES.get(rnd.nextInt(Catalog.FEATURES_PER_TIER)), FEATURE_REQUEST);
    }
  }

  private void addGate(int d, String feature, String type) {
    String user = null;
    if (rnd.nextDouble() >= 0.1) {
      List<User> engaged = new ArrayList<>();
      for (User u : users) {
        if (u.engaged && !u.deactivatedBy(d)) {
          engaged.add(u);
        }
      }
      if (!engaged.isEmpty()) {
        user = userId(engaged.get(rnd.nextInt(engaged.size())));
      }
    }
    long second = d * 86_400L + 8 * 3600 + rnd.nextInt(10 * 3600);
    gates.add(new Gate(user, second, feature, type));
  }
}
