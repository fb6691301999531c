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
import org.apache.spark.sql.classic.ExpressionUtils$;
import scala.Function1;
import scala.Tuple3;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * What the SQL functions need from Spark that differs between Spark lines; this is the Spark 4
 * (Scala 2.13) copy, src/main/spark-3.5 has the other. A {@code Column} wraps a
 * {@code ColumnNode}, converted to and from expressions by the classic session's
 * {@code ExpressionUtils}, and function builders take a {@code scala.collection.immutable.Seq}.
 * Not part of the public API.
 */
public final class LineBridge {

  private LineBridge() {}

  /** A column computing {@code e} (classic sessions; Spark Connect clients call the functions by name). */
  public static Column column(Expression e) {
    return ExpressionUtils$.MODULE$.column(e);
  }

  /** The expression a column computes. */
  public static Expression expression(Column c) {
    return ExpressionUtils$.MODULE$.expression(c);
  }

  /** Adds a function to every session built with {@code extensions}. */
  public static void inject(SparkSessionExtensions extensions, FunctionIdentifier name, ExpressionInfo info,
      Function<List<Expression>, Expression> builder) {
    extensions.injectFunction(new Tuple3<>(name, info, scalaBuilder(builder)));
  }

  /**
   * Adds (or replaces) the functions injected into {@code extensions} in one existing session.
   *
   * @throws IllegalArgumentException for a session that is not a classic one (a Spark Connect client)
   */
  public static void registerInjected(SparkSession spark, SparkSessionExtensions extensions) {
    if (!(spark instanceof org.apache.spark.sql.classic.SparkSession)) {
      throw new IllegalArgumentException("Functions can be registered in a classic SparkSession only, not in "
          + spark.getClass().getName() + "; for Spark Connect, start the server with this library's jar.");
    }
    extensions.registerFunctions(((org.apache.spark.sql.classic.SparkSession) spark).sessionState().functionRegistry());
  }

  private static Function1<Seq<Expression>, Expression> scalaBuilder(Function<List<Expression>, Expression> builder) {
    return (Function1<Seq<Expression>, Expression> & Serializable)
        args -> builder.apply(CollectionConverters.asJava(args));
  }
}
