package sparkactivations.pipelines;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import sparkactivations.pipelines.network.NetworkTopology;
import sparkactivations.transformers.SparkBridge;

/**
 * Saves a {@link FeedForwardClassificationModel} as MLlib saves its models: the params as
 * metadata JSON under {@code metadata/}, the network as one parquet row under {@code data/},
 * with a format version that the reader checks.
 */
final class FeedForwardModelWriter extends MLWriter {

  /** Version of the data file's layout. */
  static final int FORMAT_VERSION = 1;

  static final StructType DATA_SCHEMA = new StructType()
      .add("formatVersion", DataTypes.IntegerType, false)
      .add("layers", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
      .add("activation", DataTypes.StringType, false)
      .add("alpha", DataTypes.DoubleType, false)
      .add("slopePerUnit", DataTypes.BooleanType, false)
      .add("params", DataTypes.createArrayType(DataTypes.DoubleType, false), false);

  private final FeedForwardClassificationModel model;

  FeedForwardModelWriter(FeedForwardClassificationModel model) {
    this.model = model;
  }

  @Override
  public void saveImpl(String path) {
    SparkBridge.saveMetadata(model, path, sc());
    NetworkTopology net = model.topology();
    List<Integer> layers = new ArrayList<>();
    for (int s : net.layers()) {
      layers.add(s);
    }
    List<Double> params = new ArrayList<>();
    for (double p : model.allParams()) {
      params.add(p);
    }
    Row row = RowFactory.create(FORMAT_VERSION, layers, net.activationName(), net.alpha(), net.slopePerUnit(), params);
    sparkSession().createDataFrame(Collections.singletonList(row), DATA_SCHEMA)
        .repartition(1).write().parquet(new org.apache.hadoop.fs.Path(path, "data").toString());
  }
}
