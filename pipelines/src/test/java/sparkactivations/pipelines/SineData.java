package sparkactivations.pipelines;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * {@code y = sin(x1) * x2 + noise}, {@code x1} uniform in [-3, 3], {@code x2} in [-2, 2], noise
 * normal with standard deviation {@link #NOISE}: no linear model fits it (its best linear fit
 * explains almost nothing), a small network does. Columns: id, label, features, a weight in
 * {0, 1, 2} and a validation flag (about one row in four).
 */
final class SineData {

  static final double NOISE = 0.05;

  static final StructType SCHEMA = new StructType()
      .add("id", DataTypes.LongType, false)
      .add("label", DataTypes.DoubleType, false)
      .add("features", SQLDataTypes.VectorType(), false)
      .add("weight", DataTypes.DoubleType, false)
      .add("validation", DataTypes.BooleanType, false);

  private SineData() {}

  static double target(double x1, double x2) {
    return Math.sin(x1) * x2;
  }

  static Dataset<Row> generate(SparkSession spark, int n, long seed, int partitions) {
    Random rnd = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double x1 = -3 + 6 * rnd.nextDouble();
      double x2 = -2 + 4 * rnd.nextDouble();
      double y = target(x1, x2) + NOISE * rnd.nextGaussian();
      rows.add(RowFactory.create((long) i, y, Vectors.dense(x1, x2), (double) rnd.nextInt(3), rnd.nextInt(4) == 0));
    }
    return spark.createDataFrame(rows, SCHEMA).repartition(partitions);
  }
}
