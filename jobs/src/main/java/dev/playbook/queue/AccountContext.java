package dev.playbook.queue;

import static dev.playbook.contract.Col.*;
import static dev.playbook.queue.QueueColumns.*;
import static org.apache.spark.sql.functions.*;

import java.sql.Date;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What the queue needs to know about each account besides its signals, point-in-time at the as-of date:
 * owners and champion, the plans it is on and whether a higher one exists, the products it does not own,
 * and whether a new division has just joined. One row per account onboarded on or before the date.
 *
 * <p>Cost: a few small aggregations of accounts, subscriptions, plans and users (no activity facts).
 */
public final class AccountContext {
  private AccountContext() {}

  public static Dataset<Row> accountContext(Dataset<Row> accounts, Dataset<Row> subscriptions, Dataset<Row> plans,
      Dataset<Row> users, LocalDate asOf, int newDivisionDays) {
    Inputs.require(accounts, "accounts", ACCOUNT_ID, ACCOUNT_NAME, CSM_OWNER, AE_OWNER, CHAMPION_NAME,
        CHAMPION_TITLE, ONBOARDED_ON);
    Inputs.require(subscriptions, "subscriptions", ACCOUNT_ID, PRODUCT_ID, PLAN_ID, PERIOD_START, PERIOD_END);
    Inputs.require(plans, "plans", PLAN_ID, PRODUCT_ID, NEXT_PLAN_ID);
    Inputs.require(users, "users", ACCOUNT_ID, DEPARTMENT, ACTIVATED_ON, DEACTIVATED_ON);
    Column d = lit(Date.valueOf(asOf));

    // 1. Accounts that exist at the date.
    //    The CRM ids and email addresses are optional contract columns (null when a staged table predates them).
    java.util.List<String> have = java.util.Arrays.asList(accounts.columns());
    Column[] optional = java.util.stream.Stream.of(CRM_ACCOUNT_ID, CSM_OWNER_CRM_ID, AE_OWNER_CRM_ID, ADMIN_EMAIL,
        CHAMPION_EMAIL).map(c -> (have.contains(c) ? col(c) : lit(null).cast("string")).as(c)).toArray(Column[]::new);
    Dataset<Row> acc = accounts.filter(col(ONBOARDED_ON).leq(d)).select(col(ACCOUNT_ID), col(ACCOUNT_NAME),
        col(CSM_OWNER), col(AE_OWNER), col(CHAMPION_NAME), col(CHAMPION_TITLE), col(ONBOARDED_ON), optional[0],
        optional[1], optional[2], optional[3], optional[4]);

    // 2. Subscriptions current at the date, with the plan's successor.
    Dataset<Row> current = subscriptions
        .filter(col(PERIOD_START).leq(d).and(col(PERIOD_END).gt(d)))
        .select(col(ACCOUNT_ID), col(PRODUCT_ID), col(PLAN_ID))
        .join(plans.select(col(PLAN_ID), col(NEXT_PLAN_ID)), PLAN_ID)
        .groupBy(ACCOUNT_ID)
        .agg(sort_array(collect_set(col(PLAN_ID))).as(CURRENT_PLANS),
            sort_array(collect_set(col(NEXT_PLAN_ID))).as(NEXT_PLANS),
            sort_array(collect_set(col(PRODUCT_ID))).as(PRODUCTS_OWNED));

    // 3. Products in the catalogue.
    Dataset<Row> catalogue = plans.agg(sort_array(collect_set(col(PRODUCT_ID))).as("all_products"));

    // 4. New division: a department whose first active user was activated within the last N days, in an
    //    account that already had active users before.
    Column since = date_sub(d, newDivisionDays);
    Dataset<Row> divisions = users
        .filter(col(ACTIVATED_ON).leq(d).and(col(DEACTIVATED_ON).isNull().or(col(DEACTIVATED_ON).gt(d))))
        .groupBy(col(ACCOUNT_ID), coalesce(col(DEPARTMENT), lit("(none)")).as(DEPARTMENT))
        .agg(min(col(ACTIVATED_ON)).as("first_activated"))
        .groupBy(ACCOUNT_ID)
        .agg(max(col("first_activated").gt(since).and(col(DEPARTMENT).notEqual("(none)")).cast("int")).as("recent"),
            min(col("first_activated")).as("earliest"))
        .select(col(ACCOUNT_ID), col("recent").equalTo(1).and(col("earliest").leq(since)).as(NEW_DIVISION));

    Column owned = coalesce(col(PRODUCTS_OWNED), array().cast("array<string>"));
    return acc.join(current, ACCOUNT_ID, "left")
        .join(divisions, ACCOUNT_ID, "left")
        .crossJoin(catalogue)
        .select(col(ACCOUNT_ID), col(ACCOUNT_NAME), col(CSM_OWNER), col(AE_OWNER), col(CHAMPION_NAME),
            col(CHAMPION_TITLE), col(ONBOARDED_ON), col(CRM_ACCOUNT_ID), col(CSM_OWNER_CRM_ID), col(AE_OWNER_CRM_ID),
            col(ADMIN_EMAIL), col(CHAMPION_EMAIL),
            coalesce(col(CURRENT_PLANS), array().cast("array<string>")).as(CURRENT_PLANS),
            coalesce(col(NEXT_PLANS), array().cast("array<string>")).as(NEXT_PLANS),
            coalesce(size(col(NEXT_PLANS)), lit(0)).gt(0).as(NEXT_PLAN_EXISTS),
            owned.as(PRODUCTS_OWNED),
            array_except(col("all_products"), owned).as(PRODUCTS_NOT_OWNED),
            size(array_except(col("all_products"), owned)).gt(0).as(PRODUCT_NOT_OWNED),
            coalesce(col(NEW_DIVISION), lit(false)).as(NEW_DIVISION));
  }
}
