package sparkactivations.functions;

import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.SparkSessionExtensionsProvider;
import scala.runtime.BoxedUnit;

/**
 * Adds the SQL functions of {@link ActivationFunctions} to every session, with the analyzer rule
 * that gives their vector results the input's ML metadata ({@link KeepVectorMetadata}). Spark
 * finds it by itself when this library's jar is on the classpath as the session starts
 * ({@code META-INF/services/org.apache.spark.sql.SparkSessionExtensionsProvider}); it can also be
 * named in {@code spark.sql.extensions}.
 */
public final class ActivationExtensions implements SparkSessionExtensionsProvider {

  @Override
  public BoxedUnit apply(SparkSessionExtensions extensions) {
    ActivationFunctions.inject(extensions);
    return BoxedUnit.UNIT;
  }
}
