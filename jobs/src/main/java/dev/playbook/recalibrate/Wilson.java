package dev.playbook.recalibrate;

import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;

/**
 * The Wilson score interval for a conversion rate: k conversions out of n fires, 95% (z = 1.96).
 *
 * <pre>
 *   p = k / n
 *   centre    = (p + z²/(2n)) / (1 + z²/n)
 *   halfWidth = z / (1 + z²/n) · sqrt(p(1 − p)/n + z²/(4n²))
 *   interval  = [centre − halfWidth, centre + halfWidth]
 * </pre>
 *
 * Unlike the normal approximation it stays inside [0, 1] and is sensible at k = 0 or k = n and small n.
 * n = 0 gives no interval (null).
 */
public final class Wilson {
  private Wilson() {}

  public static final double Z95 = 1.959963984540054;

  /** {low, high} for k of n; null when n is 0. */
  public static double[] interval(long k, long n) {
    if (n <= 0) {
      return null;
    }
    double p = (double) k / n;
    double z2 = Z95 * Z95;
    double denom = 1 + z2 / n;
    double centre = (p + z2 / (2.0 * n)) / denom;
    double half = Z95 / denom * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
    return new double[] {Math.max(0.0, centre - half), Math.min(1.0, centre + half)};
  }

  /** The lower bound as a column expression over count columns {@code k} and {@code n}. */
  public static Column low(Column k, Column n) {
    return bound(k, n, -1);
  }

  /** The upper bound as a column expression over count columns {@code k} and {@code n}. */
  public static Column high(Column k, Column n) {
    return bound(k, n, +1);
  }

  private static Column bound(Column k, Column n, int sign) {
    Column nd = n.cast("double");
    Column p = k.cast("double").divide(nd);
    double z2 = Z95 * Z95;
    Column denom = lit(1.0).plus(lit(z2).divide(nd));
    Column centre = p.plus(lit(z2).divide(nd.multiply(2.0))).divide(denom);
    Column half = lit(Z95).divide(denom).multiply(sqrt(
        p.multiply(lit(1.0).minus(p)).divide(nd).plus(lit(z2).divide(nd.multiply(nd).multiply(4.0)))));
    Column raw = sign < 0 ? centre.minus(half) : centre.plus(half);
    Column clipped = sign < 0 ? greatest(raw, lit(0.0)) : least(raw, lit(1.0));
    return when(n.gt(0), clipped);
  }
}
