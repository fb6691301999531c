package sparkactivations.transformers;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import scala.Function1;

/**
 * Applies any function of {@link ActivationFunction} (PyTorch's names: relu, leaky_relu, elu,
 * selu, celu, gelu, silu, softplus, relu6, sigmoid, tanh) to one column ({@code inputCol} /
 * {@code outputCol}) or to several ({@code inputCols} / {@code outputCols}), as {@code Binarizer}
 * does. Each output column has its input's type: vector, double, float, array of double or float.
 */
public final class Activation extends Transformer implements HasAlpha, DefaultParamsWritable {

  private static final long serialVersionUID = 1L;

  private final String uid;
  private final Param<String> function;
  private final DoubleParam alpha;
  private final Param<String> inputCol;
  private final Param<String> outputCol;
  private final StringArrayParam inputCols;
  private final StringArrayParam outputCols;

  public Activation() {
    this(Identifiable.randomUID("activation"));
  }

  public Activation(String uid) {
    this.uid = uid;
    // Params read uid() when built, so they are built here rather than as field initialisers.
    function = new Param<>(this, "function",
        "activation function, one of " + String.join(", ", ActivationFunction.names()) + " (default: relu)",
        (Function1<String, Object> & Serializable) name -> {
          ActivationFunction.forName(name);
          return true;
        });
    alpha = HasAlpha.alphaParam(this, "parameter of leaky_relu (negative_slope, default 0.01), "
        + "elu (alpha, default 1.0) and celu (alpha, default 1.0); ignored by the other functions; finite");
    inputCol = new Param<>(this, "inputCol", "input column name");
    outputCol = new Param<>(this, "outputCol", "output column name (default: uid + \"__output\")");
    inputCols = new StringArrayParam(this, "inputCols", "input column names");
    outputCols = new StringArrayParam(this, "outputCols", "output column names, one per input column");
    setDefault(function, ActivationFunction.RELU.functionName());
    setDefault(outputCol, uid + "__output");
  }

  @Override
  public String uid() {
    return uid;
  }

  /** The function applied (default {@code "relu"}). */
  public Param<String> function() {
    return function;
  }

  public String getFunction() {
    return getOrDefault(function);
  }

  public Activation setFunction(String value) {
    return (Activation) set(function, value);
  }

  /** The function's parameter; when not set, the function's own default (PyTorch's). */
  @Override
  public DoubleParam alpha() {
    return alpha;
  }

  /** The alpha in force: the one set, or the function's default (NaN for functions without one). */
  @Override
  public double getAlpha() {
    return isDefined(alpha) ? (Double) getOrDefault(alpha) : activationFunction().defaultAlpha();
  }

  public Activation setAlpha(double value) {
    return (Activation) set(alpha, value);
  }

  public Param<String> inputCol() {
    return inputCol;
  }

  public String getInputCol() {
    return getOrDefault(inputCol);
  }

  public Activation setInputCol(String value) {
    return (Activation) set(inputCol, value);
  }

  public Param<String> outputCol() {
    return outputCol;
  }

  public String getOutputCol() {
    return getOrDefault(outputCol);
  }

  public Activation setOutputCol(String value) {
    return (Activation) set(outputCol, value);
  }

  public StringArrayParam inputCols() {
    return inputCols;
  }

  public String[] getInputCols() {
    return getOrDefault(inputCols);
  }

  public Activation setInputCols(String... value) {
    return (Activation) set(inputCols, value);
  }

  public StringArrayParam outputCols() {
    return outputCols;
  }

  public String[] getOutputCols() {
    return getOrDefault(outputCols);
  }

  public Activation setOutputCols(String... value) {
    return (Activation) set(outputCols, value);
  }

  /** The function named by {@link #function()}. */
  public ActivationFunction activationFunction() {
    return ActivationFunction.forName(getFunction());
  }

  @Override
  public StructType transformSchema(StructType schema) {
    List<List<String>> cols = columns();
    activationFunction().checkAlpha(getAlpha());
    return ColumnActivation.transformSchema(schema, cols.get(0), cols.get(1));
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    List<List<String>> cols = columns();
    ActivationFunction f = activationFunction();
    f.checkAlpha(getAlpha());
    return ColumnActivation.transform(dataset, cols.get(0), cols.get(1), f, getAlpha());
  }

  /** The input and output columns, one list each, checked as {@code Binarizer} checks them. */
  private List<List<String>> columns() {
    boolean single = isSet(inputCol);
    boolean multi = isSet(inputCols);
    String me = "Activation " + uid + ": ";
    if (single && multi) {
      throw new IllegalArgumentException(me + "both inputCol and inputCols are set; set only one.");
    }
    if (single) {
      if (isSet(outputCols)) {
        throw new IllegalArgumentException(me + "inputCol is set with outputCols; use outputCol with inputCol.");
      }
      return Arrays.asList(Collections.singletonList(getInputCol()), Collections.singletonList(getOutputCol()));
    }
    if (!multi) {
      throw new IllegalArgumentException(me + "neither inputCol nor inputCols is set.");
    }
    if (isSet(outputCol)) {
      throw new IllegalArgumentException(me + "inputCols is set with outputCol; use outputCols with inputCols.");
    }
    if (!isSet(outputCols)) {
      throw new IllegalArgumentException(me + "inputCols is set but outputCols is not.");
    }
    String[] ins = getInputCols();
    String[] outs = getOutputCols();
    if (ins.length != outs.length) {
      throw new IllegalArgumentException(me + "inputCols has " + ins.length + " columns but outputCols has "
          + outs.length + "; they must pair up.");
    }
    return Arrays.asList(Arrays.asList(ins), Arrays.asList(outs));
  }

  @Override
  public Activation copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  public static MLReader<Activation> read() {
    return SparkBridge.defaultParamsReader();
  }

  public static Activation load(String path) {
    return read().load(path);
  }
}
