package sparkactivations.pipelines.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import sparkactivations.transformers.ActivationFunction;

/**
 * The analytic gradient of {@link BlockGradient} against central finite differences of a loss
 * written here from the definition (plain loops: affine layers, activation, then softmax and
 * cross-entropy, squared error or Huber), for every activation, both PReLU slope layouts, an
 * activation per hidden layer, and row weights.
 */
class NetworkGradientTest {

  private static final int[] LAYERS = {4, 6, 5, 3};
  private static final int[] REGRESSION_LAYERS = {4, 6, 5, 1};
  private static final int ROWS = 9;

  /** The losses, as the test computes them. */
  enum Loss { CROSS_ENTROPY, SQUARED_ERROR, HUBER }

  private static final double EPSILON = 0.8;

  static final class Case {
    final String name;
    final NetworkTopology net;
    final Loss loss;
    final boolean weighted;

    Case(String name, NetworkTopology net, Loss loss, boolean weighted) {
      this.name = name;
      this.net = net;
      this.loss = loss;
      this.weighted = weighted;
    }
  }

  static List<Case> cases() {
    List<Case> cases = new ArrayList<>();
    for (ActivationFunction f : ActivationFunction.values()) {
      double alpha = f.usesAlpha() ? (f == ActivationFunction.LEAKY_RELU ? 0.1 : 0.7) : Double.NaN;
      cases.add(new Case(f.functionName(), new NetworkTopology(LAYERS, f.functionName(), alpha, false),
          Loss.CROSS_ENTROPY, false));
    }
    cases.add(new Case("prelu per layer", new NetworkTopology(LAYERS, "prelu", 0.25, false), Loss.CROSS_ENTROPY, false));
    cases.add(new Case("prelu per unit", new NetworkTopology(LAYERS, "prelu", 0.25, true), Loss.CROSS_ENTROPY, false));
    String[] perLayer = {"tanh", "prelu"};
    double[] perLayerAlphas = {Double.NaN, 0.2};
    cases.add(new Case("tanh then prelu, cross-entropy",
        new NetworkTopology(LAYERS, perLayer, perLayerAlphas, true), Loss.CROSS_ENTROPY, false));
    cases.add(new Case("prelu then elu, weighted cross-entropy",
        new NetworkTopology(LAYERS, new String[] {"prelu", "elu"}, new double[] {0.3, 0.7}, false),
        Loss.CROSS_ENTROPY, true));
    cases.add(new Case("weighted cross-entropy", new NetworkTopology(LAYERS, "gelu", Double.NaN, false),
        Loss.CROSS_ENTROPY, true));
    for (Loss loss : new Loss[] {Loss.SQUARED_ERROR, Loss.HUBER}) {
      for (boolean weighted : new boolean[] {false, true}) {
        String w = weighted ? "weighted " : "";
        cases.add(new Case(w + loss + ", relu", new NetworkTopology(REGRESSION_LAYERS, "relu", Double.NaN, false),
            loss, weighted));
        cases.add(new Case(w + loss + ", prelu per unit then softplus",
            new NetworkTopology(REGRESSION_LAYERS, new String[] {"prelu", "softplus"}, new double[] {0.25, Double.NaN},
                true), loss, weighted));
      }
    }
    return cases;
  }

  @TestFactory
  Stream<DynamicTest> gradientMatchesFiniteDifferences() {
    return cases().stream().map(c -> DynamicTest.dynamicTest(c.name, () -> check(c)));
  }

  private static OutputLoss outputLoss(Loss loss) {
    switch (loss) {
      case SQUARED_ERROR: return OutputLoss.squaredError();
      case HUBER: return OutputLoss.huber(EPSILON);
      default: return OutputLoss.softmaxCrossEntropy();
    }
  }

