package sparkactivations.transformers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The kernel against a high-precision table, hand-checked edge values and finite differences. */
class ActivationKernelTest {

  private static final double REL = 1e-14;
  /** Below the normal range a relative bound means nothing; subnormal results agree absolutely. */
  private static final double ABS = 4 * Double.MIN_NORMAL;

  static boolean close(double expected, double actual, double rel) {
    if (Double.isNaN(expected) || Double.isInfinite(expected)) {
      return Double.valueOf(expected).equals(actual);
    }
    return Math.abs(actual - expected) <= rel * Math.abs(expected) + ABS;
  }

  @Test
  void valuesAndDerivativesMatchTheMpmathTable() {
    List<String> failures = new ArrayList<>();
    int checked = 0;
    for (Object[] row : KernelReferenceTable.ROWS) {
      ActivationFunction f = ActivationFunction.forName((String) row[0]);
      double alpha = (Double) row[1];
      double[] values = (double[]) row[2];
      double[] derivatives = (double[]) row[3];
      for (int i = 0; i < KernelReferenceTable.X.length; i++) {
        double x = KernelReferenceTable.X[i];
        double v = f.value(x, alpha);
        double d = f.derivative(x, alpha);
        if (!close(values[i], v, REL)) {
          failures.add(row[0] + "(" + x + ", alpha " + alpha + ") = " + v + ", expected " + values[i]);
        }
        // Derivatives are of order 1 and gelu's crosses zero: there only absolute accuracy means anything.
        if (!close(derivatives[i], d, REL) && !(Math.abs(d - derivatives[i]) <= 1e-15)) {
          failures.add(row[0] + "'(" + x + ", alpha " + alpha + ") = " + d + ", expected " + derivatives[i]);
        }
        checked += 2;
      }
    }
    assertTrue(failures.isEmpty(), failures.size() + " of " + checked + " differ:\n" + String.join("\n", failures));
    assertTrue(checked > 900);
  }

  @Test
  void tableCoversEveryFunction() {
    TreeSet<String> inTable = new TreeSet<>();
    for (Object[] row : KernelReferenceTable.ROWS) {
      inTable.add((String) row[0]);
    }
    assertEquals(new TreeSet<>(Arrays.asList(ActivationFunction.names())), inTable);
  }

  /** Hand-checked special values: function, alpha, then f(NaN), f(+inf), f(-inf), f(-0.0). */
  private static final Object[][] EDGES = {
      {"relu", Double.NaN, Double.NaN, Double.POSITIVE_INFINITY, 0.0, -0.0},
      {"leaky_relu", 0.01, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0},
      {"elu", 1.0, Double.NaN, Double.POSITIVE_INFINITY, -1.0, -0.0},
      {"elu", 0.3, Double.NaN, Double.POSITIVE_INFINITY, -0.3, -0.0},
      {"selu", Double.NaN, Double.NaN, Double.POSITIVE_INFINITY,
          -1.0507009873554804934193349852946 * 1.6732632423543772848170429916717, -0.0},
      {"celu", 2.0, Double.NaN, Double.POSITIVE_INFINITY, -2.0, -0.0},
      // -inf * Phi(-inf) and -inf * sigmoid(-inf) are -inf * 0: NaN, as in PyTorch.
      {"gelu", Double.NaN, Double.NaN, Double.POSITIVE_INFINITY, Double.NaN, -0.0},
      {"silu", Double.NaN, Double.NaN, Double.POSITIVE_INFINITY, Double.NaN, -0.0},
      {"softplus", Double.NaN, Double.NaN, Double.POSITIVE_INFINITY, 0.0, Math.log(2)},
      {"relu6", Double.NaN, Double.NaN, 6.0, 0.0, -0.0},
      {"sigmoid", Double.NaN, Double.NaN, 1.0, 0.0, 0.5},
      {"tanh", Double.NaN, Double.NaN, 1.0, -1.0, -0.0},
  };

