package sparkactivations.functions;

import java.io.Serializable;
import java.util.Objects;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.analysis.TypeCheckResult;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.codegen.CodeBlock;
import org.apache.spark.sql.catalyst.expressions.codegen.CodeGenerator;
import org.apache.spark.sql.catalyst.expressions.codegen.CodegenContext;
import org.apache.spark.sql.catalyst.expressions.codegen.ExprCode;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import scala.Function1;
import sparkactivations.transformers.ActivationFunction;
import sparkactivations.transformers.ActivationKernel;

/**
 * One activation function applied to a vector, double, float, array&lt;double&gt; or
 * array&lt;float&gt; column, as a Catalyst expression: the result has the input's type and a null
 * input gives null. Vectors and arrays are read and written in Spark's internal form
 * ({@link InternalActivation}); the generated code calls {@link ActivationKernel} directly for
 * numbers, and {@link InternalActivation} once per row for vectors and arrays.
 *
 * <p>{@code alpha} is a constant of the expression, not a child; it is NaN for functions without
 * one. {@code name} is the SQL function the expression was called as ({@code "relu"},
 * {@code "activation"}), which {@code EXPLAIN} and column names show. Not part of the public API:
 * use {@link ActivationFunctions}.
 */
public final class ActivationExpression extends OneChildExpression implements Serializable {

  private static final long serialVersionUID = 1L;

  private final Expression child;
  private final String name;
  private final ActivationFunction function;
  private final double alpha;

  /** The expression of {@code function} on {@code child}; {@code alpha} is ignored unless the function uses one. */
  public ActivationExpression(Expression child, String name, ActivationFunction function, double alpha) {
    this.child = child;
    this.name = name;
    this.function = function;
    this.alpha = function.usesAlpha() ? alpha : Double.NaN;
  }

  @Override
  public Expression child() {
    return child;
  }

  /** The function applied. */
  public ActivationFunction function() {
    return function;
  }

  /** The alpha in force; NaN for a function without one. */
  public double alpha() {
    return alpha;
  }

  @Override
  public DataType dataType() {
    return child.dataType();
  }

  @Override
  public TypeCheckResult checkInputDataTypes() {
    DataType t = child.dataType();
    if (isSupported(t)) {
      return TypeCheckResult.TypeCheckSuccess$.MODULE$;
    }
    return new TypeCheckResult.TypeCheckFailure(ActivationFunctions.wrongInputType(name, t));
  }

  /** Whether {@code t} is a type the functions and the stages take: vector, double, float, or an array of those numbers. */
  public static boolean isSupported(DataType t) {
    if (t instanceof VectorUDT || t == DataTypes.DoubleType || t == DataTypes.FloatType) {
      return true;
    }
    if (t instanceof ArrayType) {
      DataType e = ((ArrayType) t).elementType();
      return e == DataTypes.DoubleType || e == DataTypes.FloatType;
    }
    return false;
  }

  @Override
  public boolean nullable() {
    return child.nullable();
  }

  @Override
  public boolean foldable() {
    return child.foldable();
  }

  @Override
  public Object eval(InternalRow row) {
    Object input = child.eval(row);
    return input == null ? null : nullSafeEval(input);
  }

  private Object nullSafeEval(Object input) {
    if (input instanceof Double) {
      return function.value((Double) input, alpha);
    }
    if (input instanceof Float) {
      return (float) function.value((Float) input, alpha);
    }
    if (input instanceof ArrayData) {
      return isFloatArray() ? InternalActivation.floats((ArrayData) input, function, alpha)
          : InternalActivation.doubles((ArrayData) input, function, alpha);
    }
    return InternalActivation.vector((InternalRow) input, function, alpha);
  }

  @Override
  public ExprCode doGenCode(CodegenContext ctx, ExprCode ev) {
    DataType t = child.dataType();
    String alphaCode = "java.lang.Double.longBitsToDouble(" + Double.doubleToRawLongBits(alpha) + "L)";
    Function1<String, String> call;
    if (t == DataTypes.DoubleType || t == DataTypes.FloatType) {
      String kernel = ActivationKernel.class.getName() + "." + kernelMethod(function) + "(";
      String tail = function.usesAlpha() ? ", " + alphaCode + ")" : ")";
      call = t == DataTypes.DoubleType
          ? (Function1<String, String>) c -> kernel + c + tail
          : (Function1<String, String>) c -> "(float) " + kernel + "(double) " + c + tail;
    } else {
      String method = t instanceof VectorUDT ? "vector" : isFloatArray() ? "floats" : "doubles";
      String args = ", " + ActivationFunction.class.getName() + "." + function.name() + ", " + alphaCode + ")";
      call = c -> InternalActivation.class.getName() + "." + method + "(" + c + args;
    }
    ExprCode in = child.genCode(ctx);
    String code = in.code() + "\n"
        + "boolean " + ev.isNull() + " = " + in.isNull() + ";\n"
        + CodeGenerator.javaType(t) + " " + ev.value() + " = " + CodeGenerator.defaultValue(t, false) + ";\n"
        + "if (!" + ev.isNull() + ") {\n  " + ev.value() + " = " + call.apply(in.value().toString()) + ";\n}\n";
    return ev.copy(new CodeBlock(scala.collection.immutable.List$.MODULE$.<String>empty().$colon$colon(code),
        scala.collection.immutable.List$.MODULE$.empty()), ev.isNull(), ev.value());
  }

  private boolean isFloatArray() {
    DataType t = child.dataType();
    return t instanceof ArrayType && ((ArrayType) t).elementType() == DataTypes.FloatType;
  }

  /** The {@link ActivationKernel} method of a function, for generated code. */
  static String kernelMethod(ActivationFunction f) {
    switch (f) {
      case RELU: return "relu";
      case LEAKY_RELU: return "leakyRelu";
      case ELU: return "elu";
      case SELU: return "selu";
      case CELU: return "celu";
      case GELU: return "gelu";
      case SILU: return "silu";
      case SOFTPLUS: return "softplus";
      case RELU6: return "relu6";
      case SIGMOID: return "sigmoid";
      case TANH: return "tanh";
      default: throw new AssertionError(f);
    }
  }

  @Override
  public String prettyName() {
    return name;
  }

  @Override
  public String sql() {
    return name + "(" + child.sql() + trailingArguments("'") + ")";
  }

  @Override
  public String toString() {
    return name + "(" + child + trailingArguments("") + ")";
  }

  /** The function's name when called as {@code activation}, and the alpha in force, as SQL shows them. */
  private String trailingArguments(String quote) {
    String fn = ActivationFunctions.GENERIC.equals(name) ? ", " + quote + function.functionName() + quote : "";
    return fn + (function.usesAlpha() ? ", " + alpha : "");
  }

  @Override
  protected ActivationExpression withNewChild(Expression newChild) {
    return new ActivationExpression(newChild, name, function, alpha);
  }

  @Override
  public int productArity() {
    return 4;
  }

  @Override
  public Object productElement(int n) {
    switch (n) {
      case 0: return child;
      case 1: return name;
      case 2: return function;
      case 3: return alpha;
      default: throw new IndexOutOfBoundsException(String.valueOf(n));
    }
  }

  @Override
  public boolean canEqual(Object other) {
    return other instanceof ActivationExpression;
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof ActivationExpression)) {
      return false;
    }
    ActivationExpression o = (ActivationExpression) other;
    return child.equals(o.child) && name.equals(o.name) && function == o.function
        && Double.compare(alpha, o.alpha) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(child, name, function, alpha);
  }
}
