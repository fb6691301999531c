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
 * each PReLU layer, the learned slopes of hidden layer 1, 2, ... (one or {@code layers[h]} each).
 * Each hidden layer has its activation and alpha, one for all of them or one per layer. The
 * output layer is linear; its loss ({@link OutputLoss}) makes it a classifier or a regressor.
 *
 * <p>Every activation value and derivative comes from {@link ActivationFunction} /
 * {@link ActivationKernel}; PReLU is {@code leaky_relu} with the slope read from the parameters.
 */
public final class NetworkTopology implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Name of the learned-slope activation, beside the names of {@link ActivationFunction}. */
  public static final String PRELU = "prelu";

  private final int[] layers;
  /** The activation of every hidden layer, or null when each has its own. */
  private final String activationName;
  /** alpha of the activation of every hidden layer; NaN when the layers have their own. */
  private final double uniformAlpha;
  /** Per layer index ({@code 1 .. L-1}): the hidden activation's name. Index 0 and L unused. */
  private final String[] names;
  /** Per hidden layer: its function, null for PReLU. */
  private final ActivationFunction[] functions;
  /** Per hidden layer: alpha of its function, or PReLU's initial slope. */
  private final double[] alphas;
  private final boolean slopePerUnit;
  private final int[] weightOffset;
  private final int[] slopeOffset;
  private final int numAffine;
  private final int numParams;

  /** One activation in every hidden layer. */
  public NetworkTopology(int[] layers, String activationName, double alpha, boolean slopePerUnit) {
    this(layers, activationName, alpha, repeat(activationName, layers.length - 2),
        repeat(alpha, layers.length - 2), slopePerUnit);
  }

  /**
   * An activation per hidden layer, {@code hiddenActivations[h - 1]} for hidden layer {@code h},
   * with its alpha (NaN where the function has none).
   */
  public NetworkTopology(int[] layers, String[] hiddenActivations, double[] alphas, boolean slopePerUnit) {
    this(layers, null, Double.NaN, hiddenActivations, alphas, slopePerUnit);
  }

  private NetworkTopology(int[] layers, String activationName, double uniformAlpha, String[] hidden,
      double[] hiddenAlphas, boolean slopePerUnit) {
    int n = layers.length;
    if (hidden.length != n - 2 || hiddenAlphas.length != n - 2) {
      throw new IllegalArgumentException("layers " + Arrays.toString(layers) + " have " + Math.max(0, n - 2)
          + " hidden layers, but " + hidden.length + " activations and " + hiddenAlphas.length + " alphas are given.");
    }
    this.layers = layers.clone();
    this.activationName = activationName;
    this.uniformAlpha = uniformAlpha;
    this.slopePerUnit = slopePerUnit;
    names = new String[n];
    functions = new ActivationFunction[n];
    alphas = new double[n];
    for (int h = 1; h < n - 1; h++) {
      names[h] = hidden[h - 1];
      functions[h] = PRELU.equals(names[h]) ? null : ActivationFunction.forName(names[h]);
      alphas[h] = hiddenAlphas[h - 1];
    }
    weightOffset = new int[n];
    int off = 0;
    for (int l = 1; l < n; l++) {
      weightOffset[l] = off;
      off += layers[l] * layers[l - 1] + layers[l];
    }
    numAffine = off;
    slopeOffset = new int[n];
    for (int h = 1; h < n - 1; h++) {
      slopeOffset[h] = off;
      off += numSlopes(h);
    }
    numParams = off;
  }

  private static String[] repeat(String value, int n) {
    String[] out = new String[Math.max(n, 0)];
    Arrays.fill(out, value);
    return out;
  }

  private static double[] repeat(double value, int n) {
    double[] out = new double[Math.max(n, 0)];
    Arrays.fill(out, value);
    return out;
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

  /** The activation of every hidden layer; null when the layers have their own ({@link #hiddenActivations()}). */
  public String activationName() {
    return activationName;
  }

  /** Whether one activation (and alpha) serves every hidden layer. */
  public boolean isUniform() {
    return activationName != null;
  }

  /** The alpha of the uniform activation (NaN when it has none); NaN when the layers have their own. */
  public double alpha() {
    return uniformAlpha;
  }

  /** The activation of each hidden layer, first hidden layer first. */
  public String[] hiddenActivations() {
    return Arrays.copyOfRange(names, 1, Math.max(1, layers.length - 1));
  }

  /** The alpha of each hidden layer (NaN where its function has none), first hidden layer first. */
  public double[] hiddenAlphas() {
    return Arrays.copyOfRange(alphas, 1, Math.max(1, layers.length - 1));
  }

  /** The activation of hidden layer {@code h}. */
  public String activationName(int h) {
    return names[h];
  }

  /** Whether hidden layer {@code h} is PReLU (slopes learned). */
  public boolean isPrelu(int h) {
    return h >= 1 && h < layers.length - 1 && functions[h] == null;
  }

  /** Whether some hidden layer is PReLU, so the parameters end with slopes. */
  public boolean hasSlopes() {
    return numParams > numAffine;
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
    return isPrelu(h) ? (slopePerUnit ? layers[h] : 1) : 0;
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
    if (functions[h] != null) {
      functions[h].apply(z, a, units * rows, alphas[h]);
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
    ActivationFunction function = functions[h];
    if (function != null) {
      double alpha = alphas[h];
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

  /**
   * The output layer's values for one input: the classifier's raw prediction (before the
   * softmax), the regressor's prediction.
   */
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
