package dev.playbook.recalibrate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.playbook.config.RecalibrateConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The permutation p-value against an exact enumeration, and Benjamini–Hochberg against hand-computed values. */
class SearchPermutationTest {
  /** net ARR, a fire costs 20% of a win, no floor, at least 2 fires and 1 conversion, nothing kept within. */
  private static final RecalibrateConfig.Objective OBJ =
      new RecalibrateConfig.Objective("net_arr", 0.20, 0.0, 1e9, 2, 1, 0.0);

  /**
   * Eight rows, one per grid cutoff 1..8 (row i fires at cutoffs ≤ value i, no previous_max); rows 6, 7 and 8
   * converted, 1,000 each; current cutoff 9 (on the grid, fires on nobody: one stratum).
   */
  private static SearchPermutation.Signal eightRows() {
    double[] grid = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    int n = 8;
    int[] lo = new int[n];
    int[] hi = new int[n];
    long[] rows = new long[n];
    for (int g = 0; g < n; g++) {
      lo[g] = -1;
      hi[g] = g;
      rows[g] = 1;
    }
    return new SearchPermutation.Signal("s", grid, 1, n, n, 3, 1, 8, lo, hi, rows, new int[] {5, 6, 7},
        new double[] {1000, 1000, 1000});
  }

  @Test
  void pValueMatchesTheExactEnumerationOfAllRelabellings() {
    SearchPermutation.Signal s = eightRows();
    double observed = SearchPermutation.observedGain(s, 9.0, OBJ);
    // best: cutoff 6 fires rows 6..8, all won: 3000 − 0.2·1000·3 = 2400; current 9 fires nobody (0)
    assertEquals(2400.0, observed, 1e-9);
    // Exact: every choice of 3 converted rows out of 8 (C(8,3) = 56), the search rerun on each.
    int atLeast = 0;
    int total = 0;
    for (int a = 0; a < 8; a++) {
      for (int b = a + 1; b < 8; b++) {
        for (int c = b + 1; c < 8; c++) {
          long[] conv = new long[8];
          double[] won = new double[8];
          for (int g : new int[] {a, b, c}) {
            conv[g] = 1;
            won[g] = 1000;
          }
          total++;
          if (SearchPermutation.gain(SearchPermutation.sweep(s, conv, won), 9.0, OBJ) >= observed - 1e-9) {
            atLeast++;
          }
        }
      }
    }
    assertEquals(56, total);
    assertEquals(1, atLeast, "only the observed labelling reaches 2400");
    double p = SearchPermutation.pValue(s, 9.0, OBJ, 19_999, 5L);
    assertEquals(1.0 / 56, p, 0.003, "Monte Carlo p within ~3 standard errors of the exact 1/56");
    assertEquals(p, SearchPermutation.pValue(s, 9.0, OBJ, 19_999, 5L), 0.0, "the same seed, the same p");
  }

  @Test
  void theCurrentCutoffsFiresKeepTheirLabels() {
    // current cutoff 6: rows 6..8 fire and hold all 3 conversions; relabelling within the two strata leaves
    // them there, so no relabelling can beat the observed labelling's gain of 0 (the best is the current).
    SearchPermutation.Signal s = eightRows();
    List<SweepPoint> observed = SearchPermutation.sweep(s, new long[] {0, 0, 0, 0, 0, 1, 1, 1},
        new double[] {0, 0, 0, 0, 0, 1000, 1000, 1000});
    assertEquals(3, observed.get(5).fires());
    assertEquals(3, observed.get(5).conversions());
    assertEquals(2400.0, Recommender.objectivePerWeek(observed.get(5), OBJ), 1e-9);
    assertEquals(1.0, SearchPermutation.pValue(s, 6.0, OBJ, 999, 5L), 0.0,
        "every relabelling reproduces the current cutoff's fires exactly: gain 0 ≥ 0 each time");
  }

  @Test
  void benjaminiHochbergAdjustsByRank() {
    // ascending 0.01, 0.02, 0.03, 0.5: ·4/1 = 0.04, ·4/2 = 0.04, ·4/3 = 0.04, ·4/4 = 0.5
    assertArrayEquals(new double[] {0.5, 0.04, 0.04, 0.04},
        SearchPermutation.benjaminiHochberg(new double[] {0.5, 0.03, 0.01, 0.02}), 1e-12);
    // step-up: 0.04·3/2 = 0.06 is lowered to the 0.05 of the rank above it (0.05·3/3)
    assertArrayEquals(new double[] {0.03, 0.05, 0.05},
        SearchPermutation.benjaminiHochberg(new double[] {0.01, 0.04, 0.05}), 1e-12);
    assertArrayEquals(new double[] {1.0}, SearchPermutation.benjaminiHochberg(new double[] {1.0}), 0.0);
    List<Double> none = new ArrayList<>();
    assertEquals(0, SearchPermutation.benjaminiHochberg(none.stream().mapToDouble(d -> d).toArray()).length);
  }
}
