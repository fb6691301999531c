package sparkactivations.transformers;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The activation functions by name, with what a stage needs to know of each: its PyTorch
 * counterpart, whether it takes {@code alpha} and its default, and whether it maps 0 to 0 (and so
 * keeps sparse vectors sparse). The formulas themselves are in {@link ActivationKernel}.
 */
public enum ActivationFunction {
  RELU("relu", "torch.nn.ReLU", Double.NaN, true),
  LEAKY_RELU("leaky_relu", "torch.nn.LeakyReLU(negative_slope)", 0.01, true),
  ELU("elu", "torch.nn.ELU(alpha)", 1.0, true),
  SELU("selu", "torch.nn.SELU", Double.NaN, true),
  CELU("celu", "torch.nn.CELU(alpha)", 1.0, true),
  GELU("gelu", "torch.nn.GELU(approximate='none')", Double.NaN, true),
  SILU("silu", "torch.nn.SiLU", Double.NaN, true),
  SOFTPLUS("softplus", "torch.nn.Softplus(beta=1, threshold=20)", Double.NaN, false),
  RELU6("relu6", "torch.nn.ReLU6", Double.NaN, true),
  SIGMOID("sigmoid", "torch.nn.Sigmoid", Double.NaN, false),
  TANH("tanh", "torch.nn.Tanh", Double.NaN, true);

  private final String functionName;
  private final String pytorchName;
  private final double defaultAlpha;
  private final boolean zeroToZero;

  ActivationFunction(String functionName, String pytorchName, double defaultAlpha, boolean zeroToZero) {
    this.functionName = functionName;
    this.pytorchName = pytorchName;
    this.defaultAlpha = defaultAlpha;
    this.zeroToZero = zeroToZero;
  }

  /** The name stages and params use, as in {@code torch.nn.functional} ({@code "leaky_relu"}). */
  public String functionName() {
    return functionName;
  }

  /** The PyTorch module this function matches. */
  public String pytorchName() {
    return pytorchName;
  }

  /** Whether {@code alpha} changes this function (leaky_relu, elu, celu). */
  public boolean usesAlpha() {
    return !Double.isNaN(defaultAlpha);
  }

  /** The default {@code alpha}: PyTorch's default for it; NaN for a function without one. */
  public double defaultAlpha() {
    return defaultAlpha;
  }

  /** Whether {@code f(0) = 0}, so that a sparse vector's unstored zeros stay zero. */
  public boolean mapsZeroToZero() {
    return zeroToZero;
  }

  /** The names of all functions, in declaration order. */
  public static String[] names() {
    return Arrays.stream(values()).map(ActivationFunction::functionName).toArray(String[]::new);
  }

  /** Whether {@code name} is one of {@link #names()}. */
  public static boolean isValidName(String name) {
    return name != null && Arrays.asList(names()).contains(name);
  }

  /**
   * The function named {@code name} (exact, lower case).
   *
   * @throws IllegalArgumentException naming the valid functions when there is none of that name
   */
  public static ActivationFunction forName(String name) {
    for (ActivationFunction f : values()) {
      if (f.functionName.equals(name)) {
        return f;
      }
    }
    String hint = "";
    if (name != null && isValidName(name.toLowerCase(Locale.ROOT))) {
      hint = " (names are lower case: '" + name.toLowerCase(Locale.ROOT) + "')";
    }
    throw new IllegalArgumentException("Unknown activation function '" + name + "'" + hint
        + "; valid functions are: " + Arrays.stream(names()).collect(Collectors.joining(", ")) + ".");
  }

  /**
   * Checks that {@code alpha} suits this function: finite, and non-zero for celu, which divides by it.
   *
   * @throws IllegalArgumentException when it does not
   */
  public void checkAlpha(double alpha) {
    if (!usesAlpha()) {
      return;
    }
    if (Double.isNaN(alpha) || Double.isInfinite(alpha)) {
      throw new IllegalArgumentException("alpha for " + functionName + " must be finite, got " + alpha + ".");
    }
    if (this == CELU && alpha == 0.0) {
      throw new IllegalArgumentException("alpha for celu must not be 0 (celu divides by it).");
    }
  }

  /** {@code f(x)}; {@code alpha} is ignored by functions that do not use it. */
  public double value(double x, double alpha) {
    switch (this) {
      case RELU: return ActivationKernel.relu(x);
      case LEAKY_RELU: return ActivationKernel.leakyRelu(x, alpha);
      case ELU: return ActivationKernel.elu(x, alpha);
      case SELU: return ActivationKernel.selu(x);
      case CELU: return ActivationKernel.celu(x, alpha);
      case GELU: return ActivationKernel.gelu(x);
      case SILU: return ActivationKernel.silu(x);
      case SOFTPLUS: return ActivationKernel.softplus(x);
      case RELU6: return ActivationKernel.relu6(x);
      case SIGMOID: return ActivationKernel.sigmoid(x);
      case TANH: return ActivationKernel.tanh(x);
      default: throw new AssertionError(this);
    }
  }

  /** {@code f'(x)}, as PyTorch's autograd computes it. */
  public double derivative(double x, double alpha) {
    switch (this) {
      case RELU: return ActivationKernel.reluDerivative(x);
      case LEAKY_RELU: return ActivationKernel.leakyReluDerivative(x, alpha);
      case ELU: return ActivationKernel.eluDerivative(x, alpha);
      case SELU: return ActivationKernel.seluDerivative(x);
      case CELU: return ActivationKernel.celuDerivative(x, alpha);
      case GELU: return ActivationKernel.geluDerivative(x);
      case SILU: return ActivationKernel.siluDerivative(x);
      case SOFTPLUS: return ActivationKernel.softplusDerivative(x);
      case RELU6: return ActivationKernel.relu6Derivative(x);
      case SIGMOID: return ActivationKernel.sigmoidDerivative(x);
      case TANH: return ActivationKernel.tanhDerivative(x);
      default: throw new AssertionError(this);
    }
  }

  /**
   * Writes {@code f(in[i])} to {@code out[i]} for {@code i < n} ({@code out} may be {@code in}).
   * Each function has its own loop, so the JIT inlines the formula instead of dispatching per value.
   */
  public void apply(double[] in, double[] out, int n, double alpha) {
    switch (this) {
      case RELU: for (int i = 0; i < n; i++) { out[i] = ActivationKernel.relu(in[i]); } return;
      case LEAKY_RELU: for (int i = 0; i < n; i++) { out[i] = ActivationKernel.leakyRelu(in[i], alpha); } return;
      case ELU: ActivationKernel.elu(in, out, n, alpha); return;
      case SELU: ActivationKernel.selu(in, out, n); return;
      case CELU: ActivationKernel.celu(in, out, n, alpha); return;
      case GELU: for (int i = 0; i < n; i++) { out[i] = ActivationKernel.gelu(in[i]); } return;
      case SILU: for (int i = 0; i < n; i++) { out[i] = ActivationKernel.silu(in[i]); } return;
      case SOFTPLUS: for (int i = 0; i < n; i++) { out[i] = ActivationKernel.softplus(in[i]); } return;
      case RELU6: for (int i = 0; i < n; i++) { out[i] = ActivationKernel.relu6(in[i]); } return;
      case SIGMOID: for (int i = 0; i < n; i++) { out[i] = ActivationKernel.sigmoid(in[i]); } return;
      case TANH: for (int i = 0; i < n; i++) { out[i] = ActivationKernel.tanh(in[i]); } return;
      default: throw new AssertionError(this);
    }
  }
}
