package sparkactivations.pipelines.optim;

/** A function to minimise, with its gradient. */
public interface DifferentiableObjective {

  /**
   * The value at {@code x}, its gradient written to {@code grad}. {@code draw} picks a mini-batch
   * ({@code draw >= 0}) or the whole data ({@code draw < 0}).
   */
  double evaluate(double[] x, long draw, double[] grad);
}
