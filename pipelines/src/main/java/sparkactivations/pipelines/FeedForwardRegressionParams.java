package sparkactivations.pipelines;

import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Param;

/**
 * The params of {@link FeedForwardRegressor} and {@link FeedForwardRegressionModel}: those of
 * the feed-forward network ({@link FeedForwardParams}) plus the loss, with the names and defaults
 * of MLlib's {@code LinearRegression} ({@code loss}, {@code epsilon}). The stages name
 * {@link FeedForwardParams} among their interfaces too: py4j finds default methods only on the
 * interfaces a class names itself.
 */
public interface FeedForwardRegressionParams extends FeedForwardParams {

  /** The stage's regression param objects, built by the stage itself. */
  FeedForwardRegressionParamSet regressionParamSet();

  /** {@code "squaredError"} (default) or {@code "huber"}. */
  default Param<String> loss() {
    return regressionParamSet().loss;
  }

  /** Huber's threshold on the residual, in the label's units (default 1.35). */
  default DoubleParam epsilon() {
    return regressionParamSet().epsilon;
  }

  default String getLoss() {
    return getOrDefault(loss());
  }

  default double getEpsilon() {
    return (Double) getOrDefault(epsilon());
  }
}
