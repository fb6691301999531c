package sparkactivations.examples;

/** One line of a {@link NetworkBenchmark} table. */
public final class BenchmarkRow {

  /** {@code "mllib-mlp"} or the activation of FeedForwardClassifier. */
  public final String model;
  /** The iteration budget (digits table) or the number of rows (scaling table). */
  public final int size;
  /** Mean test accuracy over the seeds; NaN in the scaling table. */
  public final double accuracy;
  /** Mean training time, seconds. */
  public final double trainSeconds;
  /** Mean training time divided by the iterations run, milliseconds. */
  public final double msPerIteration;
  /** Mean number of iterations run. */
  public final double iterations;

  BenchmarkRow(String model, int size, double accuracy, double trainSeconds, double msPerIteration, double iterations) {
    this.model = model;
    this.size = size;
    this.accuracy = accuracy;
    this.trainSeconds = trainSeconds;
    this.msPerIteration = msPerIteration;
    this.iterations = iterations;
  }
}
