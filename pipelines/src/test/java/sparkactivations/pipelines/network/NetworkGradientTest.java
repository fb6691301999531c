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
 * written here from the definition (plain loops: affine layers, activation, softmax,
 * cross-entropy), for every activation and both PReLU slope layouts.
 */
class NetworkGradientTest {

  private static final int[] LAYERS = {4, 6, 5, 3};
  private static final int ROWS = 9;

  static List<Object[]> networks() {
    List<Object[]> cases = new ArrayList<>();
    for (ActivationFunction f : ActivationFunction.values()) {
      double alpha = f.usesAlpha() ? (f == ActivationFunction.LEAKY_RELU ? 0.1 : 0.7) : Double.NaN;
      cases.add(new Object[] {f.functionName(), new NetworkTopology(LAYERS, f.functionName(), alpha, false)});
    }
    cases.add(new Object[] {"prelu per layer", new NetworkTopology(LAYERS, "prelu", 0.25, false)});
    cases.add(new Object[] {"prelu per unit", new NetworkTopology(LAYERS, "prelu", 0.25, true)});
    return cases;
  }

  @TestFactory
  Stream<DynamicTest> gradientMatchesFiniteDifferences() {
    return networks().stream().map(c -> DynamicTest.dynamicTest((String) c[0], () -> check((NetworkTopology) c[1])));
  }

  private static void check(NetworkTopology net) {
    Random rnd = new Random(11);
    double[] params = new double[net.numParams()];
    for (int i = 0; i < params.length; i++) {
      params[i] = rnd.nextGaussian() * 0.8;
    }
    if (net.isPrelu()) {
      for (int i = net.numAffineParams(); i < params.length; i++) {
        params[i] = 0.1 + 0.4 * rnd.nextDouble();
      }
    }
    double[] x = new double[ROWS * LAYERS[0]];
    for (int i = 0; i < x.length; i++) {
      x[i] = rnd.nextGaussian() * 1.5;
    }
    int[] y = new int[ROWS];
    for (int r = 0; r < ROWS; r++) {
      y[r] = rnd.nextInt(LAYERS[LAYERS.length - 1]);
    }
    StackedBlock block = new StackedBlock(ROWS, LAYERS[0], x, y, new long[ROWS]);

    double[] acc = BlockGradient.newAccumulator(net);
    new BlockGradient(net).add(block, params, acc);
    assertEquals(referenceLoss(net, params, x, y), acc[BlockGradient.lossIndex(net)], 1e-10, "loss");
    assertEquals(ROWS, acc[BlockGradient.countIndex(net)]);

    double h = 1e-5;
    for (int i = 0; i < params.length; i++) {
      double[] plus = params.clone();
      double[] minus = params.clone();
      plus[i] += h;
      minus[i] -= h;
      double numeric = (referenceLoss(net, plus, x, y) - referenceLoss(net, minus, x, y)) / (2 * h);
      double analytic = acc[i];
      assertTrue(Math.abs(numeric - analytic) <= 1e-6 * Math.max(1.0, Math.abs(numeric)),
          "parameter " + i + ": finite difference " + numeric + ", gradient " + analytic);
    }
  }

  /** Summed cross-entropy of the rows, computed from the definition. */
  static double referenceLoss(NetworkTopology net, double[] p, double[] x, int[] y) {
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
      double max = Double.NEGATIVE_INFINITY;
      for (double v : a) {
        max = Math.max(max, v);
      }
      double sum = 0.0;
      for (double v : a) {
        sum += Math.exp(v - max);
      }
      total += -(a[y[r]] - max - Math.log(sum));
    }
    return total;
  }

  private static double hidden(NetworkTopology net, int layer, int unit, double z, double[] p) {
    if (net.isPrelu()) {
      double slope = p[net.slopeOffset(layer) + (net.slopePerUnit() ? unit : 0)];
      return z > 0 ? z : slope * z;
    }
    return ActivationFunction.forName(net.activationName()).value(z, net.alpha());
  }
}
