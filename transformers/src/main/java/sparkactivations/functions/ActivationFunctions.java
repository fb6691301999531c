package sparkactivations.functions;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ExpressionInfo;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.rules.Rule;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import scala.Function1;
import sparkactivations.transformers.ActivationFunction;
import sparkactivations.transformers.SparkBridge;

/**
 * The activation functions as SQL functions and as {@code Column} functions, under PyTorch's
 * names: {@code relu(x)}, {@code leaky_relu(x [, alpha])}, {@code elu(x [, alpha])},
 * {@code selu(x)}, {@code celu(x [, alpha])}, {@code gelu(x)}, {@code silu(x)},
 * {@code softplus(x)}, {@code relu6(x)}, {@code sigmoid(x)}, and
 * {@code activation(x, name [, alpha])} for any of {@link ActivationFunction} by name, {@code tanh}
 * included (Spark's own {@code tanh} is left as it is).
 *
 * <p>{@code x} is a vector (dense or sparse), double, float, array&lt;double&gt; or
 * array&lt;float&gt;; the result has its type, a null gives null (a null array element too), and
 * the values are those of the stages ({@code ReLU}, {@code Activation}...), bit for bit. A sparse
 * vector stays sparse for functions with {@code f(0) = 0}. {@code alpha} must be a constant and
 * defaults to PyTorch's value (0.01 for leaky_relu, 1.0 for elu and celu).
 *
 * <p>The SQL functions exist in every session started with this library's jar on the classpath
 * ({@link ActivationExtensions} is registered as a service), in sessions configured with
 * {@code spark.sql.extensions=sparkactivations.functions.ActivationExtensions}, and in any
 * existing session after {@link #register(SparkSession)}. The {@code Column} functions here need
 * none of that.
 *
 * <p>Metadata: in a session started with the extension (the first two cases), a named result of
 * a function, possibly nested ({@code relu(elu(features)) AS r}, a {@code selectExpr} or
 * {@code withColumn} column, an unnamed SQL column), on a vector column with an ML attribute
 * group gets the group the stages give: the input's size and attribute names
 * ({@link KeepVectorMetadata}). A column named with metadata of its own
 * ({@code Column.as(name, metadata)}) keeps that; numbers, arrays, and vectors without an
 * attribute group get none. In a session that existed before the functions were added
 * ({@link #register(SparkSession)}) the analyzer cannot take the rule, and the results have no
 * metadata: use the stages, which add their columns with it.
 */
public final class ActivationFunctions {

  /** The name of the generic function, {@code activation(x, name [, alpha])}. */
  public static final String GENERIC = "activation";

  /** The functions with a SQL name of their own; Spark's built-in {@code tanh} keeps its name. */
  private static final List<ActivationFunction> NAMED = Collections.unmodifiableList(Arrays.asList(
      ActivationFunction.RELU, ActivationFunction.LEAKY_RELU, ActivationFunction.ELU, ActivationFunction.SELU,
      ActivationFunction.CELU, ActivationFunction.GELU, ActivationFunction.SILU, ActivationFunction.SOFTPLUS,
      ActivationFunction.RELU6, ActivationFunction.SIGMOID));

  static final String ACCEPTED_TYPES =
      "vector (dense or sparse), double, float, array<double> or array<float>";

  private ActivationFunctions() {}

  /** The SQL function names this library adds, the generic {@code activation} last. */
  public static String[] sqlNames() {
    List<String> names = new ArrayList<>();
    for (ActivationFunction f : NAMED) {
      names.add(f.functionName());
    }
    names.add(GENERIC);
    return names.toArray(new String[0]);
  }

  /**
   * Adds the SQL functions to an existing session (replacing them if there already). Sessions
   * started with this library's jar on the classpath have them already. The analyzer of an
   * existing session cannot take a rule, so here the functions' vector results have no ML
   * metadata (sessions started with the extension give them the input's).
   */
  public static void register(SparkSession spark) {
    // Through the extension Spark itself applies to new sessions, so that the registry names the
    // functions as it names injected ones (from Spark 4.2 it wants qualified names); only the
    // functions are taken from it.
    SparkSessionExtensions extensions = new SparkSessionExtensions();
    inject(extensions);
    LineBridge.registerInjected(spark, extensions);
  }

  /**
   * Adds the SQL functions to every session built with {@code extensions}, and the rule that gives
   * their vector results the input's ML metadata ({@link KeepVectorMetadata}).
   */
  static void inject(SparkSessionExtensions extensions) {
    forEachFunction((id, info) -> LineBridge.inject(extensions, id, info, args -> build(id.funcName(), args)));
    extensions.injectPostHocResolutionRule(
        (Function1<SparkSession, Rule<LogicalPlan>> & Serializable) session -> new KeepVectorMetadata());
  }

