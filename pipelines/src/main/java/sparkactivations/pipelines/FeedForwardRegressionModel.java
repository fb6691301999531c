package sparkactivations.pipelines;

import java.util.Arrays;
import org.apache.spark.ml.PredictionModel;
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
 * A trained {@link FeedForwardRegressor}: {@code prediction} is the network's one linear output.
 * The network is fixed at training; its params are kept for reference and persistence. The
 * public constructors make a model without a network (for tools that list stages by class, as
 * MLlib's models have one); it predicts nothing until replaced by a fitted or loaded model.
 */
public final class FeedForwardRegressionModel extends PredictionModel<Vector, FeedForwardRegressionModel>
    implements FeedForwardParams, FeedForwardRegressionParams, MLWritable {

  private static final long serialVersionUID = 1L;

  private final String uid;
  private final FeedForwardParamSet ps;
  private final FeedForwardRegressionParamSet rps;
  /** Null for a model made by the public constructors. */
  private final NetworkTopology net;
  private final double[] params;
  private FeedForwardTrainingSummary summary;

  /** A model without a network, with a random uid. */
  public FeedForwardRegressionModel() {
    this(Identifiable.randomUID("ffr"));
  }

  /**
   * An untrained placeholder (one input, one output, no hidden layer, zero weights: it predicts 0),
   * for tools that instantiate every listed stage class by its public constructors, as
   * {@code ServiceLoader} and a Spark Connect server do. Fitted models come from
   * {@link FeedForwardRegressor#fit} or {@link #load}.
   */
  public FeedForwardRegressionModel(String uid) {
    this(UidDuringConstruction.announce(uid), new NetworkTopology(new int[] {1, 1}, "relu", Double.NaN, false),
        new double[2], null);
  }

  FeedForwardRegressionModel(String uid, NetworkTopology net, double[] params) {
    this(UidDuringConstruction.announce(uid), net, params, null);
  }

  private FeedForwardRegressionModel(String uid, NetworkTopology net, double[] params, Void announced) {
    super();
    this.uid = uid;
    UidDuringConstruction.done();
    ps = new FeedForwardParamSet(this, FeedForwardRegressor.class);
    rps = new FeedForwardRegressionParamSet(this);
    this.net = net;
    this.params = params.clone();
    if (net != null) {
      ps.setNetwork(this, net);
    }
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

  /** Internal: the regression param objects of this stage. */
  @Override
  public FeedForwardRegressionParamSet regressionParamSet() {
    return rps;
  }

  // --- the network ----------------------------------------------------------------------------

  NetworkTopology topology() {
    return network();
  }

  private NetworkTopology network() {
    if (net == null) {
      throw new IllegalStateException(uid() + " has no network: it was made by its public constructor; fit a "
          + "FeedForwardRegressor or load a saved model.");
    }
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
    return Vectors.dense(Arrays.copyOf(params, network().numAffineParams()));
  }

  /**
   * The learned PReLU slopes, per hidden layer (one value, or one per unit with
   * {@code preluSlopes = "unit"}); empty arrays for the layers of other activations.
   */
  public double[][] slopes() {
    return FeedForwardParamSet.slopes(network(), params);
  }

  @Override
  public int numFeatures() {
    return net == null ? -1 : net.inputSize();
  }

  @Override
  public double predict(Vector features) {
    NetworkTopology n = network();
    if (features.size() != n.inputSize()) {
      throw new IllegalArgumentException("Features column '" + getFeaturesCol() + "' has a vector of size "
          + features.size() + "; this model's input layer has " + n.inputSize() + " units.");
    }
    return n.forward(features.toArray(), params)[0];
  }

  // --- summary --------------------------------------------------------------------------------

  void setSummary(FeedForwardTrainingSummary value) {
    summary = value;
  }

  /**
   * Whether this model has a training summary: a fitted model has one and keeps it through
   * {@code save} and {@code load}; a model saved without one, or built by its no-arg constructor, has none.
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
  public FeedForwardRegressionModel copy(ParamMap extra) {
    FeedForwardRegressionModel copied = copyValues(new FeedForwardRegressionModel(uid, net, params), extra);
    copied.summary = summary;
    return copied.setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new FeedForwardModelWriter(this, network(), params, summary);
  }

  public static MLReader<FeedForwardRegressionModel> read() {
    return new FeedForwardModelReader<>(FeedForwardRegressionModel.class, FeedForwardRegressionModel::new, FeedForwardRegressionModel::setSummary);
  }

  public static FeedForwardRegressionModel load(String path) {
    return read().load(path);
  }

  @Override
  public String toString() {
    return "FeedForwardRegressionModel: uid=" + uid + (net == null ? ", no network" : ", layers="
        + Arrays.toString(net.layers()) + ", activation="
        + (net.isUniform() ? net.activationName() : Arrays.toString(net.hiddenActivations())));
  }
}
