package sparkactivations.pipelines.network;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;

/**
 * Checks training rows {@code (label, features, weight, validation)} and stacks a partition's
 * rows into {@link StackedBlock}s, the held-out validation rows into blocks of their own. For a
 * classifier a label must be an integer in {@code [0, numClasses)}, for a regressor any finite
 * number; features a vector of the input layer's size with finite values; a weight finite and
 * at least 0; the validation flag not null. Anything else is refused with a message naming the
 * column and the value.
 */
public final class TrainingRowStacker implements java.io.Serializable {

  private static final long serialVersionUID = 2L;

  private final String labelCol;
  private final String featuresCol;
  private final String weightCol;
  private final String validationCol;
  private final int dim;
  private final int numClasses;
  private final int blockSize;

  /**
   * @param weightCol the weight column's name, or null when every row weighs 1
   * @param validationCol the validation indicator column's name, or null when there is none
   * @param numClasses the classifier's number of classes; 0 for a regressor
   */
  public TrainingRowStacker(String labelCol, String featuresCol, String weightCol, String validationCol, int dim,
      int numClasses, int blockSize) {
    this.labelCol = labelCol;
    this.featuresCol = featuresCol;
    this.weightCol = weightCol;
    this.validationCol = validationCol;
    this.dim = dim;
    this.numClasses = numClasses;
    this.blockSize = blockSize;
  }

  /** Rows being stacked into one block. */
  private final class Buffer {
    final boolean validation;
    double[] x;
    double[] y;
    double[] w;
    long[] keys;
    int n;

    Buffer(boolean validation) {
      this.validation = validation;
      reset();
    }

    void reset() {
      x = new double[blockSize * dim];
      y = new double[blockSize];
      w = new double[blockSize];
      keys = new long[blockSize];
      n = 0;
    }

    void add(double[] values, double label, double weight, List<StackedBlock> out) {
      System.arraycopy(values, 0, x, n * dim, dim);
      y[n] = label;
      w[n] = weight;
      keys[n] = rowKey(values, numClasses > 0 ? (long) (int) label : Double.doubleToLongBits(label + 0.0));
      n++;
      if (n == blockSize) {
        out.add(new StackedBlock(n, dim, x, y, w, keys, validation));
        reset();
      }
    }

    void flush(List<StackedBlock> out) {
      if (n > 0) {
        out.add(new StackedBlock(n, dim, Arrays.copyOf(x, n * dim), Arrays.copyOf(y, n), Arrays.copyOf(w, n),
            Arrays.copyOf(keys, n), validation));
      }
    }
  }

  /** The blocks of one partition of rows {@code (label: double, features: vector, weight: double, validation: boolean)}. */
  public List<StackedBlock> stack(Iterator<Row> rows) {
    List<StackedBlock> blocks = new ArrayList<>();
    Buffer train = new Buffer(false);
    Buffer held = new Buffer(true);
    while (rows.hasNext()) {
      Row row = rows.next();
      double label = label(row);
      double[] values = features(row);
      double weight = weight(row);
      (validation(row) ? held : train).add(values, label, weight, blocks);
    }
    train.flush(blocks);
    held.flush(blocks);
    return blocks;
  }

  private double label(Row row) {
    String accepted = numClasses > 0
        ? "labels must be integer class indices 0, 1, ..., " + (numClasses - 1) + " (the output layer has "
            + numClasses + " units)"
        : "labels must be finite numbers";
    if (row.isNullAt(0)) {
      throw new IllegalArgumentException("Label column '" + labelCol + "' has a null value; " + accepted + ".");
    }
    double label = row.getDouble(0);
    boolean ok = numClasses > 0
        ? label >= 0 && label < numClasses && label == Math.rint(label)
        : Double.isFinite(label);
    if (!ok) {
      throw new IllegalArgumentException("Label column '" + labelCol + "' has the value " + label + "; " + accepted
          + ".");
    }
    return label;
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

  private double weight(Row row) {
    if (weightCol == null) {
      return 1.0;
    }
    if (row.isNullAt(2)) {
      throw new IllegalArgumentException("Weight column '" + weightCol + "' has a null value; weights must be "
          + "finite numbers of at least 0.");
    }
    double w = row.getDouble(2);
    if (!(w >= 0 && Double.isFinite(w))) {
      throw new IllegalArgumentException("Weight column '" + weightCol + "' has the value " + w
          + "; weights must be finite numbers of at least 0.");
    }
    return w;
  }

  private boolean validation(Row row) {
    if (validationCol == null) {
      return false;
    }
    if (row.isNullAt(3)) {
      throw new IllegalArgumentException("Validation indicator column '" + validationCol + "' has a null value; "
          + "it must be true (held out) or false (trained on).");
    }
    return row.getBoolean(3);
  }

  /** A hash of the row's content (features and label bits): the same row gets the same key in any partition. */
  public static long rowKey(double[] values, long label) {
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
