package sparkactivations.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Generated frames with every supported column type, nulls included. */
public final class TestData {

  public static final int DENSE_SIZE = 5;
  public static final int SPARSE_SIZE = 12;

  private TestData() {}

  /** The schema of {@link #mixed}: id, dense, sparse, x, f, arr, farr; dense carries its size. */
  public static StructType mixedSchema() {
    Metadata denseSize = new AttributeGroup("dense", DENSE_SIZE).toMetadata();
    return new StructType(new StructField[] {
        new StructField("id", DataTypes.LongType, false, Metadata.empty()),
        new StructField("dense", SQLDataTypes.VectorType(), true, denseSize),
        new StructField("sparse", SQLDataTypes.VectorType(), true, Metadata.empty()),
        new StructField("x", DataTypes.DoubleType, true, Metadata.empty()),
        new StructField("f", DataTypes.FloatType, true, Metadata.empty()),
        new StructField("arr", DataTypes.createArrayType(DataTypes.DoubleType, true), true, Metadata.empty()),
        new StructField("farr", DataTypes.createArrayType(DataTypes.FloatType, true), true, Metadata.empty()),
    });
  }

  /** {@code n} rows of values in about [-3, 3] with exact zeros; every tenth value is null. */
  public static Dataset<Row> mixed(SparkSession spark, int n, long seed) {
    Random rnd = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(RowFactory.create((long) i,
          maybeNull(rnd, Vectors.dense(values(rnd, DENSE_SIZE))),
          maybeNull(rnd, sparse(rnd, SPARSE_SIZE)),
          maybeNull(rnd, value(rnd)),
          maybeNull(rnd, (float) value(rnd)),
          maybeNull(rnd, boxedWithNull(rnd, values(rnd, 1 + rnd.nextInt(4)))),
          maybeNull(rnd, floatsWithNull(rnd, values(rnd, rnd.nextInt(4))))));
    }
    return spark.createDataFrame(rows, mixedSchema());
  }

  public static double value(Random rnd) {
    return rnd.nextInt(8) == 0 ? 0.0 : rnd.nextGaussian() * 1.5;
  }

  public static double[] values(Random rnd, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = value(rnd);
    }
    return v;
  }

  public static Vector sparse(Random rnd, int size) {
    int nnz = rnd.nextInt(size / 2 + 1);
    int[] idx = rnd.ints(0, size).distinct().limit(nnz).sorted().toArray();
    double[] vals = new double[idx.length];
    for (int i = 0; i < idx.length; i++) {
      vals[i] = rnd.nextGaussian() * 1.5;
    }
    return Vectors.sparse(size, idx, vals);
  }

  private static <T> T maybeNull(Random rnd, T value) {
    return rnd.nextInt(10) == 0 ? null : value;
  }

  private static List<Double> boxedWithNull(Random rnd, double[] v) {
    List<Double> out = new ArrayList<>();
    for (double d : v) {
      out.add(rnd.nextInt(6) == 0 ? null : d);
    }
    return out;
  }

  private static List<Float> floatsWithNull(Random rnd, double[] v) {
    Float[] out = new Float[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = rnd.nextInt(6) == 0 ? null : (float) v[i];
    }
    return Arrays.asList(out);
  }
}
