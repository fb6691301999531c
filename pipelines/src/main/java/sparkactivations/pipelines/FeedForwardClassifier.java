package sparkactivations.pipelines;

import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;
import sparkactivations.pipelines.network.NetworkTopology;
import sparkactivations.pipelines.network.OutputLoss;
import sparkactivations.transformers.SparkBridge;
import sparkactivations.transformers.UidDuringConstruction;

/**
 * A feed-forward network classifier: hidden layers with any activation of
 * {@link sparkactivations.transformers.ActivationFunction} or PReLU (learned slopes), a softmax output layer, cross-entropy
 * loss. A drop-in beside MLlib's {@code MultilayerPerceptronClassifier}: the same params where
 * that has them ({@code layers}, {@code blockSize}, {@code solver}, {@code maxIter}, {@code tol},
 * {@code stepSize}, {@code seed}, {@code initialWeights}) and the same output columns.
 *
 * <p>Training is data-parallel: rows are stacked into blocks of {@code blockSize} once and
 * cached; each iteration broadcasts the parameters, each partition computes loss and gradient
 * with BLAS matrix products, and {@code treeAggregate} sums them. Solvers: {@code l-bfgs}
 * (default) and {@code adam} on mini-batches of {@code miniBatchFraction} of the rows, chosen by
 * row content so that partitioning does not change them. Labels must be class indices
 * {@code 0 .. layers[last] - 1} and features finite; anything else is refused.
 *
 * <p>Beyond MLlib's perceptron: instance weights ({@code weightCol}), an activation per hidden
 * layer ({@code hiddenActivations}), an L2 penalty ({@code regParam}) and early stopping on
 * held-out rows ({@code validationIndicatorCol}, {@code validationTol}, {@code validationPatience});
 * {@link FeedForwardRegressor} is the same network with a linear output for regression.
 */
public final class FeedForwardClassifier
    extends ProbabilisticClassifier<Vector, FeedForwardClassifier, FeedForwardClassificationModel>
    implements FeedForwardParams, DefaultParamsWritable {

  private static final long serialVersionUID = 1L;

  private final String uid;
  private final FeedForwardParamSet ps;

  public FeedForwardClassifier() {
    this(Identifiable.randomUID("ffc"));
  }

  public FeedForwardClassifier(String uid) {
    this(UidDuringConstruction.announce(uid), null);
  }

  private FeedForwardClassifier(String uid, Void announced) {
    super();
    this.uid = uid;
    UidDuringConstruction.done();
    ps = new FeedForwardParamSet(this, FeedForwardClassifier.class);
  }

  @Override
  public String uid() {
    return uid != null ? uid : UidDuringConstruction.pending();
  }

  // --- params (accessors and getters in FeedForwardParams) -----------------------------------

  /** Internal: the param objects of this stage. */
  @Override
  public FeedForwardParamSet paramSet() {
    return ps;
  }

  /** Layer sizes from input to output, e.g. {@code {64, 64, 10}}. */
  public FeedForwardClassifier setLayers(int... value) {
    return (FeedForwardClassifier) set(ps.layers, value);
  }

  public FeedForwardClassifier setBlockSize(int value) {
    return (FeedForwardClassifier) set(ps.blockSize, value);
  }

  public FeedForwardClassifier setSolver(String value) {
    return (FeedForwardClassifier) set(ps.solver, value);
  }

  public FeedForwardClassifier setMaxIter(int value) {
    return (FeedForwardClassifier) set(ps.maxIter, value);
  }

  public FeedForwardClassifier setTol(double value) {
    return (FeedForwardClassifier) set(ps.tol, value);
  }

  public FeedForwardClassifier setStepSize(double value) {
    return (FeedForwardClassifier) set(ps.stepSize, value);
  }

  public FeedForwardClassifier setSeed(long value) {
    return (FeedForwardClassifier) set(ps.seed, value);
  }

  public FeedForwardClassifier setInitialWeights(Vector value) {
    return (FeedForwardClassifier) set(ps.initialWeights, value);
  }

  public FeedForwardClassifier setActivation(String value) {
    return (FeedForwardClassifier) set(ps.activation, value);
  }

  public FeedForwardClassifier setAlpha(double value) {
    return (FeedForwardClassifier) set(ps.alpha, value);
  }

  public FeedForwardClassifier setRegParam(double value) {
    return (FeedForwardClassifier) set(ps.regParam, value);
  }

  public FeedForwardClassifier setPreluSlopes(String value) {
    return (FeedForwardClassifier) set(ps.preluSlopes, value);
  }

  public FeedForwardClassifier setMiniBatchFraction(double value) {
    return (FeedForwardClassifier) set(ps.miniBatchFraction, value);
  }

  /** Column of instance weights: each row's loss and gradient are weighted by it (MLlib's {@code weightCol}). */
  public FeedForwardClassifier setWeightCol(String value) {
    return (FeedForwardClassifier) set(ps.weightCol, value);
  }

  /** One activation per hidden layer, used instead of {@code activation}. */
  public FeedForwardClassifier setHiddenActivations(String... value) {
    return (FeedForwardClassifier) set(ps.hiddenActivations, value);
  }

  /** Boolean column: rows where it is true are held out and decide early stopping. */
  public FeedForwardClassifier setValidationIndicatorCol(String value) {
    return (FeedForwardClassifier) set(ps.validationIndicatorCol, value);
  }

  public FeedForwardClassifier setValidationTol(double value) {
    return (FeedForwardClassifier) set(ps.validationTol, value);
  }

  public FeedForwardClassifier setValidationPatience(int value) {
    return (FeedForwardClassifier) set(ps.validationPatience, value);
  }

  // --- training -------------------------------------------------------------------------------

  @Override
  public StructType transformSchema(StructType schema) {
    FeedForwardTraining.topology(this);
    FeedForwardTraining.checkSchema(this, schema, getFeaturesCol());
    return super.transformSchema(schema);
  }

  @Override
  public FeedForwardClassificationModel train(Dataset<?> dataset) {
    NetworkTopology net = FeedForwardTraining.topology(this);
    FeedForwardTraining.Result result = FeedForwardTraining.train(this, dataset, getLabelCol(), getFeaturesCol(), net,
        OutputLoss.softmaxCrossEntropy(), net.outputSize());
    FeedForwardClassificationModel model = new FeedForwardClassificationModel(uid(), net, result.params);
    model.setSummary(result.summary);
    return model;
  }

  @Override
  public FeedForwardClassifier copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  public static MLReader<FeedForwardClassifier> read() {
    return SparkBridge.defaultParamsReader();
  }

  public static FeedForwardClassifier load(String path) {
    return read().load(path);
  }
}
