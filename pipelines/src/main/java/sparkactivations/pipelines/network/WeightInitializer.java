package sparkactivations.pipelines.network;

import java.util.Arrays;
import java.util.Random;

/**
 * Initial parameters from a seed: biases 0; hidden weights He-normal ({@code N(0, 2 / fanIn)},
 * PyTorch's {@code kaiming_normal_}) for the ReLU family, LeCun-normal ({@code N(0, 1 / fanIn)})
 * for selu, Glorot-uniform ({@code U(+-sqrt(6 / (fanIn + fanOut)))}, {@code xavier_uniform_}) for
 * sigmoid and tanh (each hidden layer by its own activation), and Glorot-uniform for the output
 * layer; PReLU slopes at their layer's initial value.
 */
public final class WeightInitializer {

  private WeightInitializer() {}

  public static double[] initialParams(NetworkTopology net, long seed) {
    Random rnd = new Random(seed);
    double[] w = new double[net.numParams()];
    int last = net.numLayers() - 1;
    for (int l = 1; l <= last; l++) {
      int fanIn = net.size(l - 1);
      int fanOut = net.size(l);
      int off = net.weightOffset(l);
      int n = fanIn * fanOut;
      String scheme = l == last ? "glorot" : scheme(net.activationName(l));
      for (int i = 0; i < n; i++) {
        switch (scheme) {
          case "he": w[off + i] = rnd.nextGaussian() * Math.sqrt(2.0 / fanIn); break;
          case "lecun": w[off + i] = rnd.nextGaussian() * Math.sqrt(1.0 / fanIn); break;
          default: w[off + i] = (2 * rnd.nextDouble() - 1) * Math.sqrt(6.0 / (fanIn + fanOut));
        }
      }
    }
    fillSlopes(net, w);
    return w;
  }

  /** Sets the PReLU slopes of each PReLU layer of {@code params} to that layer's initial slope (its alpha). */
  public static void fillSlopes(NetworkTopology net, double[] params) {
    for (int h = 1; h < net.numLayers() - 1; h++) {
      int off = net.slopeOffset(h);
      Arrays.fill(params, off, off + net.numSlopes(h), net.hiddenAlphas()[h - 1]);
    }
  }

  private static String scheme(String activation) {
    switch (activation) {
      case "sigmoid":
      case "tanh":
        return "glorot";
      case "selu":
        return "lecun";
      default:
        return "he";
    }
  }
}
