package sparkactivations.transformers;

import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;

/**
 * {@code x} for {@code x > 0}, else {@code alpha * (e^x - 1)}: PyTorch's {@code torch.nn.ELU}.
 * Computed with {@code expm1}, so tiny negative inputs keep their precision; {@code elu(-inf) =
 * -alpha}. Sparse vectors stay sparse.
 */
public final class ELU extends UnaryActivation<ELU> implements HasAlpha {

  private static final long serialVersionUID = 1L;

  private final DoubleParam alpha = HasAlpha.alphaParam(this,
      "value approached for very negative inputs is -alpha, PyTorch's alpha; finite (default: 1.0)");

  public ELU() {
    this(Identifiable.randomUID("elu"));
  }

  public ELU(String uid) {
    super(uid);
    setDefault(alpha, ActivationFunction.ELU.defaultAlpha());
  }

  /** The scale of the negative part (default 1.0, PyTorch's {@code alpha}). */
  @Override
  public DoubleParam alpha() {
    return alpha;
  }

  public ELU setAlpha(double value) {
    return (ELU) set(alpha, value);
  }

  @Override
  protected ActivationFunction activationFunction() {
    return ActivationFunction.ELU;
  }

  @Override
  protected double alphaInForce() {
    return getAlpha();
  }

  public static MLReader<ELU> read() {
    return SparkBridge.defaultParamsReader();
  }

  public static ELU load(String path) {
    return read().load(path);
  }
}
