package sparkactivations.pipelines;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.param.StringArrayParam;
import scala.Function1;
import sparkactivations.pipelines.network.NetworkTopology;
import sparkactivations.transformers.ActivationFunction;
import sparkactivations.transformers.HasAlpha;

/**
 * The params shared by {@link FeedForwardClassifier}, {@link FeedForwardRegressor} and their
 * models, built once per stage with the
 * stage as owner and their defaults set on it, so both classes declare them in one place. Read
 * them through the accessors of {@link FeedForwardParams}.
 */
public final class FeedForwardParamSet implements Serializable {

  private static final long serialVersionUID = 1L;

  static final String LBFGS = "l-bfgs";
  static final String ADAM = "adam";
  static final String PER_LAYER = "layer";
  static final String PER_UNIT = "unit";
  /** Initial PReLU slope, PyTorch's {@code torch.nn.PReLU(init=0.25)}. */
  static final double PRELU_INIT = 0.25;

  final IntArrayParam layers;
  final IntParam blockSize;
  final Param<String> solver;
  final IntParam maxIter;
  final DoubleParam tol;
  final DoubleParam stepSize;
  final LongParam seed;
  final Param<Vector> initialWeights;
  final Param<String> activation;
  final DoubleParam alpha;
  final DoubleParam regParam;
  final Param<String> preluSlopes;
  final DoubleParam miniBatchFraction;
  final Param<String> weightCol;
  final StringArrayParam hiddenActivations;
  final Param<String> validationIndicatorCol;
  final DoubleParam validationTol;
  final IntParam validationPatience;

  /** The params of {@code owner}, a stage of the estimator {@code estimator} (whose class name seeds the default seed). */
  FeedForwardParamSet(Params owner, Class<?> estimator) {
    layers = new IntArrayParam(owner, "layers",
        "sizes of the layers from input to output, e.g. [64, 32, 10]: 64 inputs, one hidden layer of 32 "
            + "units, 10 classes; at least 2 sizes, each at least 1 (no default)",
        (Function1<int[], Object> & Serializable) FeedForwardParamSet::validLayers);
    blockSize = new IntParam(owner, "blockSize",
        "number of rows stacked into one matrix for the layer products (default: 128)",
        ParamValidators.gtEq(1));
    solver = new Param<>(owner, "solver", "the optimiser: l-bfgs or adam (mini-batch) (default: l-bfgs)",
        ParamValidators.inArray(new String[] {LBFGS, ADAM}));
    maxIter = new IntParam(owner, "maxIter", "maximum number of iterations, at least 0 (default: 100)",
        ParamValidators.gtEq(0));
    tol = new DoubleParam(owner, "tol", "convergence tolerance of the optimiser, at least 0 (default: 1e-6)",
        ParamValidators.gtEq(0));
    stepSize = new DoubleParam(owner, "stepSize", "learning rate of adam, above 0 (default: 0.03)",
        ParamValidators.gt(0));
    seed = new LongParam(owner, "seed",
        "random seed of the initial weights and the mini-batches (default: a hash of the class name)");
    initialWeights = new Param<>(owner, "initialWeights",
        "initial parameters: weights and biases in MLlib's MultilayerPerceptronClassifier layout, optionally "
            + "followed by the PReLU slopes (no default: random, He or Glorot, from seed)");
    activation = new Param<>(owner, "activation",
        "activation of the hidden layers: one of " + String.join(", ", ActivationFunction.names())
            + " or prelu (leaky_relu with learned slopes) (default: relu)",
        (Function1<String, Object> & Serializable) FeedForwardParamSet::validActivation);
    alpha = HasAlpha.alphaParam(owner,
        "parameter of the hidden activation: leaky_relu's negative_slope (default 0.01), elu's and celu's alpha "
            + "(default 1.0), prelu's initial slope (torch.nn.PReLU init, default 0.25); ignored by the others");
    regParam = new DoubleParam(owner, "regParam",
        "L2 penalty regParam / 2 * ||W||^2 on the weights (not biases or slopes), at least 0 (default: 0.0)",
        ParamValidators.gtEq(0));
    preluSlopes = new Param<>(owner, "preluSlopes",
        "PReLU slopes: layer (one per hidden layer, torch.nn.PReLU(num_parameters=1)) or unit (one per hidden "
            + "unit) (default: layer)",
        ParamValidators.inArray(new String[] {PER_LAYER, PER_UNIT}));
    miniBatchFraction = new DoubleParam(owner, "miniBatchFraction",
        "fraction of the rows in each adam mini-batch, in (0, 1] (default: 0.1)",
        ParamValidators.inRange(0, 1, false, true));

    weightCol = new Param<>(owner, "weightCol",
        "weight column name: each row's loss and gradient are weighted by it (finite, at least 0); not set or "
            + "empty: every row weighs 1.0 (no default)");
    hiddenActivations = new StringArrayParam(owner, "hiddenActivations",
        "activation of each hidden layer, first hidden layer first, each one of " + String.join(", ",
            ActivationFunction.names()) + " or prelu; when set, used instead of activation, and its length must "
            + "be the number of hidden layers (no default)",
        (Function1<String[], Object> & Serializable) FeedForwardParamSet::validActivations);
    validationIndicatorCol = new Param<>(owner, "validationIndicatorCol",
        "name of a boolean column: rows where it is true are held out from training and their loss decides "
            + "early stopping; not set or empty: no early stopping (no default)");
    validationTol = new DoubleParam(owner, "validationTol",
        "relative decrease of the validation loss that counts as an improvement for early stopping, at least 0 "
            + "(default: 0.001)",
        ParamValidators.gtEq(0));
    validationPatience = new IntParam(owner, "validationPatience",
        "iterations without an improvement of the validation loss after which training stops, at least 1 "
            + "(default: 10)",
        ParamValidators.gtEq(1));

    owner.setDefault(blockSize, 128);
    owner.setDefault(solver, LBFGS);
    owner.setDefault(maxIter, 100);
    owner.setDefault(tol, 1e-6);
    owner.setDefault(stepSize, 0.03);
    owner.setDefault(seed, (long) estimator.getName().hashCode());
    owner.setDefault(activation, "relu");
    owner.setDefault(regParam, 0.0);
    owner.setDefault(preluSlopes, PER_LAYER);
    owner.setDefault(miniBatchFraction, 0.1);
    owner.setDefault(validationTol, 1e-3);
    owner.setDefault(validationPatience, 10);
  }

