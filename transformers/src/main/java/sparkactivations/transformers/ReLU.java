package sparkactivations.transformers;

import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;

/**
 * {@code max(0, x)} on a vector, double, float or array column: PyTorch's {@code torch.nn.ReLU}.
 * Sparse vectors stay sparse. NaN stays NaN and {@code relu(+inf) = +inf}; MLlib's
 * {@code MultilayerPerceptronClassifier} downstream refuses infinite features, so clean them first.
 */
public final class ReLU extends UnaryActivation<ReLU> {

  private static final long serialVersionUID = 1L;

  public ReLU() {
    this(Identifiable.randomUID("relu"));
  }

  public ReLU(String uid) {
    super(uid);
  }

  @Override
  protected ActivationFunction activationFunction() {
    return ActivationFunction.RELU;
  }

  public static MLReader<ReLU> read() {
    return SparkBridge.defaultParamsReader();
  }

  public static ReLU load(String path) {
    return read().load(path);
  }
}
