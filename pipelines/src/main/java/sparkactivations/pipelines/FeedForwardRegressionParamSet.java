package sparkactivations.pipelines;

import java.io.Serializable;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.Params;

/**
 * The params of {@link FeedForwardRegressor} and its model beyond the shared
 * {@link FeedForwardParamSet}: the loss, with MLlib's {@code LinearRegression} names and defaults.
 */
public final class FeedForwardRegressionParamSet implements Serializable {

  private static final long serialVersionUID = 1L;

  static final String SQUARED_ERROR = "squaredError";
  static final String HUBER = "huber";

  final Param<String> loss;
  final DoubleParam epsilon;

  FeedForwardRegressionParamSet(Params owner) {
    loss = new Param<>(owner, "loss",
        "the loss: squaredError ((prediction - label)^2 / 2) or huber (squared below epsilon, linear above) "
            + "(default: squaredError)",
        ParamValidators.inArray(new String[] {SQUARED_ERROR, HUBER}));
    epsilon = new DoubleParam(owner, "epsilon",
        "huber's threshold on the residual |prediction - label|, in the label's units: squared loss below it, "
            + "linear above; above 0 (default: 1.35)",
        ParamValidators.gt(0));
    owner.setDefault(loss, SQUARED_ERROR);
    owner.setDefault(epsilon, 1.35);
  }
}
