package sparkactivations.pipelines;

import java.util.List;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Row;
import sparkactivations.pipelines.network.NetworkTopology;
import sparkactivations.transformers.SparkBridge;

/** Loads what {@link FeedForwardModelWriter} saved; refuses data of an unknown format version. */
final class FeedForwardModelReader extends MLReader<FeedForwardClassificationModel> {

  @Override
  public FeedForwardClassificationModel load(String path) {
    String dataPath = new org.apache.hadoop.fs.Path(path, "data").toString();
    Row row = sparkSession().read().parquet(dataPath)
        .select("formatVersion", "layers", "activation", "alpha", "slopePerUnit", "params").head();
    int version = row.getInt(0);
    if (version != FeedForwardModelWriter.FORMAT_VERSION) {
      throw new IllegalArgumentException("Model data at " + dataPath + " has format version " + version
          + "; this version of the library reads format " + FeedForwardModelWriter.FORMAT_VERSION + ".");
    }
    List<Integer> layerList = row.getList(1);
    int[] layers = new int[layerList.size()];
    for (int i = 0; i < layers.length; i++) {
      layers[i] = layerList.get(i);
    }
    List<Double> paramList = row.getList(5);
    double[] params = new double[paramList.size()];
    for (int i = 0; i < params.length; i++) {
      params[i] = paramList.get(i);
    }
    NetworkTopology net = new NetworkTopology(layers, row.getString(2), row.getDouble(3), row.getBoolean(4));
    if (params.length != net.numParams()) {
      throw new IllegalArgumentException("Model data at " + dataPath + " has " + params.length
          + " parameters; its network needs " + net.numParams() + ".");
    }
    return SparkBridge.loadWithMetadata(path, sc(), FeedForwardClassificationModel.class.getName(),
        uid -> new FeedForwardClassificationModel(uid, net, params));
  }
}
