package sparkactivations.transformers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** The kernel against a high-precision table, hand-checked edge values and finite differences. */
class ActivationKernelTest {

  /**
   * Largest error allowed against the table, in ulps of its (correctly rounded) value: the
   * largest error accuracy_sweep.py measured against the exact value over a million points per
   * function (reference/accuracy-sweep.md), plus the half ulp of the table's own rounding,
   * rounded up. 2^-1074 is the ulp in the subnormal range.
   */
  private static final Map<String, Double> ULPS = new HashMap<>();

  static {
    for (String f : new String[] {"relu", "relu6"}) {
      ULPS.put(f, 0.0);
    }
    ULPS.put("leaky_relu", 1.0);
    ULPS.put("elu", 2.0);
    ULPS.put("celu", 2.0);
    ULPS.put("softplus", 3.0);
    ULPS.put("selu", 4.0);
    ULPS.put("sigmoid", 4.0);
    ULPS.put("tanh", 4.0);
    ULPS.put("silu", 5.0);
    ULPS.put("gelu", 6.0);
  }

  /** One row of reference/kernel-reference.csv.gz (accuracy_sweep.py, mpmath at 50 digits). */
  static final class Reference {
    final String function;
    final double alpha;
    final double x;
    final double value;
    final double derivative;

    Reference(String line) {
      String[] f = line.split(",");
      function = f[0];
      alpha = Double.parseDouble(f[1]);
      x = Double.parseDouble(f[2]);
      value = Double.parseDouble(f[3]);
      derivative = Double.parseDouble(f[4]);
    }
  }

