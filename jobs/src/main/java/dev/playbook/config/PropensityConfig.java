package dev.playbook.config;

import java.util.List;

/**
 * The {@code propensity} section of conf/playbook.yaml: the learned propensity model per expansion type
 * (docs/PROPENSITY.md), trained by the {@code propensity} job on recalibration's labelled history and its
 * evaluation dates. Every key is documented next to its default in conf/playbook.yaml.
 *
 * @param useInQueue whether the daily queue may score its items with the saved model; it does only for a type
 *     whose latest model beat the rule-based priority on its holdout
 * @param model {@code logistic} (default; regularised logistic regression, whose coefficients give each item's
 *     top contributions) or {@code gbt} (gradient-boosted trees; no per-item contributions)
 * @param regParam logistic: regularisation strength λ
 * @param elasticNetParam logistic: the L1 share α of the penalty (0 = ridge, 1 = lasso)
 * @param maxIter logistic: iterations of the optimiser
 * @param gbt the gradient-boosted trees' settings
 * @param calibrationBins equal-width bins of predicted probability in the calibration table
 * @param bootstrap the resampling of holdout accounts behind every interval
 * @param minTrainingPositives fewest converted training rows a type needs to train a model
 */
public record PropensityConfig(
    boolean useInQueue,
    String model,
    double regParam,
    double elasticNetParam,
    int maxIter,
    Gbt gbt,
    int calibrationBins,
    Bootstrap bootstrap,
    int minTrainingPositives) {

  public static final String LOGISTIC = "logistic";
  public static final String GBT = "gbt";

  public PropensityConfig {
    Require.oneOf("model", model, List.of(LOGISTIC, GBT));
    Require.between("reg_param", regParam, 0.0, 1e6);
    Require.between("elastic_net_param", elasticNetParam, 0.0, 1.0);
    Require.between("max_iter", maxIter, 1, 100_000);
    Require.present("gbt", gbt);
    Require.between("calibration_bins", calibrationBins, 2, 1_000);
    Require.present("bootstrap", bootstrap);
    Require.between("min_training_positives", minTrainingPositives, 1, Integer.MAX_VALUE);
  }

  /**
   * @param maxIter boosting rounds
   * @param maxDepth depth of each tree
   * @param stepSize learning rate
   */
  public record Gbt(int maxIter, int maxDepth, double stepSize) {
    public Gbt {
      Require.between("gbt.max_iter", maxIter, 1, 10_000);
      Require.between("gbt.max_depth", maxDepth, 1, 30);
      Require.between("gbt.step_size", stepSize, 1e-6, 1.0);
    }
  }

  /**
   * @param resamples bootstrap resamples of the holdout's accounts (an account's rows stay together)
   * @param seed the resampling's seed (fixed: the same holdout gives the same intervals)
   */
  public record Bootstrap(int resamples, long seed) {
    public Bootstrap {
      Require.between("bootstrap.resamples", resamples, 19, 100_000);
    }
  }
}
