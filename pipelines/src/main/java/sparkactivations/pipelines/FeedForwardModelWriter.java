package sparkactivations.pipelines;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import sparkactivations.pipelines.network.NetworkTopology;
import sparkactivations.transformers.SparkBridge;

/**
 * Saves a feed-forward model ({@link FeedForwardClassificationModel},
 * {@link FeedForwardRegressionModel}) as MLlib saves its models: the params as metadata JSON under
 * {@code metadata/}, the network as one parquet row under {@code data/}, with a format version
 * that the reader checks. A network with one activation for all hidden layers is written in
 * format 1, which every release reads; one with an activation per hidden layer in format 2, which
 * adds the per-layer activations and alphas.
 * The training summary, when the model has one, is saved as one parquet row under
 * {@code summary/}, which the reader takes when present.
 */
final class FeedForwardModelWriter extends MLWriter {

  /** Version of the data file's layout with one hidden activation. */
  static final int FORMAT_VERSION = 1;
  /** Version of the data file's layout with an activation per hidden layer. */
  static final int PER_LAYER_FORMAT_VERSION = 2;

  static final StructType DATA_SCHEMA = new StructType()
      .add("formatVersion", DataTypes.IntegerType, false)
      .add("layers", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
      .add("activation", DataTypes.StringType, false)
      .add("alpha", DataTypes.DoubleType, false)
      .add("slopePerUnit", DataTypes.BooleanType, false)
      .add("params", DataTypes.createArrayType(DataTypes.DoubleType, false), false);

  static final StructType PER_LAYER_DATA_SCHEMA = DATA_SCHEMA
      .add("hiddenActivations", DataTypes.createArrayType(DataTypes.StringType, false), false)
      .add("hiddenAlphas", DataTypes.createArrayType(DataTypes.DoubleType, false), false);

  static final StructType SUMMARY_SCHEMA = new StructType()
      .add("objectiveHistory", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
      .add("totalIterations", DataTypes.IntegerType, false)
      .add("deadUnitFractions", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
      .add("validationLossHistory", DataTypes.createArrayType(DataTypes.DoubleType, false), false)
      .add("bestIteration", DataTypes.IntegerType, false);

  private final Params model;
  private final NetworkTopology net;
  private final double[] params;
  private final FeedForwardTrainingSummary summary;

  /** {@code summary}: the model's training summary, or null for a model without one. */
  FeedForwardModelWriter(Params model, NetworkTopology net, double[] params, FeedForwardTrainingSummary summary) {
    this.model = model;
    this.net = net;
    this.params = params;
    this.summary = summary;
  }

  @Override
  public void saveImpl(String path) {
    SparkBridge.saveMetadata(model, path, sc());
    List<Integer> layers = new ArrayList<>();
    for (int s : net.layers()) {
      layers.add(s);
    }
    List<Double> values = boxed(params);
    Row row;
    StructType schema;
    if (net.isUniform()) {
      row = RowFactory.create(FORMAT_VERSION, layers, net.activationName(), net.alpha(), net.slopePerUnit(), values);
      schema = DATA_SCHEMA;
    } else {
      List<Double> alphas = new ArrayList<>();
      for (double a : net.hiddenAlphas()) {
        alphas.add(a);
      }
      // activation and alpha: the first hidden layer's, so that the columns of format 1 stay filled
      row = RowFactory.create(PER_LAYER_FORMAT_VERSION, layers, net.activationName(1), net.hiddenAlphas()[0],
          net.slopePerUnit(), values, java.util.Arrays.asList(net.hiddenActivations()), alphas);
      schema = PER_LAYER_DATA_SCHEMA;
    }
    sparkSession().createDataFrame(Collections.singletonList(row), schema)
        .repartition(1).write().parquet(new org.apache.hadoop.fs.Path(path, "data").toString());
    if (summary != null) {
      Row summaryRow = RowFactory.create(boxed(summary.objectiveHistory()), summary.totalIterations(),
          boxed(summary.deadUnitFractions()), boxed(summary.validationLossHistory()), summary.bestIteration());
      sparkSession().createDataFrame(Collections.singletonList(summaryRow), SUMMARY_SCHEMA)
          .repartition(1).write().parquet(new org.apache.hadoop.fs.Path(path, "summary").toString());
    }
  }

  private static List<Double> boxed(double[] values) {
    List<Double> out = new ArrayList<>(values.length);
    for (double v : values) {
      out.add(v);
    }
    return out;
  }
}
