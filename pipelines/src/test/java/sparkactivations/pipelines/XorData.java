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
 * Four Gaussian clusters at (+-1, +-1), label 1 where the signs differ: no line separates the
 * classes, so a linear model stays near chance while one hidden layer solves it.
 */
final class XorData {

  static final StructType SCHEMA = new StructType()
      .add("id", DataTypes.LongType, false)
      .add("label", DataTypes.DoubleType, false)
      .add("features", SQLDataTypes.VectorType(), false);

  private XorData() {}

  static Dataset<Row> generate(SparkSession spark, int n, long seed, int partitions) {
    Random rnd = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double sx = rnd.nextBoolean() ? 1 : -1;
      double sy = rnd.nextBoolean() ? 1 : -1;
      double x = sx + 0.3 * rnd.nextGaussian();
      double y = sy + 0.3 * rnd.nextGaussian();
      rows.add(RowFactory.create((long) i, sx == sy ? 0.0 : 1.0, Vectors.dense(x, y)));
    }
    return spark.createDataFrame(rows, SCHEMA).repartition(partitions);
  }
}
