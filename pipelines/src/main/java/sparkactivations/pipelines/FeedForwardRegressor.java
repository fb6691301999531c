package sparkactivations.pipelines;

import org.apache.spark.ml.Predictor;
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
 * A feed-forward network for regression, which MLlib does not have: the hidden layers,
 * activations (one, or one per layer with {@code hiddenActivations}, or PReLU), solvers,
 * initialisation, instance weights, early stopping, persistence and data-parallel training of
 * {@link FeedForwardClassifier}, with one linear output unit ({@code layers} ends with 1) and the
 * loss of MLlib's {@code LinearRegression}: {@code squaredError} (default) or {@code huber} with
 * {@code epsilon}. The objective is the weighted mean loss plus {@code regParam / 2 * ||W||^2}.
 * Labels may be any finite number; a NaN or infinite label, feature or weight fails the fit with a
 * message naming the column and the value.
 */
public final class FeedForwardRegressor extends Predictor<Vector, FeedForwardRegressor, FeedForwardRegressionModel>
    implements FeedForwardParams, FeedForwardRegressionParams, DefaultParamsWritable {

  private static final long serialVersionUID = 1L;

  private final String uid;
  private final FeedForwardParamSet ps;
  private final FeedForwardRegressionParamSet rps;

  public FeedForwardRegressor() {
    this(Identifiable.randomUID("ffr"));
  }

  public FeedForwardRegressor(String uid) {
    this(UidDuringConstruction.announce(uid), null);
  }

  private FeedForwardRegressor(String uid, Void announced) {
    super();
    this.uid = uid;
    UidDuringConstruction.done();
    ps = new FeedForwardParamSet(this, FeedForwardRegressor.class);
    rps = new FeedForwardRegressionParamSet(this);
  }

  @Override
  public String uid() {
    return uid != null ? uid : UidDuringConstruction.pending();
  }

  // --- params (accessors and getters in FeedForwardRegressionParams) --------------------------

  /** Internal: the param objects of this stage. */
  @Override
  public FeedForwardParamSet paramSet() {
    return ps;
  }

  /** Internal: the regression param objects of this stage. */
  @Override
  public FeedForwardRegressionParamSet regressionParamSet() {
    return rps;
  }

  /** Layer sizes from input to output, e.g. {@code {8, 32, 16, 1}}: the last is 1, the output unit. */
  public FeedForwardRegressor setLayers(int... value) {
    return (FeedForwardRegressor) set(ps.layers, value);
  }

  public FeedForwardRegressor setBlockSize(int value) {
    return (FeedForwardRegressor) set(ps.blockSize, value);
  }

  public FeedForwardRegressor setSolver(String value) {
    return (FeedForwardRegressor) set(ps.solver, value);
  }

  public FeedForwardRegressor setMaxIter(int value) {
    return (FeedForwardRegressor) set(ps.maxIter, value);
  }

  public FeedForwardRegressor setTol(double value) {
    return (FeedForwardRegressor) set(ps.tol, value);
  }

  public FeedForwardRegressor setStepSize(double value) {
    return (FeedForwardRegressor) set(ps.stepSize, value);
  }

  public FeedForwardRegressor setSeed(long value) {
    return (FeedForwardRegressor) set(ps.seed, value);
  }

  public FeedForwardRegressor setInitialWeights(Vector value) {
    return (FeedForwardRegressor) set(ps.initialWeights, value);
  }

  public FeedForwardRegressor setActivation(String value) {
    return (FeedForwardRegressor) set(ps.activation, value);
  }

  public FeedForwardRegressor setAlpha(double value) {
    return (FeedForwardRegressor) set(ps.alpha, value);
  }

  public FeedForwardRegressor setRegParam(double value) {
    return (FeedForwardRegressor) set(ps.regParam, value);
  }

  public FeedForwardRegressor setPreluSlopes(String value) {
    return (FeedForwardRegressor) set(ps.preluSlopes, value);
  }

  public FeedForwardRegressor setMiniBatchFraction(double value) {
    return (FeedForwardRegressor) set(ps.miniBatchFraction, value);
  }

  /** Column of instance weights: each row's loss and gradient are weighted by it (MLlib's {@code weightCol}). */
  public FeedForwardRegressor setWeightCol(String value) {
    return (FeedForwardRegressor) set(ps.weightCol, value);
  }

  /** One activation per hidden layer, used instead of {@code activation}. */
  public FeedForwardRegressor setHiddenActivations(String... value) {
    return (FeedForwardRegressor) set(ps.hiddenActivations, value);
  }

  /** Boolean column: rows where it is true are held out and decide early stopping. */
  public FeedForwardRegressor setValidationIndicatorCol(String value) {
    return (FeedForwardRegressor) set(ps.validationIndicatorCol, value);
  }

  public FeedForwardRegressor setValidationTol(double value) {
    return (FeedForwardRegressor) set(ps.validationTol, value);
  }

  public FeedForwardRegressor setValidationPatience(int value) {
    return (FeedForwardRegressor) set(ps.validationPatience, value);
  }

  /** {@code "squaredError"} (default) or {@code "huber"}. */
  public FeedForwardRegressor setLoss(String value) {
    return (FeedForwardRegressor) set(rps.loss, value);
  }

  /** Huber's threshold on the residual, in the label's units. */
  public FeedForwardRegressor setEpsilon(double value) {
    return (FeedForwardRegressor) set(rps.epsilon, value);
  }

  // --- training -------------------------------------------------------------------------------

  @Override
  public StructType transformSchema(StructType schema) {
    topology();
    FeedForwardTraining.checkSchema(this, schema, getFeaturesCol());
    return super.transformSchema(schema);
  }

  @Override
  public FeedForwardRegressionModel train(Dataset<?> dataset) {
    NetworkTopology net = topology();
    OutputLoss loss = FeedForwardRegressionParamSet.HUBER.equals(getLoss())
        ? OutputLoss.huber(getEpsilon()) : OutputLoss.squaredError();
    FeedForwardTraining.Result result = FeedForwardTraining.train(this, dataset, getLabelCol(), getFeaturesCol(), net,
        loss, 0);
    FeedForwardRegressionModel model = new FeedForwardRegressionModel(uid(), net, result.params);
    model.setSummary(result.summary);
    return model;
  }

  private NetworkTopology topology() {
    NetworkTopology net = FeedForwardTraining.topology(this);
    if (net.outputSize() != 1) {
      throw new IllegalArgumentException(uid() + ": layers " + java.util.Arrays.toString(net.layers())
          + " end with " + net.outputSize() + " output units; a regressor has one, e.g. setLayers("
          + net.inputSize() + ", 32, 1).");
    }
    return net;
  }

  @Override
  public FeedForwardRegressor copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  public static MLReader<FeedForwardRegressor> read() {
    return SparkBridge.defaultParamsReader();
  }

  public static FeedForwardRegressor load(String path) {
    return read().load(path);
  }
}