  static List<Reference> referenceTable() throws IOException {
    List<Reference> rows = new ArrayList<>();
    try (InputStream raw = ActivationKernelTest.class.getResourceAsStream("/reference/kernel-reference.csv.gz");
        BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.US_ASCII))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (!line.startsWith("#")) {
          rows.add(new Reference(line));
        }
      }
    }
    return rows;
  }

  /** |actual - expected| in ulps of expected; infinite if one is NaN and the other not. */
  static double ulps(double expected, double actual) {
    if (Double.valueOf(expected).equals(actual) || expected == actual) {
      return 0;
    }
    double d = Math.abs(actual - expected) / Math.ulp(expected);
    return Double.isNaN(d) ? Double.POSITIVE_INFINITY : d;
  }

  /** Below the normal range a relative bound means nothing; subnormal results agree absolutely. */
  private static final double ABS = 4 * Double.MIN_NORMAL;

  static boolean close(double expected, double actual, double rel) {
    if (Double.isNaN(expected) || Double.isInfinite(expected)) {
      return Double.valueOf(expected).equals(actual);
    }
    return Math.abs(actual - expected) <= rel * Math.abs(expected) + ABS;
  }

  @Test
  void valuesAndDerivativesMatchTheMpmathTableToAFewUlps() throws IOException {
    List<String> failures = new ArrayList<>();
    Map<String, Integer> checked = new HashMap<>();
    for (Reference r : referenceTable()) {
      ActivationFunction f = ActivationFunction.forName(r.function);
      double tolerance = ULPS.get(r.function);
      double v = f.value(r.x, r.alpha);
      double d = f.derivative(r.x, r.alpha);
      if (!(ulps(r.value, v) <= tolerance)) {
        failures.add(r.function + "(" + r.x + ", alpha " + r.alpha + ") = " + v + ", expected " + r.value
            + " (" + ulps(r.value, v) + " ulps)");
      }
      if (!(ulps(r.derivative, d) <= tolerance)) {
        failures.add(r.function + "'(" + r.x + ", alpha " + r.alpha + ") = " + d + ", expected " + r.derivative
            + " (" + ulps(r.derivative, d) + " ulps)");
      }
      checked.merge(r.function + " " + r.alpha, 1, Integer::sum);
    }
    assertTrue(failures.isEmpty(), failures.size() + " differ:\n" + String.join("\n", failures));
    // Every function, elu/celu/leaky_relu at two alphas, about 2,000 points each.
    assertEquals(14, checked.size(), checked.toString());
    for (Map.Entry<String, Integer> e : checked.entrySet()) {
      assertTrue(e.getValue() >= 2000, e.toString());
    }
  }

  @Test
  void tableCoversEveryFunction() throws IOException {
    TreeSet<String> inTable = new TreeSet<>();
    for (Reference r : referenceTable()) {
      inTable.add(r.function);
    }
    assertEquals(new TreeSet<>(Arrays.asList(ActivationFunction.names())), inTable);
  }

  @Test
  void ulpsCountsInUnitsOfTheExpectedValue() {
    assertEquals(0.0, ulps(1.0, 1.0));
    assertEquals(0.0, ulps(Double.NaN, Double.NaN));
    assertEquals(2.0, ulps(1.0, 1.0 + 2 * Math.ulp(1.0)));
    assertEquals(3.0, ulps(0.0, 3 * Double.MIN_VALUE));
    assertEquals(Double.POSITIVE_INFINITY, ulps(1.0, Double.NaN));
    assertFalse(ulps(0.5, 0.5000000000000011) <= 4);
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

  @Test
  void branchFreeReluAndLeakyReluEqualTheirDefinitionsOnEveryKindOfDouble() {
    Random rnd = new Random(17);
    double[] specials = {-0.0, 0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, -Double.MIN_NORMAL,
        Double.MAX_VALUE, -Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN,
        Double.longBitsToDouble(0xFFF8000000000000L), Double.longBitsToDouble(0xFFF0000000000001L),
        Double.longBitsToDouble(0x7FF0000000000001L)};
    for (int i = 0; i < 200_000; i++) {
      double x = i < specials.length ? specials[i] : Double.longBitsToDouble(rnd.nextLong());
      double relu = x < 0 ? 0.0 : x;
      assertEquals(Double.doubleToRawLongBits(relu), Double.doubleToRawLongBits(ActivationKernel.relu(x)),
          "relu(" + x + ")");
      for (double alpha : new double[] {0.01, 0.3, -0.5}) {
        double leaky = x > 0 ? x : x * alpha;
        assertEquals(Double.valueOf(leaky), Double.valueOf(ActivationKernel.leakyRelu(x, alpha)),
            "leaky_relu(" + x + ", " + alpha + ")");
      }
    }
  }

  /**
   * The kernel's expm1 is fdlibm's, as the JDK's StrictMath.expm1 is: the same bits on every kind
   * of double, from the subnormals through the branch points of its argument reduction
   * (|x| = ln2 / 2, 3 ln2 / 2, 56 ln2, the overflow threshold) to infinities and NaN.
   */
  @Test
  void expm1IsFdlibmsBitForBit() {
    Random rnd = new Random(23);
    double ln2 = Math.log(2);
    double[] edges = {0.5 * ln2, 1.5 * ln2, 56 * ln2, 709.782712893384, 0x1p-54, 20 * ln2, 38.8};
    List<Double> xs = new ArrayList<>(Arrays.asList(-0.0, 0.0, Double.MIN_VALUE,
        -Double.MIN_VALUE, Double.MIN_NORMAL, -Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, -0.25, 0.25, 1e-300, -1e-300));
    for (double e : edges) {
      addNeighbours(xs, e, 40);
    }
    for (int i = 0; i < 300_000; i++) {
      switch (i % 4) {
        case 0: xs.add(rnd.nextGaussian() * 4); break;
        case 1: xs.add((rnd.nextDouble() - 0.5) * 1500); break;
        case 2: xs.add(rnd.nextGaussian() * Math.pow(2, -rnd.nextInt(1080))); break;
        default: xs.add(Double.longBitsToDouble(rnd.nextLong())); break;
      }
    }
    for (double x : xs) {
      assertEquals(Double.doubleToRawLongBits(StrictMath.expm1(x)), Double.doubleToRawLongBits(ActivationKernel.expm1(x)),
          "expm1(" + x + ")");
    }
  }

  /**
   * elu, selu and celu, per value and over arrays (where the negative values are sorted by
   * expm1's range), are bit for bit the plain formulas with the JDK's StrictMath.expm1: on
   * every negative range, on both sides of each of expm1's branch points (the high words
   * 0x3fd62e42, 0x3ff0a2b2, 56 ln2 and 2^-54), on zeros, subnormals, infinities and NaN, for
   * several alphas (celu's negative alpha included), in place and not.
   */
  @Test
  void exponentialUnitsAreStrictMathsFormulasBitForBit() {
    Random rnd = new Random(29);
    List<Double> xs = new ArrayList<>(Arrays.asList(-0.0, 0.0, Double.MIN_VALUE, -Double.MIN_VALUE,
        Double.MIN_NORMAL, -Double.MIN_NORMAL, -Double.MIN_NORMAL / 3, Double.MAX_VALUE, -Double.MAX_VALUE,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, Double.longBitsToDouble(0xfff8000000000123L),
        -0.25, -1.0, -2.0, -1e-300, -38.8, -745.2, -800.0));
    for (long highWord : new long[] {0x3fd62e42L, 0x3fd62e43L, 0x3ff0a2b1L, 0x3ff0a2b2L, 0x4043687aL, 0x3c900000L}) {
      addNeighbours(xs, Double.longBitsToDouble(highWord << 32), 300);
    }
    double ln2 = Math.log(2);
    for (double e : new double[] {0.5 * ln2, 1.5 * ln2, 56 * ln2, 0x1p-54, 2.5 * ln2, 10.5 * ln2}) {
      addNeighbours(xs, e, 50);
    }
    for (int i = 0; i < 300_000; i++) {
      switch (i % 5) {
        case 0: xs.add(rnd.nextGaussian()); break;
        case 1: xs.add((rnd.nextDouble() - 0.75) * 80); break;
        case 2: xs.add(-rnd.nextDouble() * 56 * ln2); break;
        case 3: xs.add(rnd.nextGaussian() * Math.pow(2, -rnd.nextInt(1080))); break;
        default: xs.add(Double.longBitsToDouble(rnd.nextLong())); break;
      }
    }
    double[] alphas = {1.0, 0.5, 2.0, 0.1, 1e-3, 7.25, -0.7, Double.NaN};
    double[] values = new double[xs.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = xs.get(i);
    }
    double[] selu = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      double x = values[i];
      selu[i] = x > 0 ? ActivationKernel.SELU_SCALE * x
          : ActivationKernel.SELU_SCALE * ActivationKernel.SELU_ALPHA * StrictMath.expm1(x);
      assertBits(selu[i], ActivationKernel.selu(x), "selu(" + x + ")");
    }
    assertArrayBits(values, selu, ActivationFunction.SELU, 0.0, "selu");
    for (double alpha : alphas) {
      double[] elu = new double[values.length];
      double[] celu = new double[values.length];
      for (int i = 0; i < values.length; i++) {
        double x = values[i];
        elu[i] = x > 0 ? x : alpha * StrictMath.expm1(x);
        celu[i] = x > 0 ? x : alpha * StrictMath.expm1(x / alpha);
        assertBits(elu[i], ActivationKernel.elu(x, alpha), "elu(" + x + ", " + alpha + ")");
        assertBits(celu[i], ActivationKernel.celu(x, alpha), "celu(" + x + ", " + alpha + ")");
      }
      assertArrayBits(values, elu, ActivationFunction.ELU, alpha, "elu");
      assertArrayBits(values, celu, ActivationFunction.CELU, alpha, "celu");
    }
  }

  /** The doubles up to {@code ulps} bit patterns either side of {@code e} (positive), each with both signs. */
  private static void addNeighbours(List<Double> xs, double e, int ulps) {
    for (int d = -ulps; d <= ulps; d++) {
      double at = Double.longBitsToDouble(Double.doubleToRawLongBits(e) + d);
      xs.add(at);
      xs.add(-at);
    }
  }

  /** The same bits, or both NaN (which NaN a product of two NaNs gives depends on operand order). */
  private static void assertBits(double expected, double actual, String what) {
    if (expected != expected) {
      assertTrue(actual != actual, what + " = " + actual);
    } else {
      assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual), what);
    }
  }

  /**
   * {@code f} over {@code values} in pieces of varied lengths (a vector's 64 among them), into a
   * second array and in place, against the expected values.
   */
  private static void assertArrayBits(double[] values, double[] expected, ActivationFunction f, double alpha,
      String what) {
    int[] lengths = {64, 1, 0, 3, 64, 17, 200, 64, 5};
    double[] out = new double[200];
    int k = 0;
    for (int from = 0; from < values.length; k++) {
      int n = Math.min(lengths[k % lengths.length], values.length - from);
      double[] in = Arrays.copyOfRange(values, from, from + n);
      f.apply(in, out, n, alpha);
      f.apply(in, in, n, alpha);
      for (int i = 0; i < n; i++) {
        String at = what + "[] (" + values[from + i] + ", " + alpha + ")";
        assertBits(expected[from + i], out[i], at);
        assertBits(expected[from + i], in[i], at + " in place");
      }
      from += n;
    }
  }
}
