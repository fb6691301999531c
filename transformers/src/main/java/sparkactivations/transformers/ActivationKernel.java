package sparkactivations.transformers;

/**
 * The activation functions and their derivatives as pure functions on {@code double}.
 *
 * <p>Every stage, and the network estimator, computes through these methods; nothing else in the
 * project writes an activation formula. Values follow PyTorch eager mode: a NaN input gives NaN,
 * infinities give the limit PyTorch's own formula gives (so {@code gelu(-inf)} and
 * {@code silu(-inf)} are NaN, being {@code -inf * 0}), and {@code -0.0} keeps its sign where the
 * function passes it through. Derivatives are those of PyTorch's autograd formulas, including
 * the choice at kinks ({@code relu'(0) = 0}, {@code leaky_relu'(0) = alpha}).
 */
public final class ActivationKernel {

  /** SELU's scale, {@code torch.nn.SELU}. */
  public static final double SELU_SCALE = 1.0507009873554804934193349852946;
  /** SELU's alpha, {@code torch.nn.SELU}. */
  public static final double SELU_ALPHA = 1.6732632423543772848170429916717;
  /** Softplus switches to the identity above this input ({@code torch.nn.Softplus} threshold, beta 1). */
  public static final double SOFTPLUS_THRESHOLD = 20.0;

  private static final double SQRT1_2 = 0.70710678118654752440;
  private static final double TWO_OVER_SQRT_PI = 1.12837916709551257390;
  private static final double ONE_OVER_SQRT_PI = 0.56418958354775628695;
  private static final double ONE_OVER_SQRT_2PI = 0.39894228040143267794;
  /** Beyond this |x|, exp(-x^2/2) underflows to zero. */
  private static final double GAUSS_TAIL_LIMIT = 38.7;

  private ActivationKernel() {}

  /** {@code max(0, x)}; NaN stays NaN and {@code -0.0} stays {@code -0.0}. */
  public static double relu(double x) {
    return x < 0 ? 0.0 : x;
  }

  /** 1 for {@code x > 0}, else 0 (PyTorch's threshold backward). */
  public static double reluDerivative(double x) {
    return x > 0 ? 1.0 : 0.0;
  }

  /** {@code x} for {@code x > 0}, else {@code alpha * x} (PyTorch's {@code negative_slope}). */
  public static double leakyRelu(double x, double alpha) {
    return x > 0 ? x : x * alpha;
  }

  /** 1 for {@code x > 0}, else {@code alpha}. */
  public static double leakyReluDerivative(double x, double alpha) {
    return x > 0 ? 1.0 : alpha;
  }

  /** {@code x} for {@code x > 0}, else {@code alpha * (e^x - 1)}, with {@code expm1} for tiny |x|. */
  public static double elu(double x, double alpha) {
    return x > 0 ? x : alpha * Math.expm1(x);
  }

  /** 1 for {@code x > 0}, else {@code alpha * e^x}. */
  public static double eluDerivative(double x, double alpha) {
    return x > 0 ? 1.0 : alpha * Math.exp(x);
  }

  /** {@code scale * elu(x, SELU_ALPHA)}. */
  public static double selu(double x) {
    return x > 0 ? SELU_SCALE * x : SELU_SCALE * SELU_ALPHA * Math.expm1(x);
  }

  /** {@code scale} for {@code x > 0}, else {@code scale * alpha * e^x}. */
  public static double seluDerivative(double x) {
    return x > 0 ? SELU_SCALE : SELU_SCALE * SELU_ALPHA * Math.exp(x);
  }

  /** {@code x} for {@code x > 0}, else {@code alpha * (e^(x/alpha) - 1)}; alpha must not be 0. */
  public static double celu(double x, double alpha) {
    return x > 0 ? x : alpha * Math.expm1(x / alpha);
  }

  /** 1 for {@code x > 0}, else {@code e^(x/alpha)}. */
  public static double celuDerivative(double x, double alpha) {
    return x > 0 ? 1.0 : Math.exp(x / alpha);
  }

  /**
   * The exact (erf) GELU, {@code x * Phi(x)}, PyTorch's {@code approximate='none'}. Phi is
   * evaluated without cancellation, so the value keeps full relative precision for very negative
   * x, where {@code 1 + erf(x / sqrt 2)} would lose it.
   */
  public static double gelu(double x) {
    return x * normalCdf(x);
  }

  /** {@code Phi(x) + x * phi(x)}. */
  public static double geluDerivative(double x) {
    return normalCdf(x) + x * gaussian(x) * ONE_OVER_SQRT_2PI;
  }

  /** {@code x * sigmoid(x)}, computed as {@code x / (1 + e^-x)}. */
  public static double silu(double x) {
    return x / (1.0 + Math.exp(-x));
  }

