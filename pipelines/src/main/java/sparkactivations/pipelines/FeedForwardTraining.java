package sparkactivations.pipelines;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.Arrays;
import java.util.Iterator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import sparkactivations.pipelines.network.DistributedObjective;
import sparkactivations.pipelines.network.NetworkTopology;
import sparkactivations.pipelines.network.OutputLoss;
import sparkactivations.pipelines.network.StackedBlock;
import sparkactivations.pipelines.network.TrainingRowStacker;
import sparkactivations.pipelines.network.WeightInitializer;
import sparkactivations.pipelines.optim.AdamMinimizer;
import sparkactivations.pipelines.optim.EarlyStopping;
import sparkactivations.pipelines.optim.LbfgsMinimizer;
import sparkactivations.pipelines.optim.OptimizationResult;
import sparkactivations.transformers.ActivationFunction;

/**
 * What the feed-forward estimators share: the network their params describe, the schema checks
 * of a fit, and the training itself (rows stacked into cached blocks, the chosen optimiser, early
 * stopping on held-out rows).
 */
final class FeedForwardTraining {

  /** The trained parameters and how training went. */
  static final class Result {
    final double[] params;
    final FeedForwardTrainingSummary summary;

    Result(double[] params, FeedForwardTrainingSummary summary) {
      this.params = params;
      this.summary = summary;
    }
  }

  private FeedForwardTraining() {}

  /** The network the params of {@code stage} describe, checked. */
  static <P extends Params & FeedForwardParams> NetworkTopology topology(P stage) {
    if (!stage.isDefined(stage.layers())) {
      throw new IllegalArgumentException(stage.uid()
          + ": layers must be set, e.g. setLayers(numFeatures, 64, numOutputs).");
    }
    int[] layers = stage.getLayers();
    boolean perUnit = FeedForwardParamSet.PER_UNIT.equals(stage.getPreluSlopes());
    if (!stage.isDefined(stage.hiddenActivations())
        || (layers.length == 2 && stage.getHiddenActivations().length == 0)) {
      String name = stage.getActivation();
      double a = stage.getAlpha();
      checkAlpha(stage, name, a);
      return new NetworkTopology(layers, name, a, perUnit);
    }
    String[] names = stage.getHiddenActivations();
    if (names.length != layers.length - 2) {
      throw new IllegalArgumentException(stage.uid() + ": hiddenActivations has " + names.length + " activations "
          + Arrays.toString(names) + " but layers " + Arrays.toString(layers) + " have " + (layers.length - 2)
          + " hidden layers; give one activation per hidden layer.");
    }
    double[] alphas = new double[names.length];
    boolean alphaSet = stage.isDefined(stage.alpha());
    for (int h = 0; h < names.length; h++) {
      boolean prelu = NetworkTopology.PRELU.equals(names[h]);
      ActivationFunction f = prelu ? null : ActivationFunction.forName(names[h]);
      boolean uses = prelu || f.usesAlpha();
      double fallback = prelu ? FeedForwardParamSet.PRELU_INIT : f.defaultAlpha();
      alphas[h] = !uses ? Double.NaN : alphaSet ? (Double) stage.getOrDefault(stage.alpha()) : fallback;
      checkAlpha(stage, names[h], alphas[h]);
    }
    return new NetworkTopology(layers, names, alphas, perUnit);
  }

  private static void checkAlpha(Params stage, String name, double a) {
    if (NetworkTopology.PRELU.equals(name)) {
      if (Double.isNaN(a) || Double.isInfinite(a)) {
        throw new IllegalArgumentException(stage.uid() + ": alpha (the initial PReLU slope) must be finite, got "
            + a + ".");
      }
    } else {
      ActivationFunction.forName(name).checkAlpha(a);
    }
  }

  /** The checks of a fit that need only the schema: features size, weight and validation columns. */
  static <P extends Params & FeedForwardParams> void checkSchema(P stage, StructType schema, String featuresCol) {
    java.util.List<String> names = Arrays.asList(schema.fieldNames());
    if (names.contains(featuresCol)) {
      int size = AttributeGroup.fromStructField(schema.apply(featuresCol)).size();
      int[] layers = stage.getLayers();
      if (size >= 0 && size != layers[0]) {
        throw new IllegalArgumentException("Features column '" + featuresCol + "' holds vectors of size " + size
            + " but layers[0] (the input layer) is " + layers[0] + ".");
      }
    }
    String weight = optional(stage, stage.weightCol());
    if (weight != null) {
      DataType t = column(schema, weight, "weightCol").dataType();
      if (!(t instanceof NumericType)) {
        throw new IllegalArgumentException("Weight column '" + weight + "' has type " + t.simpleString()
            + "; weights must be numeric.");
      }
    }
    String validation = optional(stage, stage.validationIndicatorCol());
    if (validation != null) {
      DataType t = column(schema, validation, "validationIndicatorCol").dataType();
      if (!(t instanceof BooleanType)) {
        throw new IllegalArgumentException("Validation indicator column '" + validation + "' has type "
            + t.simpleString() + "; it must be boolean (true: held out for early stopping).");
      }
    }
  }

