package sparkactivations.pipelines;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Well separated Gaussian clusters, one per class: columns {@code id}, {@code x0..x2} (doubles),
 * {@code vec} (the same three values as a vector, with size metadata), {@code bare} (the same
 * vector without metadata) and {@code label}.
 */
final class Clusters {

  static final double[][] CENTRES = {{4, 0, 0}, {0, 4, 0}, {0, 0, 4}, {-4, -4, -4}};

  private Clusters() {}

  static Dataset<Row> of(SparkSession spark, int classes, int perClass, long seed) {
    Random rnd = new Random(seed);
    List<Row> rows = new ArrayList<>();
    long id = 0;
    for (int c = 0; c < classes; c++) {
      for (int i = 0; i < perClass; i++) {
        double[] x = new double[3];
        for (int d = 0; d < 3; d++) {
          x[d] = CENTRES[c][d] + rnd.nextGaussian() * 0.5;
        }
        rows.add(RowFactory.create(id++, x[0], x[1], x[2], Vectors.dense(x), Vectors.dense(x), (double) c));
      }
    }
    StructType schema = new StructType(new StructField[] {
        new StructField("id", DataTypes.LongType, false, Metadata.empty()),
        new StructField("x0", DataTypes.DoubleType, false, Metadata.empty()),
        new StructField("x1", DataTypes.DoubleType, false, Metadata.empty()),
        new StructField("x2", DataTypes.DoubleType, false, Metadata.empty()),
        new StructField("vec", SQLDataTypes.VectorType(), false, new AttributeGroup("vec", 3).toMetadata()),
        new StructField("bare", SQLDataTypes.VectorType(), false, Metadata.empty()),
        new StructField("label", DataTypes.DoubleType, false, Metadata.empty()),
    });
    return spark.createDataFrame(rows, schema);
  }
}
