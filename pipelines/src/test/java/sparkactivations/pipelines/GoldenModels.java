package sparkactivations.pipelines;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import sparkactivations.transformers.Activation;
import sparkactivations.transformers.ELU;
import sparkactivations.transformers.LeakyReLU;
import sparkactivations.transformers.ReLU;

/**
 * The models whose saved copies are committed as test resources (golden files), one set per
 * release and Spark line under {@code golden/<release>/spark-<version>/}: each model's directory,
 * the rows it was given ({@code input}) and what it output for them ({@code expected}), both
 * parquet. {@link GoldenModelWriter} writes them; {@code GoldenModelsTest} loads every committed
 * set on the Spark version under test and checks the outputs are the saved ones.
 */
final class GoldenModels {

  /**
   * What a golden model is: its name, how it is fitted, the output columns compared, and whether
   * they are compared bit for bit. A network's outputs go through BLAS, whose Java implementation
   * differs by a few ulps between a JVM with the vector module (Spark 4's launcher adds it) and
   * one without (Spark 3.5's): their probabilities are compared to 1e-12 relative, their
   * predictions exactly.
   */
  enum Kind {
    /** Our stages in a PipelineModel with MLlib's perceptron. */
    MLP_PIPELINE("mlp-pipeline", false, "prediction", "probability", "rawPrediction"),
    /** A FeedForwardClassificationModel with learned per-unit PReLU slopes, saved alone. */
    FEED_FORWARD("feed-forward", false, "prediction", "probability", "rawPrediction"),
    /** Our four stages only, on vector and double columns: the kernel alone, bit for bit. */
    STAGES("stages", true, "relu", "leaky", "elu", "features_gelu", "x_gelu");

    /** Relative tolerance of the outputs that go through BLAS. */
    static final double BLAS_TOLERANCE = 1e-12;

    final String dir;
    final boolean bitForBit;
    final String[] outputs;

    Kind(String dir, boolean bitForBit, String... outputs) {
      this.dir = dir;
      this.bitForBit = bitForBit;
      this.outputs = outputs;
    }

    Transformer fit(Dataset<Row> data) {
      switch (this) {
        case MLP_PIPELINE:
          return new Pipeline().setStages(new PipelineStage[] {
              new StandardScaler().setInputCol("features").setOutputCol("scaled").setWithMean(true),
              new LeakyReLU().setAlpha(0.1).setInputCol("scaled").setOutputCol("leaky"),
              new Activation().setFunction("elu").setAlpha(0.5).setInputCol("leaky").setOutputCol("activated"),
              new MultilayerPerceptronClassifier().setLayers(new int[] {4, 6, 3}).setFeaturesCol("activated")
                  .setMaxIter(40).setSeed(11L)}).fit(data);
        case FEED_FORWARD:
          return new FeedForwardClassifier().setLayers(4, 6, 3).setActivation("prelu").setPreluSlopes("unit")
              .setMaxIter(40).setSeed(12L).fit(data);
        case STAGES:
          return new Pipeline().setStages(new PipelineStage[] {
              new ReLU().setInputCol("features").setOutputCol("relu"),
              new LeakyReLU().setAlpha(0.2).setInputCol("features").setOutputCol("leaky"),
              new ELU().setAlpha(0.5).setInputCol("features").setOutputCol("elu"),
              new Activation().setFunction("gelu").setInputCols("features", "x")
                  .setOutputCols("features_gelu", "x_gelu")}).fit(data);
        default:
          throw new AssertionError(this);
      }
    }

    Transformer load(String path) {
      return this == FEED_FORWARD ? FeedForwardClassificationModel.load(path) : PipelineModel.load(path);
    }
  }

  static final StructType SCHEMA = new StructType()
      .add("id", DataTypes.LongType, false)
      .add("label", DataTypes.DoubleType, false)
      .add("x", DataTypes.DoubleType, true)
      .add("features", SQLDataTypes.VectorType(), false);

  private GoldenModels() {}

  /**
   * 120 rows, three classes around three centres in four dimensions, every fifth vector sparse,
   * a double column with a null; made in plain Java, so every Spark version sees the same rows.
   */
  static Dataset<Row> data(SparkSession spark) {
    Random rnd = new Random(2026);
    double[][] centres = {{1, -1, 0.5, 0}, {-1, 1, 0, -0.5}, {0, 0, -1, 1}};
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      int label = i % 3;
      double[] v = new double[4];
      for (int j = 0; j < 4; j++) {
        v[j] = centres[label][j] + 0.6 * rnd.nextGaussian();
      }
      Object x = i == 7 ? null : (Object) (3 * rnd.nextGaussian());
      rows.add(RowFactory.create((long) i, (double) label, x,
          i % 5 == 0 ? Vectors.dense(v).toSparse() : Vectors.dense(v)));
    }
    return spark.createDataFrame(rows, SCHEMA).repartition(3);
  }
}
