package dev.playbook.contract;

import static dev.playbook.contract.Col.*;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The input contract of ../shared/SPEC.md: one constant per logical table, with its schema (nullability
 * written out), its key and the column that dates each row for point-in-time reads.
 *
 * <p>The table and column names are fixed: other data is mapped onto them.
 */
public enum InputTable {
  ACCOUNTS("one row per account", true, List.of(ACCOUNT_ID), ONBOARDED_ON,
      req(ACCOUNT_ID, str()), opt(ACCOUNT_NAME, str()), req(SEGMENT, str()), req(IS_STRATEGIC, bool()),
      req(ONBOARDED_ON, date()), opt(CSM_OWNER, str()), opt(AE_OWNER, str()), opt(CHAMPION_NAME, str()),
      opt(CHAMPION_TITLE, str()), opt(REGION, str()), opt(CRM_ACCOUNT_ID, str()), opt(CSM_OWNER_CRM_ID, str()),
      opt(AE_OWNER_CRM_ID, str()), opt(ADMIN_EMAIL, str()), opt(CHAMPION_EMAIL, str())),
  PLANS("one row per plan", true, List.of(PLAN_ID), null,
      req(PLAN_ID, str()), req(PRODUCT_ID, str()), req(TIER_RANK, integer()), opt(USAGE_LIMIT, bigint()),
      opt(NEXT_PLAN_ID, str())),
  PLAN_FEATURES("one row per plan and feature", true, List.of(PLAN_ID, FEATURE_KEY), null,
      req(PLAN_ID, str()), req(FEATURE_KEY, str())),
  SUBSCRIPTIONS("one row per account, product and billing period", true,
      List.of(ACCOUNT_ID, PRODUCT_ID, PERIOD_START), PERIOD_START,
      req(ACCOUNT_ID, str()), req(PRODUCT_ID, str()), req(PLAN_ID, str()), req(PERIOD_START, date()),
      req(PERIOD_END, date()), opt(SEATS_PURCHASED, integer()), opt(USAGE_LIMIT, bigint()), req(MRR, money()),
      opt(CONTRACT_END, date())),
  USERS("one row per user", true, List.of(USER_ID), INVITED_ON,
      req(USER_ID, str()), req(ACCOUNT_ID, str()), opt(DEPARTMENT, str()), opt(INVITED_ON, date()),
      opt(ACTIVATED_ON, date()), opt(DEACTIVATED_ON, date()), opt(EMAIL, str())),
  USER_ACTIVITY_DAILY("one row per user, day, product and feature", true,
      List.of(USER_ID, ACTIVITY_DATE, PRODUCT_ID, FEATURE_KEY), ACTIVITY_DATE,
      req(ACCOUNT_ID, str()), req(USER_ID, str()), req(ACTIVITY_DATE, date()), req(PRODUCT_ID, str()),
      req(FEATURE_KEY, str()), req(EVENT_COUNT, integer())),
  API_USAGE_DAILY("one row per account, product and day", true, List.of(ACCOUNT_ID, PRODUCT_ID, USAGE_DATE),
      USAGE_DATE,
      req(ACCOUNT_ID, str()), req(PRODUCT_ID, str()), req(USAGE_DATE, date()), req(API_CALLS, bigint())),
  GATE_EVENTS("one row per feature-gate event", true, List.of(), EVENT_TS,
      req(ACCOUNT_ID, str()), opt(USER_ID, str()), req(EVENT_TS, timestamp()), req(FEATURE_KEY, str()),
      req(EVENT_TYPE, str())),
  OPPORTUNITIES("one row per CRM opportunity", true, List.of(OPPORTUNITY_ID), CREATED_ON,
      req(OPPORTUNITY_ID, str()), req(ACCOUNT_ID, str()), req(OPPORTUNITY_TYPE, str()), req(CREATED_ON, date()),
      opt(CLOSED_ON, date()), req(STAGE, str()), opt(AMOUNT_ARR, money()), opt(OWNER, str()),
      opt(SOURCE_SIGNAL, str())),
  ACTIVITIES("one row per logged conversation", false, List.of(), ACTIVITY_DATE,
      req(ACCOUNT_ID, str()), req(ACTIVITY_DATE, date()), opt(OWNER, str()), opt(KIND, str()),
      opt(SUMMARY, str()));

  public static final DecimalType MONEY = DataTypes.createDecimalType(18, 2);

  private final String grain;
  private final boolean required;
  private final List<String> key;
  private final String dateColumn;
  private final StructType schema;

  InputTable(String grain, boolean required, List<String> key, String dateColumn, StructField... fields) {
    this.grain = grain;
    this.required = required;
    this.key = key;
    this.dateColumn = dateColumn;
    this.schema = new StructType(fields);
  }

  /** The contract name, e.g. {@code user_activity_daily}. */
  public String tableName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String grain() {
    return grain;
  }

  /**
   * Whether the pipeline refuses to run without this table's source (only {@code activities} may be absent: staged
   * empty). Whether a source that exists may be empty is the shrink guard's rule ({@code ShrinkGuard.emptyRule}).
   */
  public boolean required() {
    return required;
  }

  /** Columns that identify one row; empty when the table has no natural key. */
  public List<String> key() {
    return key;
  }

  /** The column that dates a row for point-in-time reads; null for reference tables (plans). */
  public String dateColumn() {
    return dateColumn;
  }

  public StructType schema() {
    return schema;
  }

  public static InputTable byName(String name) {
    return Arrays.stream(values())
        .filter(t -> t.tableName().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("Unknown contract table '" + name + "'; expected one of "
            + Arrays.stream(values()).map(InputTable::tableName).toList()));
  }

  private static StructField req(String name, DataType type) {
    return new StructField(name, type, false, Metadata.empty());
  }

  private static StructField opt(String name, DataType type) {
    return new StructField(name, type, true, Metadata.empty());
  }

  private static DataType str() {
    return DataTypes.StringType;
  }

  private static DataType bool() {
    return DataTypes.BooleanType;
  }

  private static DataType date() {
    return DataTypes.DateType;
  }

  private static DataType timestamp() {
    return DataTypes.TimestampType;
  }

  private static DataType integer() {
    return DataTypes.IntegerType;
  }

  private static DataType bigint() {
    return DataTypes.LongType;
  }

  private static DataType money() {
    // Not MONEY: the enum constants are built before the static fields below them are initialized.
    return DataTypes.createDecimalType(18, 2);
  }
}