  private static void forEachFunction(BiConsumer<FunctionIdentifier, ExpressionInfo> action) {
    for (String name : sqlNames()) {
      action.accept(new FunctionIdentifier(name), info(name));
    }
  }

  private static ExpressionInfo info(String name) {
    String usage;
    if (GENERIC.equals(name)) {
      usage = "activation(x, name [, alpha]) - The activation function called name (one of "
          + String.join(", ", ActivationFunction.names()) + ") on x, a " + ACCEPTED_TYPES
          + "; the result has x's type. alpha, a constant, is used by leaky_relu, elu and celu.";
    } else {
      ActivationFunction f = ActivationFunction.forName(name);
      usage = name + "(x" + (f.usesAlpha() ? " [, alpha]" : "") + ") - " + f.pytorchName() + " on x, a "
          + ACCEPTED_TYPES + "; the result has x's type."
          + (f.usesAlpha() ? " alpha is a constant, " + f.defaultAlpha() + " by default." : "");
    }
    return new ExpressionInfo(ActivationExpression.class.getName(), null, name, usage, "", "", "", "", "", "", "");
  }

  // --- the SQL functions' builder --------------------------------------------------------------

  /**
   * The expression of SQL function {@code name} on {@code args}, checked: argument count, input
   * type, function name and alpha (a finite constant number).
   *
   * @throws org.apache.spark.sql.AnalysisException {@code WRONG_NUM_ARGS} for a wrong number of
   *     arguments, {@code DATATYPE_MISMATCH} naming the function, the argument, what was found
   *     and what is accepted for the others
   */
  static Expression build(String name, List<Expression> args) {
    boolean generic = GENERIC.equals(name);
    int n = args.size();
    String call = name + "(" + args.stream().map(Expression::sql).collect(Collectors.joining(", ")) + ")";
    ActivationFunction f = generic ? null : ActivationFunction.forName(name);
    String expected = generic ? "2 or 3 (x, name [, alpha])" : f.usesAlpha() ? "1 or 2 (x [, alpha])" : "1 (x)";
    if (generic ? n < 2 || n > 3 : n < 1 || n > (f.usesAlpha() ? 2 : 1)) {
      throw SparkBridge.analysisError("WRONG_NUM_ARGS.WITHOUT_SUGGESTION", "functionName", "`" + name + "`",
          "expectedNum", expected, "actualNum", String.valueOf(n), "docroot", "https://spark.apache.org/docs/latest");
    }
    if (generic) {
      f = functionNamed(call, args.get(1));
    }
    Expression x = args.get(0);
    if (x.resolved() && !ActivationExpression.isSupported(x.dataType())) {
      throw mismatch(call, wrongInputType(name, x.dataType()));
    }
    int alphaAt = generic ? 2 : 1;
    double alpha = n > alphaAt ? constantAlpha(call, name, args.get(alphaAt), alphaAt + 1) : f.defaultAlpha();
    try {
      f.checkAlpha(alpha);
    } catch (IllegalArgumentException e) {
      throw mismatch(call, name + ": argument " + (alphaAt + 1) + " (alpha): " + withoutPeriod(e.getMessage()));
    }
    return new ActivationExpression(x, name, f, alpha);
  }

  /** What Spark says of an argument it cannot take: {@code DATATYPE_MISMATCH}, with our message. */
  private static RuntimeException mismatch(String call, String message) {
    return SparkBridge.analysisError("DATATYPE_MISMATCH.TYPE_CHECK_FAILURE_WITH_HINT", "sqlExpr", "\"" + call + "\"",
        "msg", message, "hint", "");
  }

  /** The message for an input of an unsupported type (Spark adds the final period). */
  static String wrongInputType(String name, DataType found) {
    return name + ": argument 1 (x) has type " + found.simpleString() + "; accepted types: " + ACCEPTED_TYPES;
  }

  private static String withoutPeriod(String message) {
    return message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
  }

  private static ActivationFunction functionNamed(String call, Expression e) {
    if (!e.foldable() || !(e.dataType() instanceof StringType)) {
      throw mismatch(call, GENERIC + ": argument 2 (name) must be a constant string naming one of "
          + String.join(", ", ActivationFunction.names()) + "; got " + describe(e));
    }
    Object value = e.eval(null);
    try {
      return ActivationFunction.forName(value == null ? null : value.toString());
    } catch (IllegalArgumentException err) {
      throw mismatch(call, GENERIC + ": argument 2 (name): " + withoutPeriod(err.getMessage()));
    }
  }

  private static double constantAlpha(String call, String name, Expression e, int position) {
    String where = name + ": argument " + position + " (alpha) must be a constant number (any numeric type)";
    if (!e.foldable() || !(e.dataType() instanceof NumericType)) {
      throw mismatch(call, where + "; got " + describe(e));
    }
    Object value = e.eval(null);
    if (value == null) {
      throw mismatch(call, where + "; got NULL");
    }
    return value instanceof Decimal ? ((Decimal) value).toDouble() : ((Number) value).doubleValue();
  }

