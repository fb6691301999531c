package sparkactivations.pipelines;

import java.util.Arrays;
import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import sparkactivations.pipelines.network.NetworkTopology;
import sparkactivations.transformers.UidDuringConstruction;

/**
 * A trained {@link FeedForwardClassifier}: {@code rawPrediction} is the output layer before the
 * softmax, {@code probability} its softmax, {@code prediction} the most probable class (or per
 * {@code thresholds}), as in MLlib's {@code MultilayerPerceptronClassificationModel}. The
 * network is fixed at training; its params are kept for reference and persistence.
 */
public final class FeedForwardClassificationModel
    extends ProbabilisticClassificationModel<Vector, FeedForwardClassificationModel>
    implements FeedForwardParams, MLWritable {

  private static final long serialVersionUID = 1L;

  private final String uid;
  private final FeedForwardParamSet ps;
  private final NetworkTopology net;
  private final double[] params;
  private FeedForwardTrainingSummary summary;

  /**
   * An untrained placeholder (one input, one class, no hidden layer, zero weights), for tools that
   * instantiate every listed stage class by its no-arg constructor, as {@code ServiceLoader} and a
   * Spark Connect server do. Fitted models come from {@link FeedForwardClassifier#fit} or {@link #load}.
   */
  public FeedForwardClassificationModel() {
    this(Identifiable.randomUID("ffc"), new NetworkTopology(new int[] {1, 1}, "relu", Double.NaN, false),
        new double[2]);
  }

  FeedForwardClassificationModel(String uid, NetworkTopology net, double[] params) {
    this(UidDuringConstruction.announce(uid), net, params, null);
  }

  private FeedForwardClassificationModel(String uid, NetworkTopology net, double[] params, Void announced) {
    super();
    this.uid = uid;
    UidDuringConstruction.done();
    ps = new FeedForwardParamSet(this, FeedForwardClassifier.class);
    this.net = net;
    this.params = params.clone();
    ps.setNetwork(this, net);
  }

  @Override
  public String uid() {
    return uid != null ? uid : UidDuringConstruction.pending();
  }

  // --- params ---------------------------------------------------------------------------------

  /** Internal: the param objects of this stage. */
  @Override
  public FeedForwardParamSet paramSet() {
    return ps;
  }

  // --- the network ----------------------------------------------------------------------------

  NetworkTopology topology() {
    return net;
  }

  /** All parameters: weights, biases, then the PReLU slopes. */
  double[] allParams() {
    return params.clone();
  }

  /**
   * Weights and biases, in MLlib's {@code MultilayerPerceptronClassificationModel.weights}
   * layout: per layer the {@code out x in} weight matrix column-major, then the bias.
   */
  public Vector weights() {
    return Vectors.dense(Arrays.copyOf(params, net.numAffineParams()));
  }

  /**
   * The learned PReLU slopes, per hidden layer (one value, or one per unit with
   * {@code preluSlopes = "unit"}); empty arrays for the other activations.
   */
  public double[][] slopes() {
    return FeedForwardParamSet.slopes(net, params);
  }

  @Override
  public int numClasses() {
    return net.outputSize();
  }

  @Override
  public int numFeatures() {
    return net.inputSize();
  }

  @Override
  public Vector predictRaw(Vector features) {
    if (features.size() != net.inputSize()) {
      throw new IllegalArgumentException("Features column '" + getFeaturesCol() + "' has a vector of size "
          + features.size() + "; this model's input layer has " + net.inputSize() + " units.");
    }
    return Vectors.dense(net.forward(features.toArray(), params));
  }

  @Override
  public Vector raw2probabilityInPlace(Vector rawPrediction) {
    double[] v = ((DenseVector) rawPrediction).values();
    double max = Double.NEGATIVE_INFINITY;
    for (double d : v) {
      max = Math.max(max, d);
    }
    double sum = 0.0;
    for (int i = 0; i < v.length; i++) {
      v[i] = Math.exp(v[i] - max);
      sum += v[i];
    }
    for (int i = 0; i < v.length; i++) {
      v[i] /= sum;
    }
    return rawPrediction;
  }

  // --- summary --------------------------------------------------------------------------------

  void setSummary(FeedForwardTrainingSummary value) {
    summary = value;
  }

  /**
   * Whether this model has a training summary: a fitted model has one and keeps it through
   * {@code save} and {@code load}; a model saved without one (by an earlier snapshot of this
   * version, or built by its no-arg constructor) has none.
   */
  public boolean hasSummary() {
    return summary != null;
  }

  /** The training summary. @throws IllegalStateException for a model without one */
  public FeedForwardTrainingSummary summary() {
    if (summary == null) {
      throw new IllegalStateException("No training summary available for " + uid()
          + " (the model was saved without one, or never fitted).");
    }
    return summary;
  }

  @Override
  public FeedForwardClassificationModel copy(ParamMap extra) {
    FeedForwardClassificationModel copied = copyValues(new FeedForwardClassificationModel(uid, net, params), extra);
    copied.summary = summary;
    return copied.setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new FeedForwardModelWriter(this, net, params, summary);
  }

  public static MLReader<FeedForwardClassificationModel> read() {
    return new FeedForwardModelReader<>(FeedForwardClassificationModel.class, FeedForwardClassificationModel::new, FeedForwardClassificationModel::setSummary);
  }

  public static FeedForwardClassificationModel load(String path) {
    return read().load(path);
  }

  /**
   * Only restated: javac sees this method inherited twice with different generic return types
   * (Scala's covariant {@code Tuple3} has no Java form).
   */
  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  public scala.Tuple3 findSummaryModel() {
    return super.findSummaryModel();
  }

  @Override
  public String toString() {
    return "FeedForwardClassificationModel: uid=" + uid + ", layers=" + Arrays.toString(net.layers())
        + ", activation=" + (net.isUniform() ? net.activationName() : Arrays.toString(net.hiddenActivations()));
  }
}
