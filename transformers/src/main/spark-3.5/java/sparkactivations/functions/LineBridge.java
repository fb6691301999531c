package sparkactivations.functions;

import java.io.Serializable;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.ExpressionInfo;
import scala.Function1;
import scala.Tuple3;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * What the SQL functions need from Spark that differs between Spark lines; this is the Spark 3.5
 * (Scala 2.12) copy, src/main/spark-4 has the other. A {@code Column} wraps an {@code Expression},
 * and function builders take a {@code scala.collection.Seq}. Not part of the public API.
 */
public final class LineBridge {

  private LineBridge() {}

  /** A column computing {@code e}. */
  public static Column column(Expression e) {
    return new Column(e);
  }

  /** The expression a column computes. */
  public static Expression expression(Column c) {
    return c.expr();
  }

  /** Adds a function to every session built with {@code extensions}. */
  public static void inject(SparkSessionExtensions extensions, FunctionIdentifier name, ExpressionInfo info,
      Function<List<Expression>, Expression> builder) {
    extensions.injectFunction(new Tuple3<>(name, info, scalaBuilder(builder)));
  }

  /** Adds (or replaces) the functions injected into {@code extensions} in one existing session. */
  public static void registerInjected(SparkSession spark, SparkSessionExtensions extensions) {
    extensions.registerFunctions(spark.sessionState().functionRegistry());
  }

  private static Function1<Seq<Expression>, Expression> scalaBuilder(Function<List<Expression>, Expression> builder) {
    return (Function1<Seq<Expression>, Expression> & Serializable)
        args -> builder.apply(JavaConverters.seqAsJavaList(args));
  }
}
