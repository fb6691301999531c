package sparkactivations.transformers;

import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;

/**
 * {@code x} for {@code x > 0}, else {@code alpha * x}: PyTorch's {@code torch.nn.LeakyReLU}, whose
 * {@code negative_slope} is {@link #alpha()}. Sparse vectors stay sparse.
 */
public final class LeakyReLU extends UnaryActivation<LeakyReLU> implements HasAlpha {

  private static final long serialVersionUID = 1L;

  private final DoubleParam alpha = HasAlpha.alphaParam(this,
      "slope for negative inputs, PyTorch's negative_slope; finite (default: 0.01)");

  public LeakyReLU() {
    this(Identifiable.randomUID("leakyReLU"));
  }

  public LeakyReLU(String uid) {
    super(uid);
    setDefault(alpha, ActivationFunction.LEAKY_RELU.defaultAlpha());
  }

  /** The slope for negative inputs (default 0.01, PyTorch's {@code negative_slope}). */
  @Override
  public DoubleParam alpha() {
    return alpha;
  }

  public LeakyReLU setAlpha(double value) {
    return (LeakyReLU) set(alpha, value);
  }

  @Override
  protected ActivationFunction activationFunction() {
    return ActivationFunction.LEAKY_RELU;
  }

  @Override
  protected double alphaInForce() {
    return getAlpha();
  }

  public static MLReader<LeakyReLU> read() {
    return SparkBridge.defaultParamsReader();
  }

  public static LeakyReLU load(String path) {
    return read().load(path);
  }
}
