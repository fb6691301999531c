package sparkactivations.transformers;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.attribute.NumericAttribute;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * What every stage does to its columns: checks the schema, and applies one activation to each
 * input column as a new output column of the same type. A single column is a list of one.
 */
final class ColumnActivation {

  static final String ACCEPTED_TYPES =
      "vector (dense or sparse), double, float, array<double> or array<float>";

  private ColumnActivation() {}

  /**
   * The input schema with one output field per input column appended.
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
      if (!isSupported(field.dataType())) {
        throw new IllegalArgumentException("Input column '" + in + "' has type "
            + field.dataType().simpleString() + "; an activation accepts " + ACCEPTED_TYPES + ".");
      }
      if (existing.contains(out)) {
        throw new IllegalArgumentException("Output column '" + out + "' already exists; choose a new name.");
      }
      if (!seen.add(out)) {
        throw new IllegalArgumentException("Output column '" + out + "' is named more than once.");
      }
      fields.add(new StructField(out, field.dataType(), field.nullable(), outputMetadata(field, out)));
    }
    return new StructType(fields.toArray(new StructField[0]));
  }

  /** Adds the activated columns to {@code dataset}; runs no Spark job, so streams work too. */
  static Dataset<Row> transform(Dataset<?> dataset, List<String> inputCols, List<String> outputCols,
      ActivationFunction function, double alpha) {
    StructType outSchema = transformSchema(dataset.schema(), inputCols, outputCols);
    Column[] columns = new Column[inputCols.size() + 1];
    columns[0] = functions.col("*");
    for (int i = 0; i < inputCols.size(); i++) {
      StructField in = dataset.schema().apply(inputCols.get(i));
      StructField out = outSchema.apply(outputCols.get(i));
      UserDefinedFunction udf = udf(in.dataType(), function, alpha).withName(function.functionName());
      if (!in.nullable()) {
        udf = udf.asNonNullable();
      }
      columns[i + 1] = udf.apply(dataset.col(quote(in.name()))).as(out.name(), out.metadata());
    }
    return dataset.select(columns);
  }

  /**
   * {@code f} applied to every entry. A sparse vector stays sparse when {@code f(0) = 0}: only its
   * stored values are computed, and entries that become {@code +0.0} are dropped. Otherwise the
   * result is dense.
   */
  static Vector apply(Vector v, ActivationFunction f, double alpha) {
    return apply(v, f, alpha, false);
  }

  /**
   * As {@link #apply(Vector, ActivationFunction, double)}; with {@code ownsInput}, the input's
   * arrays may be overwritten. The UDF passes true: Spark deserialises a fresh vector for every
   * call (VectorUDT copies the row's arrays), so nobody else sees it.
   */
  private static Vector apply(Vector v, ActivationFunction f, double alpha, boolean ownsInput) {
    if (v instanceof DenseVector) {
      double[] in = ((DenseVector) v).values();
      double[] out = ownsInput ? in : new double[in.length];
      f.apply(in, out, in.length, alpha);
      return ownsInput ? v : new DenseVector(out);
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
    double[] out = ownsInput ? values : new double[n];
    f.apply(values, out, n, alpha);
    // Compact away the +0.0s in place, without a branch per value (their positions are as
    // unpredictable as the signs of the inputs): every entry is written at j, and j moves on
    // only for one that is kept (bits != 0, so -0.0 stays).
    int[] idx = ownsInput ? indices : indices.clone();
    int j = 0;
    for (int k = 0; k < n; k++) {
      long bits = Double.doubleToRawLongBits(out[k]);
      idx[j] = idx[k];
      out[j] = out[k];
      j += (int) ((bits | -bits) >>> 63);
    }
    if (j == n) {
      return ownsInput ? v : new SparseVector(sv.size(), idx, out);
    }
    return new SparseVector(sv.size(), Arrays.copyOf(idx, j), Arrays.copyOf(out, j));
  }

  private static boolean isSupported(DataType t) {
    if (t instanceof VectorUDT || t == DataTypes.DoubleType || t == DataTypes.FloatType) {
      return true;
    }
    if (t instanceof ArrayType) {
      DataType e = ((ArrayType) t).elementType();
      return e == DataTypes.DoubleType || e == DataTypes.FloatType;
    }
    return false;
  }

  /** A vector keeps its size and attribute names (not their statistics, which no longer hold). */
  private static Metadata outputMetadata(StructField in, String outName) {
    if (!(in.dataType() instanceof VectorUDT)) {
      return Metadata.empty();
    }
    AttributeGroup group = AttributeGroup.fromStructField(in);
    if (group.attributes().isDefined()) {
      Attribute[] attrs = group.attributes().get();
      Attribute[] outAttrs = new Attribute[attrs.length];
      for (int i = 0; i < attrs.length; i++) {
        NumericAttribute a = NumericAttribute.defaultAttr().withIndex(i);
        outAttrs[i] = attrs[i].name().isDefined() ? a.withName(attrs[i].name().get()) : a;
      }
      return new AttributeGroup(outName, outAttrs).toMetadata();
    }
    if (group.size() >= 0) {
      return new AttributeGroup(outName, group.size()).toMetadata();
    }
    return Metadata.empty();
  }

  private static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  private static UserDefinedFunction udf(DataType t, ActivationFunction f, double alpha) {
    if (t instanceof VectorUDT) {
      return functions.udf((UDF1<Vector, Vector>) v -> v == null ? null : apply(v, f, alpha, true),
          SQLDataTypes.VectorType());
    }
    if (t == DataTypes.DoubleType) {
      return functions.udf((UDF1<Double, Double>) x -> x == null ? null : f.value(x, alpha), t);
    }
    if (t == DataTypes.FloatType) {
      return functions.udf((UDF1<Float, Float>) x -> x == null ? null : (float) f.value(x, alpha), t);
    }
    boolean isFloat = ((ArrayType) t).elementType() == DataTypes.FloatType;
    return functions.udf(new ArrayActivation(f, alpha, isFloat), t);
  }

  /** An array column: element by element, a null element staying null. */
  private static final class ArrayActivation implements UDF1<scala.collection.Seq<Object>, Object[]>, Serializable {
    private static final long serialVersionUID = 1L;
    private final ActivationFunction f;
    private final double alpha;
    private final boolean isFloat;

    ArrayActivation(ActivationFunction f, double alpha, boolean isFloat) {
      this.f = f;
      this.alpha = alpha;
      this.isFloat = isFloat;
    }

    @Override
    public Object[] call(scala.collection.Seq<Object> values) {
      if (values == null) {
        return null;
      }
      int n = values.length();
      Object[] out = isFloat ? new Float[n] : new Double[n];
      for (int i = 0; i < n; i++) {
        Object x = values.apply(i);
        if (x != null) {
          double y = f.value(((Number) x).doubleValue(), alpha);
          // Not a conditional expression: that would unbox both arms and box a Double.
          if (isFloat) {
            out[i] = (float) y;
          } else {
            out[i] = y;
          }
        }
      }
      return out;
    }
  }
}