  private static void check(Case c) {
    NetworkTopology net = c.net;
    int[] sizes = net.layers();
    Random rnd = new Random(11);
    double[] params = new double[net.numParams()];
    for (int i = 0; i < params.length; i++) {
      params[i] = rnd.nextGaussian() * 0.8;
    }
    for (int i = net.numAffineParams(); i < params.length; i++) {
      params[i] = 0.1 + 0.4 * rnd.nextDouble();
    }
    double[] x = new double[ROWS * sizes[0]];
    for (int i = 0; i < x.length; i++) {
      x[i] = rnd.nextGaussian() * 1.5;
    }
    double[] y = new double[ROWS];
    double[] w = new double[ROWS];
    for (int r = 0; r < ROWS; r++) {
      // Regression targets spread so that Huber sees residuals on both sides of epsilon.
      y[r] = c.loss == Loss.CROSS_ENTROPY ? rnd.nextInt(sizes[sizes.length - 1]) : rnd.nextGaussian() * 2.5;
      w[r] = c.weighted ? (r == 3 ? 0.0 : 0.2 + 2.5 * rnd.nextDouble()) : 1.0;
    }
    StackedBlock block = new StackedBlock(ROWS, sizes[0], x, y, w, new long[ROWS], false);

    double[] acc = BlockGradient.newAccumulator(net);
    new BlockGradient(net, outputLoss(c.loss)).add(block, params, acc);
    assertEquals(referenceLoss(net, c.loss, params, x, y, w), acc[BlockGradient.lossIndex(net)], 1e-10, "loss");
    double weightSum = 0;
    for (double v : w) {
      weightSum += v;
    }
    assertEquals(weightSum, acc[BlockGradient.countIndex(net)], 1e-12);

    double[] lossOnly = BlockGradient.newAccumulator(net);
    new BlockGradient(net, outputLoss(c.loss)).addLoss(block, params, lossOnly);
    assertEquals(acc[BlockGradient.lossIndex(net)], lossOnly[BlockGradient.lossIndex(net)], 1e-12, "loss only");

    double h = 1e-5;
    for (int i = 0; i < params.length; i++) {
      double[] plus = params.clone();
      double[] minus = params.clone();
      plus[i] += h;
      minus[i] -= h;
      double numeric = (referenceLoss(net, c.loss, plus, x, y, w) - referenceLoss(net, c.loss, minus, x, y, w)) / (2 * h);
      double analytic = acc[i];
      assertTrue(Math.abs(numeric - analytic) <= 1e-6 * Math.max(1.0, Math.abs(numeric)),
          "parameter " + i + ": finite difference " + numeric + ", gradient " + analytic);
    }
  }

  /** Weighted sum of the rows' losses, computed from the definition. */
  static double referenceLoss(NetworkTopology net, Loss loss, double[] p, double[] x, double[] y, double[] w) {
    int[] sizes = net.layers();
    int rows = y.length;
    double total = 0.0;
    for (int r = 0; r < rows; r++) {
      double[] a = new double[sizes[0]];
      System.arraycopy(x, r * sizes[0], a, 0, sizes[0]);
      for (int l = 1; l < sizes.length; l++) {
        int in = sizes[l - 1];
        int out = sizes[l];
        double[] z = new double[out];
        for (int j = 0; j < out; j++) {
          double s = p[net.biasOffset(l) + j];
          for (int k = 0; k < in; k++) {
            // column-major out x in: element (j, k) at j + k * out
            s += p[net.weightOffset(l) + j + k * out] * a[k];
          }
          z[j] = s;
        }
        if (l < sizes.length - 1) {
          for (int j = 0; j < out; j++) {
            z[j] = hidden(net, l, j, z[j], p);
          }
        }
        a = z;
      }
      total += w[r] * rowLoss(loss, a, y[r]);
    }
    return total;
  }

  private static double rowLoss(Loss loss, double[] out, double label) {
    if (loss == Loss.CROSS_ENTROPY) {
      double max = Double.NEGATIVE_INFINITY;
      for (double v : out) {
        max = Math.max(max, v);
      }
      double sum = 0.0;
      for (double v : out) {
        sum += Math.exp(v - max);
      }
      return -(out[(int) label] - max - Math.log(sum));
    }
    double r = Math.abs(out[0] - label);
    if (loss == Loss.SQUARED_ERROR || r <= EPSILON) {
      return r * r / 2;
    }
    return EPSILON * (r - EPSILON / 2);
  }

  private static double hidden(NetworkTopology net, int layer, int unit, double z, double[] p) {
    if (net.isPrelu(layer)) {
      double slope = p[net.slopeOffset(layer) + (net.slopePerUnit() ? unit : 0)];
      return z > 0 ? z : slope * z;
    }
    return ActivationFunction.forName(net.activationName(layer)).value(z, net.hiddenAlphas()[layer - 1]);
  }
}
