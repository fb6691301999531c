package sparkactivations.examples;

/** One line of a {@link NetworkBenchmark} table. */
public final class BenchmarkRow {

  /** {@code "mllib-mlp"} or the activation of FeedForwardClassifier; in the regression table, the regressor. */
  public final String model;
  /** The iteration budget (digits table) or the number of training rows (scaling and regression tables). */
  public final int size;
  /** Mean test accuracy over the seeds; NaN in the scaling table; test RMSE in the regression table. */
  public final double accuracy;
  /** Mean training time, seconds. */
  public final double trainSeconds;
  /** Mean training time divided by the iterations run, milliseconds. */
  public final double msPerIteration;
  /** Mean number of iterations run. */
  public final double iterations;
  /**
   * Scaling table: the cost of one more iteration, milliseconds: the time difference between a
   * long and a {@value NetworkBenchmark#SHORT_FIT}-iteration fit over their difference in
   * iterations, so the one-off work of a fit (stacking, caching, summary) drops out. NaN on digits.
   */
  public final double marginalMsPerIteration;

  BenchmarkRow(String model, int size, double accuracy, double trainSeconds, double msPerIteration, double iterations) {
    this(model, size, accuracy, trainSeconds, msPerIteration, iterations, Double.NaN);
  }

  BenchmarkRow(String model, int size, double accuracy, double trainSeconds, double msPerIteration, double iterations,
      double marginalMsPerIteration) {
    this.marginalMsPerIteration = marginalMsPerIteration;
    this.model = model;
    this.size = size;
    this.accuracy = accuracy;
    this.trainSeconds = trainSeconds;
    this.msPerIteration = msPerIteration;
    this.iterations = iterations;
  }
}