  private static org.apache.spark.sql.types.StructField column(StructType schema, String name, String param) {
    if (!Arrays.asList(schema.fieldNames()).contains(name)) {
      throw new IllegalArgumentException(param + " is '" + name + "', but the data has no such column; columns: "
          + String.join(", ", schema.fieldNames()) + ".");
    }
    return schema.apply(name);
  }

  /** The value of a column-name param, or null when it is not set or empty. */
  private static String optional(Params stage, org.apache.spark.ml.param.Param<String> p) {
    if (!stage.isDefined(p)) {
      return null;
    }
    String v = stage.getOrDefault(p);
    return v == null || v.isEmpty() ? null : v;
  }

  /**
   * Trains the network on {@code dataset}: {@code numClasses > 0} for a classifier (labels are
   * class indices), 0 for a regressor.
   */
  static <P extends Params & FeedForwardParams> Result train(P stage, Dataset<?> dataset, String labelCol,
      String featuresCol, NetworkTopology net, OutputLoss loss, int numClasses) {
    checkSchema(stage, dataset.schema(), featuresCol);
    double[] x0 = initialParams(stage, net);
    String weight = optional(stage, stage.weightCol());
    String validation = optional(stage, stage.validationIndicatorCol());
    TrainingRowStacker stacker = new TrainingRowStacker(labelCol, featuresCol, weight, validation, net.inputSize(),
        numClasses, stage.getBlockSize());
    Column w = weight == null ? lit(1.0) : col(weight).cast("double");
    Column v = validation == null ? lit(false) : col(validation);
    JavaRDD<StackedBlock> blocks = dataset.select(col(labelCol).cast("double"), col(featuresCol), w, v)
        .toJavaRDD()
        .mapPartitions((Iterator<Row> it) -> stacker.stack(it).iterator())
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      boolean adam = FeedForwardParamSet.ADAM.equals(stage.getSolver());
      DistributedObjective objective = new DistributedObjective(blocks, net, loss, stage.getRegParam(),
          adam ? stage.getMiniBatchFraction() : 1.0);
      EarlyStopping early = null;
      if (validation != null) {
        double[] first = objective.validationLoss(x0);
        if (first[1] == 0) {
          throw new IllegalArgumentException("Validation indicator column '" + validation + "' is true on no row "
              + "of weight above 0; early stopping needs held-out rows (or unset validationIndicatorCol).");
        }
        early = new EarlyStopping(x -> objective.validationLoss(x)[0], stage.getValidationTol(),
            stage.getValidationPatience(), x0);
      }
      OptimizationResult result = adam
          ? new AdamMinimizer(stage.getMaxIter(), stage.getStepSize(), stage.getTol(), stage.getSeed())
              .minimize(objective, x0, early)
          : new LbfgsMinimizer(stage.getMaxIter(), 10, stage.getTol()).minimize(objective, x0, early);
      double[] x = early == null ? result.x : early.bestX();
      int best = early == null ? result.iterations : early.bestIteration();
      double[] validationHistory = early == null ? new double[0] : early.history();
      double[] dead = objective.deadUnitFractions(x);
      return new Result(x, new FeedForwardTrainingSummary(result.objectiveHistory, result.iterations, dead,
          validationHistory, best));
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

  private static <P extends Params & FeedForwardParams> double[] initialParams(P stage, NetworkTopology net) {
    if (!stage.isDefined(stage.initialWeights())) {
      return WeightInitializer.initialParams(net, stage.getSeed());
    }
    double[] given = stage.getInitialWeights().toArray();
    if (given.length == net.numParams()) {
      return given;
    }
    if (given.length == net.numAffineParams()) {
      double[] full = Arrays.copyOf(given, net.numParams());
      WeightInitializer.fillSlopes(net, full);
      return full;
    }
    String activations = net.isUniform() ? net.activationName() : Arrays.toString(net.hiddenActivations());
    String expected = net.hasSlopes()
        ? net.numAffineParams() + " (weights and biases) or " + net.numParams() + " (with the PReLU slopes)"
        : String.valueOf(net.numAffineParams());
    throw new IllegalArgumentException("initialWeights has " + given.length + " values; layers "
        + Arrays.toString(net.layers()) + " with " + activations + " need " + expected + ".");
  }
}
