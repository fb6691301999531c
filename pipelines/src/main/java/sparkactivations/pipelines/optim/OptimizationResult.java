package sparkactivations.pipelines.optim;

/** Where a minimiser stopped: the parameters, the objective per iteration, the iterations run. */
public final class OptimizationResult {

  public final double[] x;
  /** The objective at the start and after each iteration. */
  public final double[] objectiveHistory;
  public final int iterations;

  public OptimizationResult(double[] x, double[] objectiveHistory, int iterations) {
    this.x = x;
    this.objectiveHistory = objectiveHistory;
    this.iterations = iterations;
  }
}