  private static String describe(Expression e) {
    return (e.foldable() ? "a constant " : "a non-constant ") + e.dataType().simpleString() + " (" + e.sql() + ")";
  }

  // --- the Column functions --------------------------------------------------------------------

  /**
   * {@code f} on column {@code x} (vector, double, float, array&lt;double&gt; or array&lt;float&gt;),
   * with {@code alpha} for functions that use it (ignored by the others). The stages compute
   * through this.
   *
   * @throws IllegalArgumentException for a NaN or infinite alpha (or 0 for celu)
   */
  public static Column apply(Column x, ActivationFunction f, double alpha) {
    return column(x, f.functionName(), f, alpha);
  }

  private static Column column(Column x, String name, ActivationFunction f, double alpha) {
    try {
      f.checkAlpha(alpha);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
    }
    return LineBridge.column(new ActivationExpression(LineBridge.expression(x), name, f, alpha));
  }

  private static Column named(Column x, ActivationFunction f, double alpha) {
    return column(x, f.functionName(), f, alpha);
  }

  /** {@code max(0, x)}, {@code torch.nn.ReLU}. */
  public static Column relu(Column x) {
    return named(x, ActivationFunction.RELU, Double.NaN);
  }

  /** {@code x} for {@code x > 0}, else {@code 0.01 * x}: {@code torch.nn.LeakyReLU()}. */
  public static Column leaky_relu(Column x) {
    return leaky_relu(x, ActivationFunction.LEAKY_RELU.defaultAlpha());
  }

  /** {@code x} for {@code x > 0}, else {@code alpha * x}: {@code torch.nn.LeakyReLU(negative_slope=alpha)}. */
  public static Column leaky_relu(Column x, double alpha) {
    return named(x, ActivationFunction.LEAKY_RELU, alpha);
  }

  /** {@code x} for {@code x > 0}, else {@code e^x - 1}: {@code torch.nn.ELU()}. */
  public static Column elu(Column x) {
    return elu(x, ActivationFunction.ELU.defaultAlpha());
  }

  /** {@code x} for {@code x > 0}, else {@code alpha * (e^x - 1)}: {@code torch.nn.ELU(alpha)}. */
  public static Column elu(Column x, double alpha) {
    return named(x, ActivationFunction.ELU, alpha);
  }

  /** {@code torch.nn.SELU}. */
  public static Column selu(Column x) {
    return named(x, ActivationFunction.SELU, Double.NaN);
  }

  /** {@code torch.nn.CELU()}, alpha 1. */
  public static Column celu(Column x) {
    return celu(x, ActivationFunction.CELU.defaultAlpha());
  }

  /** {@code x} for {@code x > 0}, else {@code alpha * (e^(x/alpha) - 1)}: {@code torch.nn.CELU(alpha)}; alpha not 0. */
  public static Column celu(Column x, double alpha) {
    return named(x, ActivationFunction.CELU, alpha);
  }

  /** The exact (erf) GELU, {@code torch.nn.GELU(approximate='none')}. */
  public static Column gelu(Column x) {
    return named(x, ActivationFunction.GELU, Double.NaN);
  }

  /** {@code x * sigmoid(x)}, {@code torch.nn.SiLU}. */
  public static Column silu(Column x) {
    return named(x, ActivationFunction.SILU, Double.NaN);
  }

  /** {@code log(1 + e^x)}, {@code x} above 20: {@code torch.nn.Softplus()}. Sparse vectors become dense. */
  public static Column softplus(Column x) {
    return named(x, ActivationFunction.SOFTPLUS, Double.NaN);
  }

  /** {@code min(max(0, x), 6)}, {@code torch.nn.ReLU6}. */
  public static Column relu6(Column x) {
    return named(x, ActivationFunction.RELU6, Double.NaN);
  }

  /** {@code 1 / (1 + e^-x)}, {@code torch.nn.Sigmoid}. Sparse vectors become dense. */
  public static Column sigmoid(Column x) {
    return named(x, ActivationFunction.SIGMOID, Double.NaN);
  }

  /**
   * The function called {@code function} (one of {@link ActivationFunction#names()}, {@code tanh}
   * included) with its default alpha.
   *
   * @throws IllegalArgumentException for an unknown name, listing the valid ones
   */
  public static Column activation(Column x, String function) {
    ActivationFunction f = ActivationFunction.forName(function);
    return column(x, GENERIC, f, f.defaultAlpha());
  }

  /**
   * The function called {@code function} with {@code alpha} (used by leaky_relu, elu and celu,
   * ignored by the others).
   *
   * @throws IllegalArgumentException for an unknown name or a NaN or infinite alpha (or 0 for celu)
   */
  public static Column activation(Column x, String function, double alpha) {
    return column(x, GENERIC, ActivationFunction.forName(function), alpha);
  }
}
