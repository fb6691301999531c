package sparkactivations.pipelines;

/** Where a minimiser stopped: the parameters, the objective per iteration, the iterations run. */
final class OptimizationResult {

  final double[] x;
  /** The objective at the start and after each iteration. */
  final double[] objectiveHistory;
  final int iterations;

  OptimizationResult(double[] x, double[] objectiveHistory, int iterations) {
    this.x = x;
    this.objectiveHistory = objectiveHistory;
    this.iterations = iterations;
  }
}
