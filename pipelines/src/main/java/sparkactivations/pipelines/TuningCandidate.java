package sparkactivations.pipelines;

import java.io.Serializable;
import java.util.Arrays;

/** One candidate of a grid search and the metric it scored. */
public final class TuningCandidate implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String activation;
  private final double alpha;
  private final int[] layers;
  private final double metric;

  TuningCandidate(String activation, double alpha, int[] layers, double metric) {
    this.activation = activation;
    this.alpha = alpha;
    this.layers = layers.clone();
    this.metric = metric;
  }

  /** The activation function's name. */
  public String activation() {
    return activation;
  }

  /** The alpha the function ran with; NaN for functions without one. */
  public double alpha() {
    return alpha;
  }

  /** All layer sizes: input, hidden layers, classes. */
  public int[] layers() {
    return layers.clone();
  }

  /** The hidden layer sizes only. */
  public int[] hiddenLayers() {
    return Arrays.copyOfRange(layers, 1, layers.length - 1);
  }

  /** The metric: mean over folds for cross-validation, else on the validation split. */
  public double metric() {
    return metric;
  }

  @Override
  public String toString() {
    return activation + (Double.isNaN(alpha) ? "" : "(alpha=" + alpha + ")") + " layers=" + Arrays.toString(layers)
        + " metric=" + metric;
  }
}
