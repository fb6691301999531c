package sparkactivations.pipelines;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.BiConsumer;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import sparkactivations.pipelines.network.NetworkTopology;
import sparkactivations.transformers.SparkBridge;

/**
 * Loads what {@link FeedForwardModelWriter} saved (format 1 or 2); refuses data of an unknown
 * format version.
 */
final class FeedForwardModelReader<M extends Params> extends MLReader<M> {

  /** Makes the model from its uid, network and parameters. */
  interface Factory<M> {
    M create(String uid, NetworkTopology net, double[] params);
  }

  private final Class<M> modelClass;
  private final Factory<M> factory;
  private final BiConsumer<M, FeedForwardTrainingSummary> summarySetter;

  /** {@code summarySetter} is given the saved training summary, or null when there is none. */
  FeedForwardModelReader(Class<M> modelClass, Factory<M> factory,
      BiConsumer<M, FeedForwardTrainingSummary> summarySetter) {
    this.modelClass = modelClass;
    this.factory = factory;
    this.summarySetter = summarySetter;
  }

  @Override
  public M load(String path) {
    String dataPath = new org.apache.hadoop.fs.Path(path, "data").toString();
    Dataset<Row> data = sparkSession().read().parquet(dataPath);
    int version = data.select("formatVersion").head().getInt(0);
    if (version != FeedForwardModelWriter.FORMAT_VERSION && version != FeedForwardModelWriter.PER_LAYER_FORMAT_VERSION) {
      throw new IllegalArgumentException("Model data at " + dataPath + " has format version " + version
          + "; this version of the library reads formats " + FeedForwardModelWriter.FORMAT_VERSION + " and "
          + FeedForwardModelWriter.PER_LAYER_FORMAT_VERSION + ".");
    }
    Row row = version == FeedForwardModelWriter.FORMAT_VERSION
        ? data.select("formatVersion", "layers", "activation", "alpha", "slopePerUnit", "params").head()
        : data.select("formatVersion", "layers", "activation", "alpha", "slopePerUnit", "params",
            "hiddenActivations", "hiddenAlphas").head();
    List<Integer> layerList = row.getList(1);
    int[] layers = new int[layerList.size()];
    for (int i = 0; i < layers.length; i++) {
      layers[i] = layerList.get(i);
    }
    double[] params = unboxed(row.getList(5));
    NetworkTopology net;
    if (version == FeedForwardModelWriter.FORMAT_VERSION) {
      net = new NetworkTopology(layers, row.getString(2), row.getDouble(3), row.getBoolean(4));
    } else {
      List<String> names = row.getList(6);
      List<Double> alphaList = row.getList(7);
      double[] alphas = new double[alphaList.size()];
      for (int i = 0; i < alphas.length; i++) {
        alphas[i] = alphaList.get(i);
      }
      net = new NetworkTopology(layers, names.toArray(new String[0]), alphas, row.getBoolean(4));
    }
    if (params.length != net.numParams()) {
      throw new IllegalArgumentException("Model data at " + dataPath + " has " + params.length
          + " parameters; its network needs " + net.numParams() + ".");
    }
    M model = SparkBridge.loadWithMetadata(path, sc(), modelClass.getName(), uid -> factory.create(uid, net, params));
    summarySetter.accept(model, loadSummary(path));
    return model;
  }

  /** The summary saved under {@code summary/}, or null when the model was saved without one. */
  private FeedForwardTrainingSummary loadSummary(String path) {
    org.apache.hadoop.fs.Path summaryPath = new org.apache.hadoop.fs.Path(path, "summary");
    try {
      if (!summaryPath.getFileSystem(sc().hadoopConfiguration()).exists(summaryPath)) {
        return null;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + summaryPath, e);
    }
    Row row = sparkSession().read().parquet(summaryPath.toString())
        .select("objectiveHistory", "totalIterations", "deadUnitFractions", "validationLossHistory", "bestIteration")
        .head();
    return new FeedForwardTrainingSummary(unboxed(row.getList(0)), row.getInt(1), unboxed(row.getList(2)),
        unboxed(row.getList(3)), row.getInt(4));
  }

  private static double[] unboxed(List<Double> values) {
    double[] out = new double[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i);
    }
    return out;
  }
}