  /** {@code s * (1 + x * (1 - s))} with {@code s = sigmoid(x)}; {@code 1 - s} as {@code sigmoid(-x)}. */
  public static double siluDerivative(double x) {
    double s = sigmoid(x);
    return s + x * s * sigmoid(-x);
  }

  /** {@code log(1 + e^x)}, and {@code x} itself above {@link #SOFTPLUS_THRESHOLD}. */
  public static double softplus(double x) {
    return x > SOFTPLUS_THRESHOLD ? x : Math.log1p(Math.exp(x));
  }

  /** {@code sigmoid(x)}, and 1 above {@link #SOFTPLUS_THRESHOLD}. */
  public static double softplusDerivative(double x) {
    if (x > SOFTPLUS_THRESHOLD) {
      return 1.0;
    }
    double z = Math.exp(x);
    return z / (z + 1.0);
  }

  /** {@code min(max(0, x), 6)}; NaN stays NaN. */
  public static double relu6(double x) {
    return x < 0 ? 0.0 : (x > 6.0 ? 6.0 : x);
  }

  /** 1 for {@code 0 < x < 6}, else 0 (PyTorch's hardtanh backward). */
  public static double relu6Derivative(double x) {
    return (x <= 0 || x >= 6.0) ? 0.0 : 1.0;
  }

  /** {@code 1 / (1 + e^-x)}. */
  public static double sigmoid(double x) {
    return 1.0 / (1.0 + Math.exp(-x));
  }

  /** {@code s * (1 - s)}, as {@code e^-|x| / (1 + e^-|x|)^2} so that neither tail cancels. */
  public static double sigmoidDerivative(double x) {
    double e = Math.exp(-Math.abs(x));
    double d = 1.0 + e;
    return e / (d * d);
  }

  /** Hyperbolic tangent. */
  public static double tanh(double x) {
    return Math.tanh(x);
  }

  /** {@code 1 - tanh(x)^2}, as {@code 1 / cosh(x)^2} so that it keeps its precision for large |x|. */
  public static double tanhDerivative(double x) {
    double c = Math.cosh(x);
    return 1.0 / (c * c);
  }

  /**
   * The standard normal distribution function {@code Phi(x) = erfc(-x / sqrt 2) / 2}, to a few
   * ulps over the whole line: a positive-term series for erf near 0, a continued fraction for
   * the tail, and {@code exp(-x^2/2)} formed from a two-part square of x.
   */
  public static double normalCdf(double x) {
    if (Double.isNaN(x)) {
      return x;
    }
    double z = Math.abs(x);
    if (z > GAUSS_TAIL_LIMIT) {
      return x > 0 ? 1.0 : 0.0;
    }
    double t = z * SQRT1_2;
    double g = gaussian(z);
    if (t < 1.5) {
      // erf(t) = 2/sqrt(pi) e^{-t^2} sum_n t (2t^2)^n / (2n+1)!!, every term positive.
      double twoT2 = 2.0 * t * t;
      double term = t;
      double sum = t;
      for (int n = 1; n < 200 && term > 1e-17 * sum; n++) {
        term *= twoT2 / (2 * n + 1);
        sum += term;
      }
      double erf = TWO_OVER_SQRT_PI * g * sum;
      return x >= 0 ? 0.5 + 0.5 * erf : 0.5 - 0.5 * erf;
    }
    // erfc(t) = e^{-t^2}/sqrt(pi) / (t + (1/2)/(t + 1/(t + (3/2)/(t + ...)))), modified Lentz.
    double f = t;
    double c = t;
    double d = 0.0;
    for (int n = 1; n < 500; n++) {
      double a = 0.5 * n;
      d = 1.0 / (t + a * d);
      c = t + a / c;
      double delta = c * d;
      f *= delta;
      if (Math.abs(delta - 1.0) < 1e-16) {
        break;
      }
    }
    double halfErfc = 0.5 * ONE_OVER_SQRT_PI * g / f;
    return x > 0 ? 1.0 - halfErfc : halfErfc;
  }

  /**
   * {@code exp(-x^2 / 2)} with x^2 split into a high and a low part (Dekker), so the rounding of
   * x^2 does not cost relative precision in the tail.
   */
  static double gaussian(double x) {
    double z = Math.abs(x);
    if (z > GAUSS_TAIL_LIMIT) {
      return 0.0;
    }
    double split = 134217729.0 * z;
    double hi = split - (split - z);
    double lo = z - hi;
    double sq = z * z;
    double sqLo = ((hi * hi - sq) + 2.0 * hi * lo) + lo * lo;
    return Math.exp(-0.5 * sq) * (1.0 - 0.5 * sqLo);
  }
}
