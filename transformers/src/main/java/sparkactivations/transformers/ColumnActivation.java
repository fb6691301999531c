package sparkactivations.transformers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import sparkactivations.functions.ActivationExpression;
import sparkactivations.functions.ActivationFunctions;
import sparkactivations.functions.InternalActivation;
import sparkactivations.functions.KeepVectorMetadata;

/**
 * What every stage does to its columns: checks the schema, and applies one activation to each
 * input column as a new output column of the same type. A single column is a list of one.
 */
final class ColumnActivation {

  static final String ACCEPTED_TYPES =
      "vector (dense or sparse), double, float, array<double> or array<float>";

  private ColumnActivation() {}

  /**
   * The input schema with one output field per input column appended; a vector output keeps the
   * input's size and attribute names ({@link KeepVectorMetadata#outputMetadata}).
   *
   * @throws IllegalArgumentException for a missing input column, an unsupported type, an output
   *     column that exists already or is named twice
   */
  static StructType transformSchema(StructType schema, List<String> inputCols, List<String> outputCols) {
    List<String> existing = Arrays.asList(schema.fieldNames());
    Set<String> seen = new HashSet<>();
    List<StructField> fields = new ArrayList<>(Arrays.asList(schema.fields()));
    for (int i = 0; i < inputCols.size(); i++) {
      String in = inputCols.get(i);
      String out = outputCols.get(i);
      if (!existing.contains(in)) {
        throw new IllegalArgumentException("Input column '" + in + "' does not exist. Available columns: "
            + String.join(", ", existing) + ".");
      }
      StructField field = schema.apply(in);
      if (!ActivationExpression.isSupported(field.dataType())) {
        throw new IllegalArgumentException("Input column '" + in + "' has type "
            + field.dataType().simpleString() + "; an activation accepts " + ACCEPTED_TYPES + ".");
      }
      if (existing.contains(out)) {
        throw new IllegalArgumentException("Output column '" + out + "' already exists; choose a new name.");
      }
      if (!seen.add(out)) {
        throw new IllegalArgumentException("Output column '" + out + "' is named more than once.");
      }
      fields.add(new StructField(out, field.dataType(), field.nullable(),
          KeepVectorMetadata.outputMetadata(field, out)));
    }
    return new StructType(fields.toArray(new StructField[0]));
  }

  /**
   * Adds the activated columns to {@code dataset}, computed by the SQL functions' expression
   * ({@link ActivationFunctions#apply}); runs no Spark job, so streams work too.
   */
  static Dataset<Row> transform(Dataset<?> dataset, List<String> inputCols, List<String> outputCols,
      ActivationFunction function, double alpha) {
    StructType outSchema = transformSchema(dataset.schema(), inputCols, outputCols);
    Column[] columns = new Column[inputCols.size() + 1];
    columns[0] = functions.col("*");
    for (int i = 0; i < inputCols.size(); i++) {
      StructField out = outSchema.apply(outputCols.get(i));
      columns[i + 1] = ActivationFunctions.apply(dataset.col(quote(inputCols.get(i))), function, alpha)
          .as(out.name(), out.metadata());
    }
    return dataset.select(columns);
  }

  /**
   * {@code f} applied to every entry. A sparse vector stays sparse when {@code f(0) = 0}: only its
   * stored values are computed, and entries that become {@code +0.0} are dropped. Otherwise the
   * result is dense.
   */
  static Vector apply(Vector v, ActivationFunction f, double alpha) {
    if (v instanceof DenseVector) {
      double[] in = ((DenseVector) v).values();
      double[] out = new double[in.length];
      f.apply(in, out, in.length, alpha);
      return new DenseVector(out);
    }
    SparseVector sv = (SparseVector) v;
    int[] indices = sv.indices();
    double[] values = sv.values();
    if (!f.mapsZeroToZero()) {
      double[] dense = new double[sv.size()];
      Arrays.fill(dense, f.value(0.0, alpha));
      for (int k = 0; k < indices.length; k++) {
        dense[indices[k]] = f.value(values[k], alpha);
      }
      return new DenseVector(dense);
    }
    int n = values.length;
    double[] out = new double[n];
    f.apply(values, out, n, alpha);
    int[] idx = indices.clone();
    int j = InternalActivation.dropPositiveZeros(idx, out, n);
    if (j == n) {
      return new SparseVector(sv.size(), idx, out);
    }
    return new SparseVector(sv.size(), Arrays.copyOf(idx, j), Arrays.copyOf(out, j));
  }

  private static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }
}