  @Test
  void nanInfinityAndSignedZeroBehaveAsInPyTorch() {
    double[] xs = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0};
    for (Object[] e : EDGES) {
      ActivationFunction f = ActivationFunction.forName((String) e[0]);
      double alpha = (Double) e[1];
      for (int i = 0; i < xs.length; i++) {
        double expected = (Double) e[2 + i];
        double actual = f.value(xs[i], alpha);
        // Double.equals: NaN equals NaN, and -0.0 differs from 0.0.
        assertEquals(Double.valueOf(expected), Double.valueOf(actual), e[0] + "(" + xs[i] + ")");
      }
      assertEquals(Double.valueOf(0.0), Double.valueOf(f.value(0.0, alpha) * 0.0), "f(+0.0) finite");
    }
  }

  @Test
  void mapsZeroToZeroIsTrueExactlyForFunctionsWithFOfZeroEqualToZero() {
    for (ActivationFunction f : ActivationFunction.values()) {
      double alpha = f.usesAlpha() ? 0.7 : Double.NaN;
      assertEquals(f.value(0.0, alpha) == 0.0, f.mapsZeroToZero(), f.functionName());
    }
  }

  @Test
  void eluKeepsPrecisionForTinyNegatives() {
    // e^x - 1 = x + x^2/2 + ...; computed naively, exp(-1e-12) - 1 keeps only about 4 digits.
    for (double x : new double[] {-1e-12, -1e-15, -1e-200, -Double.MIN_NORMAL}) {
      double expected = x + x * x / 2;
      assertTrue(close(expected, ActivationKernel.elu(x, 1.0), 1e-15), "elu(" + x + ")");
      assertTrue(close(2 * expected, ActivationKernel.elu(x, 2.0), 1e-15), "elu(" + x + ", 2)");
      assertTrue(close(3 * x, ActivationKernel.celu(3 * x, 3.0), 1e-11), "celu(" + 3 * x + ", 3)");
    }
  }

  @Test
  void derivativesAgreeWithCentralDifferencesAwayFromKinks() {
    Random rnd = new Random(11);
    for (ActivationFunction f : ActivationFunction.values()) {
      double alpha = f.usesAlpha() ? 0.1 + rnd.nextDouble() : Double.NaN;
      for (int i = 0; i < 400; i++) {
        double x = (rnd.nextDouble() - 0.5) * 16;
        if (Math.abs(x) < 1e-3 || Math.abs(x - 6) < 1e-3 || Math.abs(x - 20) < 1e-3) {
          continue;
        }
        double h = 1e-6 * Math.max(1, Math.abs(x));
        double numeric = (f.value(x + h, alpha) - f.value(x - h, alpha)) / (2 * h);
        double analytic = f.derivative(x, alpha);
        assertEquals(numeric, analytic, 1e-6 * Math.max(1, Math.abs(numeric)), f.functionName() + "'(" + x + ")");
      }
    }
  }

  @Test
  void derivativesAtTheKinksArePyTorchs() {
    assertEquals(0.0, ActivationKernel.reluDerivative(0.0));
    assertEquals(0.25, ActivationKernel.leakyReluDerivative(0.0, 0.25));
    assertEquals(0.5, ActivationKernel.eluDerivative(0.0, 0.5));
    assertEquals(0.0, ActivationKernel.relu6Derivative(0.0));
    assertEquals(0.0, ActivationKernel.relu6Derivative(6.0));
    assertEquals(1.0, ActivationKernel.softplusDerivative(20.5));
  }

  @Test
  void arrayLoopEqualsTheScalarFormula() {
    Random rnd = new Random(5);
    double[] in = new double[257];
    for (int i = 0; i < in.length; i++) {
      in[i] = rnd.nextGaussian() * 4;
    }
    in[0] = Double.NaN;
    in[1] = -0.0;
    in[2] = Double.NEGATIVE_INFINITY;
    for (ActivationFunction f : ActivationFunction.values()) {
      double alpha = f.usesAlpha() ? 0.3 : Double.NaN;
      double[] out = new double[in.length];
      f.apply(in, out, in.length, alpha);
      for (int i = 0; i < in.length; i++) {
        assertEquals(Double.valueOf(f.value(in[i], alpha)), Double.valueOf(out[i]), f.functionName() + " at " + i);
      }
      double[] inPlace = in.clone();
      f.apply(inPlace, inPlace, inPlace.length, alpha);
      assertTrue(Arrays.equals(out, inPlace), "in place");
    }
  }

  @Test
  void namesDefaultsAndAlphaChecks() {
    assertEquals(Arrays.asList("relu", "leaky_relu", "elu", "selu", "celu", "gelu", "silu", "softplus",
        "relu6", "sigmoid", "tanh"), Arrays.asList(ActivationFunction.names()));
    assertEquals(0.01, ActivationFunction.LEAKY_RELU.defaultAlpha());
    assertEquals(1.0, ActivationFunction.ELU.defaultAlpha());
    assertEquals(1.0, ActivationFunction.CELU.defaultAlpha());
    assertFalse(ActivationFunction.RELU.usesAlpha());
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> ActivationFunction.forName("swish"));
    for (String name : ActivationFunction.names()) {
      assertTrue(unknown.getMessage().contains(name), unknown.getMessage());
    }
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ActivationFunction.forName("ReLU"))
        .getMessage().contains("'relu'"));
    assertThrows(IllegalArgumentException.class, () -> ActivationFunction.ELU.checkAlpha(Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> ActivationFunction.LEAKY_RELU.checkAlpha(Double.POSITIVE_INFINITY));
    IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
        () -> ActivationFunction.CELU.checkAlpha(0.0));
    assertTrue(zero.getMessage().contains("celu"));
    ActivationFunction.RELU.checkAlpha(Double.NaN);
  }

  @Test
  void geluAgreesWithTheErfFormulaWhereThatFormulaIsAccurate() {
    // Independent check of the erf/erfc evaluation with commons-math's erf on x >= -1, where
    // 1 + erf(x / sqrt 2) has no cancellation.
    Random rnd = new Random(3);
    for (int i = 0; i < 2000; i++) {
      double x = -1 + rnd.nextDouble() * 9;
      double reference = 0.5 * x * (1 + org.apache.commons.math3.special.Erf.erf(x / Math.sqrt(2)));
      if (!close(reference, ActivationKernel.gelu(x), 1e-13)) {
        fail("gelu(" + x + ") = " + ActivationKernel.gelu(x) + ", erf formula " + reference);
      }
    }
  }
}
