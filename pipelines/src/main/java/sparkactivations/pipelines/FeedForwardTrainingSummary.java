package sparkactivations.pipelines;

import java.io.Serializable;

/**
 * How training went: the objective per iteration, the iterations run and, per hidden layer, the
 * fraction of dead units (units whose output is exactly 0 on every training row).
 */
public final class FeedForwardTrainingSummary implements Serializable {

  private static final long serialVersionUID = 1L;

  private final double[] objectiveHistory;
  private final int totalIterations;
  private final double[] deadUnitFractions;

  FeedForwardTrainingSummary(double[] objectiveHistory, int totalIterations, double[] deadUnitFractions) {
    this.objectiveHistory = objectiveHistory.clone();
    this.totalIterations = totalIterations;
    this.deadUnitFractions = deadUnitFractions.clone();
  }

  /**
   * The objective (mean cross-entropy plus the L2 penalty) at the start and after each iteration,
   * {@link #totalIterations()} + 1 values. With adam, each iteration's value is the loss of its
   * mini-batch, and the last value the loss on all rows.
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
   * on every training row with the final weights: ReLU units that died.
   */
  public double[] deadUnitFractions() {
    return deadUnitFractions.clone();
  }
}
