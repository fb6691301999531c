package sparkactivations.pipelines;

import static org.apache.spark.sql.functions.col;

import java.util.Iterator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import sparkactivations.pipelines.network.DistributedObjective;
import sparkactivations.pipelines.network.NetworkTopology;
import sparkactivations.pipelines.network.StackedBlock;
import sparkactivations.pipelines.network.TrainingRowStacker;
import sparkactivations.pipelines.network.WeightInitializer;
import sparkactivations.pipelines.optim.AdamMinimizer;
import sparkactivations.pipelines.optim.LbfgsMinimizer;
import sparkactivations.pipelines.optim.OptimizationResult;
import sparkactivations.transformers.ActivationFunction;
import sparkactivations.transformers.SparkBridge;
import sparkactivations.transformers.UidDuringConstruction;

/**
 * A feed-forward network classifier: hidden layers with any activation of
 * {@link ActivationFunction} or PReLU (learned slopes), a softmax output layer, cross-entropy
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
    ps = new FeedForwardParamSet(this);
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

  // --- training -------------------------------------------------------------------------------

  @Override
  public StructType transformSchema(StructType schema) {
    topology();
    checkFeatureSize(schema);
    return super.transformSchema(schema);
  }

  @Override
  public FeedForwardClassificationModel train(Dataset<?> dataset) {
    NetworkTopology net = topology();
    checkFeatureSize(dataset.schema());
    double[] x0 = initialParams(net);
    TrainingRowStacker stacker = new TrainingRowStacker(getLabelCol(), getFeaturesCol(), net.inputSize(),
        net.outputSize(), getBlockSize());
    JavaRDD<StackedBlock> blocks = dataset.select(col(getLabelCol()).cast("double"), col(getFeaturesCol()))
        .toJavaRDD()
        .mapPartitions((Iterator<Row> it) -> stacker.stack(it).iterator())
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      boolean adam = FeedForwardParamSet.ADAM.equals(getSolver());
      DistributedObjective objective = new DistributedObjective(blocks, net, getRegParam(),
          adam ? getMiniBatchFraction() : 1.0);
      OptimizationResult result = adam
          ? new AdamMinimizer(getMaxIter(), getStepSize(), getTol(), getSeed()).minimize(objective, x0)
          : new LbfgsMinimizer(getMaxIter(), 10, getTol()).minimize(objective, x0);
      double[] dead = objective.deadUnitFractions(result.x);
      FeedForwardClassificationModel model = new FeedForwardClassificationModel(uid(), net, result.x);
      model.setSummary(new FeedForwardTrainingSummary(result.objectiveHistory, result.iterations, dead));
      return model;
    } catch (Exception e) {
      // A bad row fails a task; give the caller the row's message, not the scheduler's wrapping.
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof IllegalArgumentException) {
          throw new IllegalArgumentException(t.getMessage(), e);
        }
      }
      throw e;
    } finally {
      blocks.unpersist(false);
    }
  }

  /** The network the params describe, checked. */
  private NetworkTopology topology() {
    if (!isDefined(ps.layers)) {
      throw new IllegalArgumentException(uid() + ": layers must be set, e.g. setLayers(numFeatures, 64, numClasses).");
    }
    int[] layers = getLayers();
    String name = getActivation();
    double a = getAlpha();
    if (NetworkTopology.PRELU.equals(name)) {
      if (Double.isNaN(a) || Double.isInfinite(a)) {
        throw new IllegalArgumentException(uid() + ": alpha (the initial PReLU slope) must be finite, got " + a + ".");
      }
    } else {
      ActivationFunction.forName(name).checkAlpha(a);
    }
    return new NetworkTopology(layers, name, a, FeedForwardParamSet.PER_UNIT.equals(getPreluSlopes()));
  }

  private void checkFeatureSize(StructType schema) {
    if (!java.util.Arrays.asList(schema.fieldNames()).contains(getFeaturesCol())) {
      return;
    }
    int size = AttributeGroup.fromStructField(schema.apply(getFeaturesCol())).size();
    int[] layers = getLayers();
    if (size >= 0 && size != layers[0]) {
      throw new IllegalArgumentException("Features column '" + getFeaturesCol() + "' holds vectors of size " + size
          + " but layers[0] (the input layer) is " + layers[0] + ".");
    }
  }

  private double[] initialParams(NetworkTopology net) {
    if (!isDefined(ps.initialWeights)) {
      return WeightInitializer.initialParams(net, getSeed());
    }
    double[] given = getInitialWeights().toArray();
    if (given.length == net.numParams()) {
      return given;
    }
    if (given.length == net.numAffineParams()) {
      double[] full = java.util.Arrays.copyOf(given, net.numParams());
      WeightInitializer.fillSlopes(net, full, net.alpha());
      return full;
    }
    String expected = net.isPrelu()
        ? net.numAffineParams() + " (weights and biases) or " + net.numParams() + " (with the PReLU slopes)"
        : String.valueOf(net.numAffineParams());
    throw new IllegalArgumentException("initialWeights has " + given.length + " values; layers "
        + java.util.Arrays.toString(net.layers()) + " with " + net.activationName() + " need " + expected + ".");
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
