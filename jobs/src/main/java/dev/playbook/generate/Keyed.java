package dev.playbook.generate;

/**
 * Deterministic pseudo-random values derived from the seed and a row's keys (SplitMix64 finalizer), so a
 * value depends only on (seed, keys) and never on partitioning or evaluation order.
 */
final class Keyed {
  private Keyed() {}

  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  static long hash(long seed, long a) {
    return mix(mix(seed + GOLDEN) ^ (a + GOLDEN));
  }

  static long hash(long seed, long a, long b) {
    return mix(hash(seed, a) ^ (b * GOLDEN + 0x632BE59BD9B4E019L));
  }

  static long hash(long seed, long a, long b, long c) {
    return mix(hash(seed, a, b) ^ (c * GOLDEN + 0x2545F4914F6CDD1DL));
  }

  static long hash(long seed, long a, long b, long c, long d) {
    return mix(hash(seed, a, b, c) ^ (d * GOLDEN + 0x5851F42D4C957F2DL));
  }

  /** A uniform double in [0, 1) from a hash. */
  static double unit(long h) {
    return (h >>> 11) * 0x1.0p-53;
  }

  /** A standard normal value from a hash (Box-Muller on two halves of a re-mixed hash). */
  static double normal(long h) {
    double u1 = (unit(h) + 1e-12);
    double u2 = unit(mix(h ^ GOLDEN));
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
