package sparkactivations.pipelines.network;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;

/**
 * Checks training rows (label, features) and stacks a partition's rows into
 * {@link StackedBlock}s. A label must be an integer in {@code [0, numClasses)} and features a
 * vector of the input layer's size with finite values; anything else is refused with a message
 * naming the column and the value.
 */
public final class TrainingRowStacker implements java.io.Serializable {

  private static final long serialVersionUID = 1L;

  private final String labelCol;
  private final String featuresCol;
  private final int dim;
  private final int numClasses;
  private final int blockSize;

  public TrainingRowStacker(String labelCol, String featuresCol, int dim, int numClasses, int blockSize) {
    this.labelCol = labelCol;
    this.featuresCol = featuresCol;
    this.dim = dim;
    this.numClasses = numClasses;
    this.blockSize = blockSize;
  }

  /** The blocks of one partition of rows {@code (label: double, features: vector)}. */
  public List<StackedBlock> stack(Iterator<Row> rows) {
    List<StackedBlock> blocks = new ArrayList<>();
    double[] x = new double[blockSize * dim];
    int[] y = new int[blockSize];
    long[] keys = new long[blockSize];
    int n = 0;
    while (rows.hasNext()) {
      Row row = rows.next();
      y[n] = label(row);
      double[] values = features(row);
      System.arraycopy(values, 0, x, n * dim, dim);
      keys[n] = rowKey(values, y[n]);
      n++;
      if (n == blockSize) {
        blocks.add(new StackedBlock(n, dim, x, y, keys));
        x = new double[blockSize * dim];
        y = new int[blockSize];
        keys = new long[blockSize];
        n = 0;
      }
    }
    if (n > 0) {
      blocks.add(new StackedBlock(n, dim, Arrays.copyOf(x, n * dim),
          Arrays.copyOf(y, n), Arrays.copyOf(keys, n)));
    }
    return blocks;
  }

  private int label(Row row) {
    if (row.isNullAt(0)) {
      throw new IllegalArgumentException("Label column '" + labelCol + "' has a null value; labels must be "
          + "class indices 0, 1, ..., " + (numClasses - 1) + ".");
    }
    double label = row.getDouble(0);
    if (!(label >= 0 && label < numClasses && label == Math.rint(label))) {
      throw new IllegalArgumentException("Label column '" + labelCol + "' has the value " + label
          + "; labels must be integer class indices 0, 1, ..., " + (numClasses - 1)
          + " (the output layer has " + numClasses + " units).");
    }
    return (int) label;
  }

  private double[] features(Row row) {
    if (row.isNullAt(1)) {
      throw new IllegalArgumentException("Features column '" + featuresCol + "' has a null vector.");
    }
    Vector v = (Vector) row.get(1);
    if (v.size() != dim) {
      throw new IllegalArgumentException("Features column '" + featuresCol + "' has a vector of size " + v.size()
          + "; the input layer (layers[0]) has " + dim + " units.");
    }
    double[] values = v.toArray();
    for (int i = 0; i < values.length; i++) {
      if (Double.isNaN(values[i]) || Double.isInfinite(values[i])) {
        throw new IllegalArgumentException("Features column '" + featuresCol + "' has the value " + values[i]
            + " at index " + i + "; features must be finite (replace or drop NaN and infinite values first).");
      }
    }
    return values;
  }

  /** A hash of the row's content: the same row gets the same key in any partition. */
  public static long rowKey(double[] values, int label) {
    long h = 0x9E3779B97F4A7C15L ^ label;
    for (double d : values) {
      h = mix(h ^ Double.doubleToLongBits(d + 0.0));
    }
    return h;
  }

  /** SplitMix64's finaliser. */
  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
