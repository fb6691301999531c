package sparkactivations.pipelines;

import java.io.Serializable;

/**
 * How training went: the objective per iteration, the iterations run, the held-out validation
 * loss per iteration and the iteration whose weights the model keeps (with
 * {@code validationIndicatorCol}) and, per hidden layer, the fraction of dead units (units whose
 * output is exactly 0 on every training row).
 */
public final class FeedForwardTrainingSummary implements Serializable {

  private static final long serialVersionUID = 2L;

  private final double[] objectiveHistory;
  private final int totalIterations;
  private final double[] deadUnitFractions;
  private final double[] validationLossHistory;
  private final int bestIteration;

  FeedForwardTrainingSummary(double[] objectiveHistory, int totalIterations, double[] deadUnitFractions,
      double[] validationLossHistory, int bestIteration) {
    this.objectiveHistory = objectiveHistory.clone();
    this.totalIterations = totalIterations;
    this.deadUnitFractions = deadUnitFractions.clone();
    this.validationLossHistory = validationLossHistory.clone();
    this.bestIteration = bestIteration;
  }

  /**
   * The training objective (weighted mean loss on the training rows plus the L2 penalty) at the
   * start and after each iteration, {@link #totalIterations()} + 1 values. With adam, each
   * iteration's value is the loss of its mini-batch, and the last value the loss on all rows.
   */
  public double[] objectiveHistory() {
    return objectiveHistory.clone();
  }

  /** Number of optimiser iterations run. */
  public int totalIterations() {
    return totalIterations;
  }

  /**
   * Per hidden layer (first hidden layer first), the fraction of its units that output exactly 0
   * on every training row with the model's weights: ReLU units that died.
   */
  public double[] deadUnitFractions() {
    return deadUnitFractions.clone();
  }

  /**
   * The weighted mean loss (no penalty) on the held-out rows of {@code validationIndicatorCol} at
   * the start and after each iteration, {@link #totalIterations()} + 1 values; empty without
   * held-out rows.
   */
  public double[] validationLossHistory() {
    return validationLossHistory.clone();
  }

  /**
   * The iteration whose weights the model holds: the one of the lowest validation loss with
   * held-out rows (0 for the initial weights), else the last one ({@link #totalIterations()}).
   */
  public int bestIteration() {
    return bestIteration;
  }
}
