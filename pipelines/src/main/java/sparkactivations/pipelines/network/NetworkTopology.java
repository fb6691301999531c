package sparkactivations.pipelines.network;

import dev.ludovic.netlib.blas.BLAS;
import java.io.Serializable;
import java.util.Arrays;
import sparkactivations.transformers.ActivationFunction;
import sparkactivations.transformers.ActivationKernel;

/**
 * The shape of a feed-forward network and where each of its parameters lives in the flat
 * parameter vector, plus the per-element activation steps (value, backward) of its hidden layers.
 *
 * <p>Layout of the parameter vector: for each layer {@code l = 1..L} the weight matrix
 * {@code W_l} ({@code layers[l] x layers[l-1]}, column-major) followed by the bias {@code b_l}
 * ({@code layers[l]}), which is MLlib's {@code MultilayerPerceptronClassifier} layout; then, for
 * PReLU only, the learned slopes of hidden layer 1, 2, ... (one or {@code layers[h]} each).
 *
 * <p>Every activation value and derivative comes from {@link ActivationFunction} /
 * {@link ActivationKernel}; PReLU is {@code leaky_relu} with the slope read from the parameters.
 */
public final class NetworkTopology implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Name of the learned-slope activation, beside the names of {@link ActivationFunction}. */
  public static final String PRELU = "prelu";

  private final int[] layers;
  private final String activationName;
  /** The hidden activation; null for PReLU. */
  private final ActivationFunction function;
  /** alpha of the function, or PReLU's initial slope. */
  private final double alpha;
  private final boolean slopePerUnit;
  private final int[] weightOffset;
  private final int[] slopeOffset;
  private final int numAffine;
  private final int numParams;

  public NetworkTopology(int[] layers, String activationName, double alpha, boolean slopePerUnit) {
    this.layers = layers.clone();
    this.activationName = activationName;
    this.function = PRELU.equals(activationName) ? null : ActivationFunction.forName(activationName);
    this.alpha = alpha;
    this.slopePerUnit = slopePerUnit;
    int n = layers.length;
    weightOffset = new int[n];
    int off = 0;
    for (int l = 1; l < n; l++) {
      weightOffset[l] = off;
      off += layers[l] * layers[l - 1] + layers[l];
    }
    numAffine = off;
    slopeOffset = new int[n];
    if (isPrelu()) {
      for (int h = 1; h < n - 1; h++) {
        slopeOffset[h] = off;
        off += slopePerUnit ? layers[h] : 1;
      }
    }
    numParams = off;
  }

  public int[] layers() {
    return layers.clone();
  }

  public int numLayers() {
    return layers.length;
  }

  public int size(int layer) {
    return layers[layer];
  }

  public int inputSize() {
    return layers[0];
  }

  public int outputSize() {
    return layers[layers.length - 1];
  }

  public String activationName() {
    return activationName;
  }

  public double alpha() {
    return alpha;
  }

  public boolean isPrelu() {
    return function == null;
  }

  public boolean slopePerUnit() {
    return slopePerUnit;
  }

  /** Number of weights and biases (MLlib's weight vector size). */
  public int numAffineParams() {
    return numAffine;
  }

  /** Number of parameters: weights, biases and PReLU slopes. */
  public int numParams() {
    return numParams;
  }

  /** Offset of {@code W_l}, column-major {@code layers[l] x layers[l-1]}. */
  public int weightOffset(int layer) {
    return weightOffset[layer];
  }

  /** Offset of {@code b_l}. */
  public int biasOffset(int layer) {
    return weightOffset[layer] + layers[layer] * layers[layer - 1];
  }

  /** Offset of the slopes of hidden layer {@code h} (PReLU only). */
  public int slopeOffset(int h) {
    return slopeOffset[h];
  }

  public int numSlopes(int h) {
    return isPrelu() ? (slopePerUnit ? layers[h] : 1) : 0;
  }

  /** Whether parameter {@code i} is a weight (not a bias or slope): only weights are L2-penalised. */
  public boolean isPenalised(int i) {
    if (i >= numAffine) {
      return false;
    }
    for (int l = layers.length - 1; l >= 1; l--) {
      if (i >= weightOffset[l]) {
        return i < biasOffset(l);
      }
    }
    return false;
  }

  /** {@code a = f(z)} for {@code rows} columns of hidden layer {@code h} (column-major, one column per row). */
  public void activate(int h, double[] z, double[] a, int rows, double[] params) {
    int units = layers[h];
    if (function != null) {
      function.apply(z, a, units * rows, alpha);
      return;
    }
    int base = slopeOffset[h];
    for (int r = 0; r < rows; r++) {
      int col = r * units;
      for (int j = 0; j < units; j++) {
        double slope = params[base + (slopePerUnit ? j : 0)];
        a[col + j] = ActivationKernel.leakyRelu(z[col + j], slope);
      }
    }
  }

  /**
   * Turns {@code e = dLoss/da} into {@code dLoss/dz} in place for hidden layer {@code h}, and for
   * PReLU adds {@code dLoss/dslope} to {@code grad}.
   */
  public void backward(int h, double[] z, double[] e, int rows, double[] params, double[] grad) {
    int units = layers[h];
    int n = units * rows;
    if (function != null) {
      for (int i = 0; i < n; i++) {
        e[i] *= function.derivative(z[i], alpha);
      }
      return;
    }
    int base = slopeOffset[h];
    for (int r = 0; r < rows; r++) {
      int col = r * units;
      for (int j = 0; j < units; j++) {
        int s = base + (slopePerUnit ? j : 0);
        double zz = z[col + j];
        grad[s] += e[col + j] * slopeDerivative(zz);
        e[col + j] *= ActivationKernel.leakyReluDerivative(zz, params[s]);
      }
    }
  }

  /**
   * {@code d leaky_relu(x, a) / da}. leaky_relu is linear in its slope, so the difference of the
   * kernel at slopes 1 and 0 is that derivative exactly: {@code x} for {@code x <= 0}, else 0.
   */
  public static double slopeDerivative(double x) {
    return ActivationKernel.leakyRelu(x, 1.0) - ActivationKernel.leakyRelu(x, 0.0);
  }

  /** The output layer's pre-softmax values for one input (the model's raw prediction). */
  public double[] forward(double[] input, double[] params) {
    BLAS blas = BLAS.getInstance();
    double[] a = input;
    int last = layers.length - 1;
    for (int l = 1; l <= last; l++) {
      int out = layers[l];
      double[] z = Arrays.copyOfRange(params, biasOffset(l), biasOffset(l) + out);
      blas.dgemv("N", out, layers[l - 1], 1.0, params, weightOffset[l], out, a, 0, 1, 1.0, z, 0, 1);
      if (l < last) {
        double[] next = new double[out];
        activate(l, z, next, 1, params);
        a = next;
      } else {
        a = z;
      }
    }
    return a;
  }
}
