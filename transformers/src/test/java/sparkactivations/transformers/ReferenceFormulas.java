package sparkactivations.transformers;

import java.util.HashMap;
import java.util.Map;
import java.util.function.DoubleBinaryOperator;
import org.apache.commons.math3.special.Erf;

/**
 * The activations written out again, from their textbook definitions and PyTorch's constants,
 * in the plainest form (no expm1, commons-math's erf): the reference the stage tests compare to.
 * Accurate to about 1e-12 on |x| < 10, which is where the tests use them.
 */
public final class ReferenceFormulas {

  private ReferenceFormulas() {}

  static final double SELU_ALPHA = 1.6732632423543772848170429916717;
  static final double SELU_SCALE = 1.0507009873554804934193349852946;

  private static final Map<String, DoubleBinaryOperator> FORMULAS = new HashMap<>();

  static {
    FORMULAS.put("relu", (x, a) -> Math.max(x, 0));
    FORMULAS.put("leaky_relu", (x, a) -> x >= 0 ? x : a * x);
    FORMULAS.put("elu", (x, a) -> x > 0 ? x : a * (Math.exp(x) - 1));
    FORMULAS.put("selu", (x, a) -> SELU_SCALE * (Math.max(0, x) + Math.min(0, SELU_ALPHA * (Math.exp(x) - 1))));
    FORMULAS.put("celu", (x, a) -> Math.max(0, x) + Math.min(0, a * (Math.exp(x / a) - 1)));
    FORMULAS.put("gelu", (x, a) -> 0.5 * x * (1 + Erf.erf(x / Math.sqrt(2))));
    FORMULAS.put("silu", (x, a) -> x / (1 + Math.exp(-x)));
    FORMULAS.put("softplus", (x, a) -> x > 20 ? x : Math.log(1 + Math.exp(x)));
    FORMULAS.put("relu6", (x, a) -> Math.min(Math.max(0, x), 6));
    FORMULAS.put("sigmoid", (x, a) -> 1 / (1 + Math.exp(-x)));
    FORMULAS.put("tanh", (x, a) -> Math.sinh(x) / Math.cosh(x));
  }

  public static double value(String function, double x, double alpha) {
    DoubleBinaryOperator f = FORMULAS.get(function);
    if (f == null) {
      throw new IllegalArgumentException("no reference formula for " + function);
    }
    return f.applyAsDouble(x, alpha);
  }

  /** Within 1e-12 relative or 1e-14 absolute (the plain formulas lose digits near 0). */
  public static boolean agrees(double reference, double actual) {
    if (Double.isNaN(reference)) {
      return Double.isNaN(actual);
    }
    return Math.abs(reference - actual) <= 1e-12 * Math.abs(reference) + 1e-14;
  }

  static int size() {
    return FORMULAS.size();
  }
}
