package sparkactivations.pipelines.network;

import java.io.Serializable;

/**
 * The loss on the network's linear output layer, per row: softmax cross-entropy for the
 * classifier, squared error or Huber for the regressor (one output unit). Each returns the row's
 * loss times its weight and writes {@code weight * dLoss/dz} for the output values {@code z}.
 */
public abstract class OutputLoss implements Serializable {

  private static final long serialVersionUID = 1L;

  private OutputLoss() {}

  /**
   * The loss of the output values {@code z[col .. col + k)} for {@code label}, times
   * {@code weight}; {@code weight * dLoss/dz} goes to {@code delta[col .. col + k)}.
   */
  public abstract double row(double[] z, double[] delta, int col, int k, double label, double weight);

  /** Softmax over the {@code k} outputs, {@code -log p[label]}; the label is a class index. */
  public static OutputLoss softmaxCrossEntropy() {
    return new SoftmaxCrossEntropy();
  }

  /** {@code (z - y)^2 / 2}, MLlib's {@code LinearRegression} squaredError per row. */
  public static OutputLoss squaredError() {
    return new SquaredError();
  }

  /**
   * Huber's loss of the residual {@code r = z - y}: {@code r^2 / 2} for {@code |r| <= epsilon},
   * else {@code epsilon * |r| - epsilon^2 / 2}.
   */
  public static OutputLoss huber(double epsilon) {
    return new Huber(epsilon);
  }

  private static final class SoftmaxCrossEntropy extends OutputLoss {
    private static final long serialVersionUID = 1L;

    @Override
    public double row(double[] z, double[] delta, int col, int k, double label, double weight) {
      int y = (int) label;
      // logsumexp(z) - z[y], finite for large logits
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < k; j++) {
        max = Math.max(max, z[col + j]);
      }
      double sum = 0.0;
      for (int j = 0; j < k; j++) {
        double e = Math.exp(z[col + j] - max);
        delta[col + j] = e;
        sum += e;
      }
      for (int j = 0; j < k; j++) {
        delta[col + j] = weight * delta[col + j] / sum;
      }
      delta[col + y] -= weight;
      return weight * (Math.log(sum) + max - z[col + y]);
    }
  }

  private static final class SquaredError extends OutputLoss {
    private static final long serialVersionUID = 1L;

    @Override
    public double row(double[] z, double[] delta, int col, int k, double label, double weight) {
      double r = z[col] - label;
      delta[col] = weight * r;
      return weight * 0.5 * r * r;
    }
  }

  private static final class Huber extends OutputLoss {
    private static final long serialVersionUID = 1L;
    private final double epsilon;

    Huber(double epsilon) {
      this.epsilon = epsilon;
    }

    @Override
    public double row(double[] z, double[] delta, int col, int k, double label, double weight) {
      double r = z[col] - label;
      if (Math.abs(r) <= epsilon) {
        delta[col] = weight * r;
        return weight * 0.5 * r * r;
      }
      delta[col] = weight * epsilon * Math.signum(r);
      return weight * (epsilon * Math.abs(r) - 0.5 * epsilon * epsilon);
    }
  }
}
