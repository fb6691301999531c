package sparkactivations.pipelines;

import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.StringArrayParam;
import sparkactivations.pipelines.network.NetworkTopology;
import sparkactivations.transformers.ActivationFunction;
import sparkactivations.transformers.HasAlpha;

/**
 * The params shared by the feed-forward estimators ({@link FeedForwardClassifier},
 * {@link FeedForwardRegressor}) and their models: those of MLlib's
 * {@code MultilayerPerceptronClassifier} with its names and defaults, plus the hidden activation
 * (one, or one per layer), its alpha, the L2 penalty, the PReLU slope layout, adam's mini-batch
 * size, instance weights ({@code weightCol}, as MLlib's {@code HasWeightCol}) and early stopping
 * on held-out rows ({@code validationIndicatorCol}, as MLlib's GBTs have it).
 */
public interface FeedForwardParams extends HasAlpha {

  /** The stage's param objects, built by the stage itself; the accessors below read them. */
  FeedForwardParamSet paramSet();

  /** The hidden activation's alpha (no default: see {@link #getAlpha()}). */
  @Override
  default DoubleParam alpha() {
    return paramSet().alpha;
  }

  /** Layer sizes from input to output (no default). */
  default IntArrayParam layers() {
    return paramSet().layers;
  }

  /** Rows per stacked block (default 128). */
  default IntParam blockSize() {
    return paramSet().blockSize;
  }

  /** {@code "l-bfgs"} (default) or {@code "adam"}. */
  default Param<String> solver() {
    return paramSet().solver;
  }

  /** Maximum number of iterations (default 100). */
  default IntParam maxIter() {
    return paramSet().maxIter;
  }

  /** Convergence tolerance (default 1e-6). */
  default DoubleParam tol() {
    return paramSet().tol;
  }

  /** Adam's learning rate (default 0.03). */
  default DoubleParam stepSize() {
    return paramSet().stepSize;
  }

  /** Seed of the initial weights and mini-batches (default: hash of the estimator's class name). */
  default LongParam seed() {
    return paramSet().seed;
  }

  /** Initial parameters (no default). */
  default Param<Vector> initialWeights() {
    return paramSet().initialWeights;
  }

  /** Hidden activation (default {@code "relu"}). */
  default Param<String> activation() {
    return paramSet().activation;
  }

  /** L2 penalty on the weights (default 0.0). */
  default DoubleParam regParam() {
    return paramSet().regParam;
  }

  /** PReLU slopes per {@code "layer"} (default) or per {@code "unit"}. */
  default Param<String> preluSlopes() {
    return paramSet().preluSlopes;
  }

  /** Fraction of rows per adam mini-batch (default 0.1). */
  default DoubleParam miniBatchFraction() {
    return paramSet().miniBatchFraction;
  }

  /** Column of instance weights (no default: every row weighs 1), MLlib's {@code weightCol}. */
  default Param<String> weightCol() {
    return paramSet().weightCol;
  }

  /** Activation per hidden layer, used instead of {@link #activation()} when set (no default). */
  default StringArrayParam hiddenActivations() {
    return paramSet().hiddenActivations;
  }

  /** Boolean column marking held-out rows for early stopping (no default: none). */
  default Param<String> validationIndicatorCol() {
    return paramSet().validationIndicatorCol;
  }

  /** Relative decrease of the validation loss that counts as an improvement (default 0.001). */
  default DoubleParam validationTol() {
    return paramSet().validationTol;
  }

  /** Iterations without improvement of the validation loss before training stops (default 10). */
  default IntParam validationPatience() {
    return paramSet().validationPatience;
  }

  default int[] getLayers() {
    return getOrDefault(layers());
  }

  default int getBlockSize() {
    return (Integer) getOrDefault(blockSize());
  }

  default String getSolver() {
    return getOrDefault(solver());
  }

  default int getMaxIter() {
    return (Integer) getOrDefault(maxIter());
  }

  default double getTol() {
    return (Double) getOrDefault(tol());
  }

  default double getStepSize() {
    return (Double) getOrDefault(stepSize());
  }

  default long getSeed() {
    return (Long) getOrDefault(seed());
  }

  default Vector getInitialWeights() {
    return getOrDefault(initialWeights());
  }

  default String getActivation() {
    return getOrDefault(activation());
  }

  /**
   * The alpha in force: the one set, else the activation's default (PyTorch's): 0.01 for
   * leaky_relu, 1.0 for elu and celu, 0.25 for prelu; NaN for activations without one.
   */
  @Override
  default double getAlpha() {
    if (isDefined(alpha())) {
      return (Double) getOrDefault(alpha());
    }
    String name = getActivation();
    return NetworkTopology.PRELU.equals(name) ? FeedForwardParamSet.PRELU_INIT
        : ActivationFunction.forName(name).defaultAlpha();
  }

  default double getRegParam() {
    return (Double) getOrDefault(regParam());
  }

  default String getPreluSlopes() {
    return getOrDefault(preluSlopes());
  }

  default double getMiniBatchFraction() {
    return (Double) getOrDefault(miniBatchFraction());
  }

  default String getWeightCol() {
    return getOrDefault(weightCol());
  }

  default String[] getHiddenActivations() {
    return getOrDefault(hiddenActivations());
  }

  default String getValidationIndicatorCol() {
    return getOrDefault(validationIndicatorCol());
  }

  default double getValidationTol() {
    return (Double) getOrDefault(validationTol());
  }

  default int getValidationPatience() {
    return (Integer) getOrDefault(validationPatience());
  }
}