  /** Sets the params of a model that describe its network {@code net}. */
  void setNetwork(Params model, NetworkTopology net) {
    model.set(layers, net.layers());
    if (net.isUniform()) {
      model.set(activation, net.activationName());
      if (!Double.isNaN(net.alpha())) {
        model.set(alpha, net.alpha());
      }
    } else {
      model.set(hiddenActivations, net.hiddenActivations());
    }
    model.set(preluSlopes, net.slopePerUnit() ? PER_UNIT : PER_LAYER);
  }

  /** The PReLU slopes in {@code params}, per hidden layer (empty for layers of other activations). */
  static double[][] slopes(NetworkTopology net, double[] params) {
    double[][] out = new double[net.numLayers() - 2][];
    for (int h = 1; h < net.numLayers() - 1; h++) {
      int off = net.slopeOffset(h);
      out[h - 1] = java.util.Arrays.copyOfRange(params, off, off + net.numSlopes(h));
    }
    return out;
  }

  /** Every accepted {@code activation} value. */
  static List<String> activationNames() {
    List<String> names = new ArrayList<>();
    for (String n : ActivationFunction.names()) {
      names.add(n);
    }
    names.add(NetworkTopology.PRELU);
    return names;
  }

  private static boolean validLayers(int[] sizes) {
    if (sizes.length < 2) {
      throw new IllegalArgumentException("layers needs at least 2 sizes (input and output), got "
          + java.util.Arrays.toString(sizes) + ".");
    }
    for (int s : sizes) {
      if (s < 1) {
        throw new IllegalArgumentException("layers sizes must be at least 1, got " + java.util.Arrays.toString(sizes) + ".");
      }
    }
    return true;
  }

  private static boolean validActivations(String[] names) {
    for (String name : names) {
      validActivation(name);
    }
    return true;
  }

  private static boolean validActivation(String name) {
    if (!NetworkTopology.PRELU.equals(name)) {
      try {
        ActivationFunction.forName(name);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(e.getMessage().replace(".", "") + ", prelu.", e);
      }
    }
    return true;
  }
}
