package sparkactivations.transformers;

import java.io.Serializable;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.Identifiable;
import scala.Function1;

/** The {@code alpha} param shared by the stages whose function has one. */
public interface HasAlpha extends Params {

  /** The function's parameter: must be finite. */
  DoubleParam alpha();

  /** The value of {@link #alpha()} in force. */
  default double getAlpha() {
    return (Double) getOrDefault(alpha());
  }

  /** Makes the {@code alpha} param of {@code parent}; a NaN or infinite value is refused when set. */
  static DoubleParam alphaParam(Identifiable parent, String doc) {
    return new DoubleParam(parent, "alpha", doc, (Function1<Object, Object> & Serializable) value -> {
      double a = (Double) value;
      if (Double.isNaN(a) || Double.isInfinite(a)) {
        throw new IllegalArgumentException(parent.uid() + ": alpha must be finite, got " + a + ".");
      }
      return true;
    });
  }
}
