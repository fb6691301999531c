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
  /** SELU's factor on {@code e^x - 1}. */
  private static final double SELU_NEGATIVE = SELU_SCALE * SELU_ALPHA;
  /** Softplus switches to the identity above this input ({@code torch.nn.Softplus} threshold, beta 1). */
  public static final double SOFTPLUS_THRESHOLD = 20.0;
  /** Below this x, {@code 1 + e^x} is 1 to well under half an ulp. */
  private static final double EXP_NEGLIGIBLE = -40.0;
  /** Below this x, e^x is near or in the subnormal range: such results are computed scaled. */
  private static final double EXP_SUBNORMAL = -700.0;

  /** The double nearest 1/sqrt 2, and what it misses. */
  private static final double SQRT1_2 = 0.70710678118654752440;
  private static final double SQRT1_2_LO = -4.833646656726457e-17;
  /** 2^27 + 1: Dekker's splitter, cuts a double into two halves whose products are exact. */
  private static final double SPLITTER = 134217729.0;
  private static final double SQRT1_2_H = SPLITTER * SQRT1_2 - (SPLITTER * SQRT1_2 - SQRT1_2);
  private static final double SQRT1_2_L = SQRT1_2 - SQRT1_2_H;
  private static final double ONE_OVER_SQRT_PI = 0.56418958354775628695;
  /** ln sqrt(2 pi) = HI + LO, HI with 33 fraction bits (so that it adds exactly to -xh^2/2). */
  private static final double LN_SQRT_2PI_HI = 0.9189385331701487;
  private static final double LN_SQRT_2PI_LO = 3.45240115023146e-11;
  /** Beyond this |x|, exp(-x^2/2) times anything gelu needs is below half the smallest double. */
  private static final double GAUSS_TAIL_LIMIT = 38.7;
  /** {@code x = 1.25 * sqrt 2}: from here on fdlibm's erfc uses its tail form. */
  private static final double GELU_TAIL = 1.7677669529663689;
  /** Above {@code x = 6 sqrt 2}, {@code 1 - Phi(x)} is below half an ulp of 1. */
  private static final double PHI_ONE = 8.48528137423857;
  /** Below -37, gelu and its derivative approach the subnormal range and are computed scaled. */
  private static final double SUBNORMAL_EDGE = 37.0;
  private static final double TWO_POW_M54 = 0x1p-54;
  private static final double TWO_POW_M52 = 0x1p-52;
  /** fdlibm's ln2_hi (32 significant bits: its small multiples add exactly) and ln2_lo. */
  private static final double LN2_HI = 6.93147180369123816490e-01;
  private static final double LN2_LO = 1.90821492927058770002e-10;
  private static final double LN2_HI_54 = 54 * LN2_HI;
  private static final double LN2_LO_54 = 54 * LN2_LO;
  private static final double EXP_LN2_LO_54_M1 = LN2_LO_54 + 0.5 * LN2_LO_54 * LN2_LO_54;

  // gelu' and silu' cross zero where their two terms cancel; around there each is a Taylor
  // series in x - zero (the zero as two doubles). Written by accuracy_sweep.py --root-series.
  private static final double GELU_D_ZERO = -0.7517915246935645;
  private static final double GELU_D_ZERO_LO = 1.4956759177009883e-17;
  private static final double GELU_D_ZERO_WIDTH = 0.5;
  private static final double[] GELU_D_SERIES = {
      0.4314939923140469,
      0.388284982990552,
      -0.018199676398671087,
      -0.1140082332972217,
      -0.014771522148244337,
      0.019421679838189067,
      0.004539228379125415,
      -0.002239538068073497,
      -0.0007448268386746817,
      0.00018633974623233514,
      8.615947861116571e-05,
      -1.121438018842664e-05,
      -7.74846130700372e-06,
      4.3284506257392273e-07,
      5.702764979242107e-07,
      -1.6044265494246427e-09,
      -3.5459866461783865e-08,
      -1.396942086426202e-09,
      1.90319840501314e-09,
      1.4506418938779426e-10,
      -8.950037692726255e-11,
      -9.950340824808053e-12,
      3.725967039270119e-12,
  };
  private static final double SILU_D_ZERO = -1.2784645427610737;
  private static final double SILU_D_ZERO_LO = -1.0946994183093437e-16;
  private static final double SILU_D_ZERO_WIDTH = 0.5;
  private static final double[] SILU_D_SERIES = {
      0.2178117057198001,
      0.1466487969969469,
      0.018874814223782312,
      -0.015222655223188032,
      -0.006606589138356696,
      0.000126627410081122,
      0.0007985218818397998,
      0.00018570724361186496,
      -4.090534237428612e-05,
      -2.9733542213263917e-05,
      -2.942631888842464e-06,
      2.346029682463866e-06,
      8.599695028268575e-07,
      -3.051244750055421e-08,
      -9.266646309267441e-08,
      -1.8877622907727957e-08,
      4.619379769031606e-09,
      2.9177603026903803e-09,
      2.3648315053103244e-10,
      -2.251366201881081e-10,
      -7.50344609385287e-11,
      3.998547874723996e-12,
      8.04274075537398e-12,
  };

  // fdlibm s_erf.c (Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved. Developed
  // at SunPro, a Sun Microsystems, Inc. business. Permission to use, copy, modify, and
  // distribute this software is freely granted, provided that this notice is preserved.)
  // erx = (float) 0.84506291151; erf(t) - erx = P/Q(|t| - 1) on [0.84375, 1.25].
  private static final double ERX = 8.45062911510467529297e-01;
  // erf(t) = t + t R(t^2) on [0, 0.84375]
  private static final double PP0 = 1.28379167095512558561e-01;
  private static final double PP1 = -3.25042107247001499370e-01;
  private static final double PP2 = -2.84817495755985104766e-02;
  private static final double PP3 = -5.77027029648944159157e-03;
  private static final double PP4 = -2.37630166566501626084e-05;
  private static final double QQ1 = 3.97917223959155352819e-01;
  private static final double QQ2 = 6.50222499887672944485e-02;
  private static final double QQ3 = 5.08130628187576562776e-03;
  private static final double QQ4 = 1.32494738004321644526e-04;
  private static final double QQ5 = -3.96022827877536812320e-06;
  // [0.84375, 1.25]
  private static final double PA0 = -2.36211856075265944077e-03;
  private static final double PA1 = 4.14856118683748331666e-01;
  private static final double PA2 = -3.72207876035701323847e-01;
  private static final double PA3 = 3.18346619901161753674e-01;
  private static final double PA4 = -1.10894694282396677476e-01;
  private static final double PA5 = 3.54783043256182359371e-02;
  private static final double PA6 = -2.16637559486879084300e-03;
  private static final double QA1 = 1.06420880400844228286e-01;
  private static final double QA2 = 5.40397917702171048937e-01;
  private static final double QA3 = 7.18286544141962662868e-02;
  private static final double QA4 = 1.26171219808761642112e-01;
  private static final double QA5 = 1.36370839120290507362e-02;
  private static final double QA6 = 1.19844998467991074170e-02;
  // erfc(t) = exp(-t^2 - 0.5625 + R/S(1/t^2)) / t on [1.25, 1/0.35]
  private static final double RA0 = -9.86494403484714822705e-03;
  private static final double RA1 = -6.93858572707181764372e-01;
  private static final double RA2 = -1.05586262253232909814e+01;
  private static final double RA3 = -6.23753324503260060396e+01;
  private static final double RA4 = -1.62396669462573470355e+02;
  private static final double RA5 = -1.84605092906711035994e+02;
  private static final double RA6 = -8.12874355063065934246e+01;
  private static final double RA7 = -9.81432934416914548592e+00;
  private static final double SA1 = 1.96512716674392571292e+01;
  private static final double SA2 = 1.37657754143519042600e+02;
  private static final double SA3 = 4.34565877475229228821e+02;
  private static final double SA4 = 6.45387271733267880336e+02;
  private static final double SA5 = 4.29008140027567833386e+02;
  private static final double SA6 = 1.08635005541779435134e+02;
  private static final double SA7 = 6.57024977031928170135e+00;
  private static final double SA8 = -6.04244152148580987438e-02;
  // ... and on [1/0.35, 28]
  private static final double RB0 = -9.86494292470009928597e-03;
  private static final double RB1 = -7.99283237680523006574e-01;
  private static final double RB2 = -1.77579549177547519889e+01;
  private static final double RB3 = -1.60636384855821916062e+02;
  private static final double RB4 = -6.37566443368389627722e+02;
  private static final double RB5 = -1.02509513161107724954e+03;
  private static final double RB6 = -4.83519191608651397019e+02;
  private static final double SB1 = 3.03380607434824582924e+01;
  private static final double SB2 = 3.25792512996573918826e+02;
  private static final double SB3 = 1.53672958608443695994e+03;
  private static final double SB4 = 3.19985821950859553908e+03;
  private static final double SB5 = 2.55305040643316442583e+03;
  private static final double SB6 = 4.74528541206955367215e+02;
  private static final double SB7 = -2.24409524465858183362e+01;

  /** How many bit patterns lie from the negative double nearest 0 to -inf, inclusive. */
  private static final long NEGATIVE_RANGE = 0xFFF0000000000000L - Long.MIN_VALUE;

  // fdlibm s_expm1.c (Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved. Developed
  // at SunPro, a Sun Microsystems, Inc. business. Permission to use, copy, modify, and
  // distribute this software is freely granted, provided that this notice is preserved.)
  private static final double EXPM1_HUGE = 1.0e+300;
  private static final double EXPM1_TINY = 1.0e-300;
  private static final double EXPM1_OVERFLOW = 7.09782712893383973096e+02;
  private static final double INV_LN2 = 1.44269504088896338700e+00;
  private static final double EXPM1_Q1 = -3.33333333333331316428e-02;
  private static final double EXPM1_Q2 = 1.58730158725481460165e-03;
  private static final double EXPM1_Q3 = -7.93650757867487942473e-05;
  private static final double EXPM1_Q4 = 4.00821782732936239552e-06;
  private static final double EXPM1_Q5 = -2.01099218183624371326e-07;
  /** The high words of 2^-54 and of 56 ln2, the bounds of expm1's reduced and small cases. */
  private static final int EXPM1_TINY_HX = 0x3c900000;
  private static final int EXPM1_LARGE_HX = 0x4043687A;

  private ActivationKernel() {}

  /** {@code max(0, x)}; NaN stays NaN and {@code -0.0} stays {@code -0.0}. */
  public static double relu(double x) {
    return Double.longBitsToDouble(reluBits(Double.doubleToRawLongBits(x)));
  }

  /**
   * {@link #relu} on the bits of a double ({@code Double.doubleToRawLongBits}), for loops that
   * read and write doubles as raw words.
   */
  public static long reluBits(long bits) {
    // x < 0 ? +0.0 : x without a branch: on data with random signs that branch mispredicts half
    // the time and costs more than everything else in the stage. Zeroed are the bits from
    // Long.MIN_VALUE + 1 (the negative double nearest 0) to -inf's: t counts up from 0 over them,
    // and is negative for +-0.0 and the positive doubles, at or above -inf's offset for the NaNs.
    long t = bits - (Long.MIN_VALUE + 1);
    long zeroed = (~t & (t - NEGATIVE_RANGE)) >> 63;
    return bits & ~zeroed;
  }

  /** 1 for {@code x > 0}, else 0 (PyTorch's threshold backward). */
  public static double reluDerivative(double x) {
    return x > 0 ? 1.0 : 0.0;
  }

  /** {@code x} for {@code x > 0}, else {@code alpha * x} (PyTorch's {@code negative_slope}). */
  public static double leakyRelu(double x, double alpha) {
    return Double.longBitsToDouble(leakyReluBits(Double.doubleToRawLongBits(x), alpha));
  }

  /**
   * {@link #leakyRelu} on the bits of a double, for loops that read and write doubles as raw
   * words (which keeps the select in integer registers: a quarter faster on 64 values than
   * reading and writing doubles, in a microbenchmark).
   */
  public static long leakyReluBits(long bits, double alpha) {
    // x > 0 ? x : x * alpha as a select on the bits, branch-free for the reason relu gives.
    long scaled = Double.doubleToRawLongBits(Double.longBitsToDouble(bits) * alpha);
    long positive = ((-bits) >> 63) & ~(bits >> 63);
    return (bits & positive) | (scaled & ~positive);
  }

  /** 1 for {@code x > 0}, else {@code alpha}. */
  public static double leakyReluDerivative(double x, double alpha) {
    return x > 0 ? 1.0 : alpha;
  }

  /**
   * {@code x} for {@code x > 0}, else {@code alpha * (e^x - 1)}, with {@code expm1} for tiny |x|.
   * Vectors go through {@link #elu(double[], double[], int, double)}, which gives the same bits
   * with fewer mispredicted branches.
   */
  public static double elu(double x, double alpha) {
    return x > 0 ? x : alpha * expm1(x);
  }

  /** 1 for {@code x > 0}, else {@code alpha * e^x}. */
  public static double eluDerivative(double x, double alpha) {
    return x > 0 ? 1.0 : alpha * Math.exp(x);
  }

  /** {@code scale * elu(x, SELU_ALPHA)}. */
  public static double selu(double x) {
    return x > 0 ? SELU_SCALE * x : SELU_NEGATIVE * expm1(x);
  }

  /** {@code scale} for {@code x > 0}, else {@code scale * alpha * e^x}. */
  public static double seluDerivative(double x) {
    return x > 0 ? SELU_SCALE : SELU_SCALE * SELU_ALPHA * Math.exp(x);
  }

  /** {@code x} for {@code x > 0}, else {@code alpha * (e^(x/alpha) - 1)}; alpha must not be 0. */
  public static double celu(double x, double alpha) {
    return x > 0 ? x : alpha * expm1(x / alpha);
  }

  /** 1 for {@code x > 0}, else {@code e^(x/alpha)}. */
  public static double celuDerivative(double x, double alpha) {
    return x > 0 ? 1.0 : Math.exp(x / alpha);
  }

  /**
   * {@link #elu} of {@code in[i]} into {@code out[i]} for {@code i < n} ({@code out} may be
   * {@code in}): the same bits, computed faster on vectors of mixed signs. Called per value, elu
   * branches on the sign and then on the range of |x| (expm1 has three cases for negative x); on
   * data with random signs those branches mispredict on most negative values and cost more than
   * the arithmetic. Here one pass without data-dependent branches writes the positive results
   * and sorts the negative values by expm1's range into lists of positions; a pass per list then
   * runs a single case of expm1, whose branches the processor predicts. Zeros, tiny and huge
   * |x|, infinities and NaN (rare in data) are computed per value in the first pass.
   */
  public static void elu(double[] in, double[] out, int n, double alpha) {
    elu(in, out, n, alpha, new int[3 * n]);
  }

  /**
   * {@link #elu(double[], double[], int, double)} with {@code positions}, at least {@code 3 n}
   * long, as its working space (overwritten), for callers that reuse one array across vectors.
   */
  public static void elu(double[] in, double[] out, int n, double alpha, int[] positions) {
    exponentialUnits(in, out, n, 1.0, alpha, Double.NaN, positions);
  }

  /**
   * {@link #selu} of {@code in[i]} into {@code out[i]} for {@code i < n}, as
   * {@link #elu(double[], double[], int, double, int[])} does it.
   */
  public static void selu(double[] in, double[] out, int n, int[] positions) {
    exponentialUnits(in, out, n, SELU_SCALE, SELU_NEGATIVE, Double.NaN, positions);
  }

  /** {@link #selu(double[], double[], int, int[])} with working space of its own. */
  public static void selu(double[] in, double[] out, int n) {
    selu(in, out, n, new int[3 * n]);
  }

  /**
   * {@link #celu} of {@code in[i]} into {@code out[i]} for {@code i < n}, as
   * {@link #elu(double[], double[], int, double, int[])} does it.
   */
  public static void celu(double[] in, double[] out, int n, double alpha, int[] positions) {
    if (alpha > 0) {
      exponentialUnits(in, out, n, 1.0, alpha, alpha, positions);
    } else {
      // x / alpha is positive for negative x: there is no negative branch to sort for.
      for (int i = 0; i < n; i++) {
        out[i] = celu(in[i], alpha);
      }
    }
  }

  /** {@link #celu(double[], double[], int, double, int[])} with working space of its own. */
  public static void celu(double[] in, double[] out, int n, double alpha) {
    celu(in, out, n, alpha, new int[3 * n]);
  }

  /**
   * {@code x > 0 ? positive * x : negative * expm1(u)} for each value, with {@code u = x / divisor}
   * (a positive divisor, for celu) or {@code u = x} (divisor NaN), bit for bit; see
   * {@link #elu(double[], double[], int, double)}. {@code at} (at least {@code 3 n} long) holds
   * the lists of positions.
   */
  private static void exponentialUnits(double[] in, double[] out, int n, double positive, double negative,
      double divisor, int[] at) {
    if (at.length < 3 * n) {
      throw new IllegalArgumentException("positions has " + at.length + " elements; " + n
          + " values need at least " + 3 * n);
    }
    boolean divide = divisor == divisor;
    boolean scale = positive != 1.0;
    // First the positions of the negative values in at[0, m), then the same sorted by expm1's
    // range: |u| <= ln2/2 in at[0, small) (written over the list as it is read), below 3 ln2/2
    // in at[n, near), the rest in at[2n, far). Each position is written to every list it may
    // join and counted in one, which costs less than a branch.
    int m = 0;
    for (int i = 0; i < n; i++) {
      double x = in[i];
      double u = divide ? x / divisor : x;
      long bits = Double.doubleToRawLongBits(u);
      int hu = (int) (bits >>> 32) & 0x7fffffff;
      if (hu < EXPM1_TINY_HX || hu >= EXPM1_LARGE_HX) {
        out[i] = x > 0 ? positive * x : negative * expm1(u);
        continue;
      }
      // u and x are nonzero and have the same sign here. A negative x stays in out[i] for the
      // passes below.
      out[i] = scale ? bySign(bits, positive * x, x) : x;
      at[m] = i;
      m -= (int) (bits >> 63);
    }
    int small = 0;
    int near = n;
    int far = 2 * n;
    for (int j = 0; j < m; j++) {
      int i = at[j];
      double u = divide ? out[i] / divisor : out[i];
      int hu = (int) (Double.doubleToRawLongBits(u) >>> 32) & 0x7fffffff;
      int beyondHalf = (0x3fd62e42 - hu) >> 31;         // |u| > ln2/2
      int beyondOneAndHalf = (0x3FF0A2B1 - hu) >> 31;   // |u| >= 3 ln2/2
      at[small] = i;
      at[near] = i;
      at[far] = i;
      small -= ~beyondHalf;
      near -= beyondHalf & ~beyondOneAndHalf;
      far -= beyondOneAndHalf;
    }
    for (int j = 0; j < small; j++) {
      int i = at[j];
      out[i] = negative * expm1Small(divide ? out[i] / divisor : out[i]);
    }
    for (int j = n; j < near; j++) {
      int i = at[j];
      out[i] = negative * expm1Reduced((divide ? out[i] / divisor : out[i]) + LN2_HI, -LN2_LO, -1);
    }
    for (int j = 2 * n; j < far; j++) {
      int i = at[j];
      double u = divide ? out[i] / divisor : out[i];
      int k = (int) (INV_LN2 * u - 0.5);
      double t = k;
      out[i] = negative * expm1Reduced(u - t * LN2_HI, t * LN2_LO, k);
    }
  }

  /**
   * {@code positive} if the sign bit of {@code bits} is clear, else {@code negative}: a select on
   * the bits, which the JIT keeps free of branches (a select of doubles it may compile as one).
   */
  private static double bySign(long bits, double positive, double negative) {
    long neg = bits >> 63;
    return Double.longBitsToDouble((Double.doubleToRawLongBits(positive) & ~neg)
        | (Double.doubleToRawLongBits(negative) & neg));
  }

  /**
   * The exact (erf) GELU, {@code x * Phi(x)}, PyTorch's {@code approximate='none'}. Phi comes from
   * erfc rather than from {@code 1 + erf}, so the value keeps full relative precision for negative
   * x, where PyTorch's {@code 1 + erf(x / sqrt 2)} cancels; below {@code x = -1.77} it is
   * fdlibm's {@code exp(-t^2 - 0.5625 + R/S)} times {@code x / 2t = -1 / sqrt 2}, which needs
   * neither x/sqrt 2 nor a division.
   */
  public static double gelu(double x) {
    if (x <= -GELU_TAIL) {
      if (x < -GAUSS_TAIL_LIMIT) {
        return x * 0.0;
      }
      boolean scaled = x < -SUBNORMAL_EDGE;
      double v = -tail(x, scaled);
      return scaled ? v * TWO_POW_M54 : v;
    }
    if (x >= GELU_TAIL && x <= PHI_ONE) {
      // x * (1 - c/x) = x - c: one rounding instead of a division and a product.
      return x - tail(x, false);
    }
    return x * normalCdf(x);
  }

  /**
   * {@code Phi(x) + x * phi(x)}; at +-inf this is PyTorch's {@code 1 + inf * 0}, NaN. Within 0.5
   * of its zero near -0.75, where the two terms cancel, a Taylor series about the zero.
   */
  public static double geluDerivative(double x) {
    if (!(Math.abs(x) <= GAUSS_TAIL_LIMIT)) {
      return normalCdf(x) + x * 0.0;
    }
    double h = (x - GELU_D_ZERO) - GELU_D_ZERO_LO;
    if (Math.abs(h) < GELU_D_ZERO_WIDTH) {
      return series(h, GELU_D_SERIES);
    }
    if (x <= -GELU_TAIL) {
      // No cancellation left but the mild one between the two terms (Phi is at most a third of
      // x phi here).
      boolean scaled = x < -SUBNORMAL_EDGE;
      double v = x * density(x, scaled) - tail(x, scaled) / x;
      return scaled ? v * TWO_POW_M54 : v;
    }
    return normalCdf(x) + x * density(x, false);
  }

  /**
   * {@code x * sigmoid(x)}, computed as {@code x / (1 + e^-x)}, and as {@code x * e^x} below -40:
   * there {@code e^-x} overflows from x = -709.8 on, while the value is a normal or subnormal
   * double down to x = -745.
   */
  public static double silu(double x) {
    if (x < EXP_NEGLIGIBLE) {
      return x < EXP_SUBNORMAL ? x * expTimes2Pow54(x) * TWO_POW_M54 : x * Math.exp(x);
    }
    return x / (1.0 + Math.exp(-x));
  }

  /**
   * {@code s * (1 + x * (1 - s))} with {@code s = sigmoid(x)}; {@code 1 - s} as {@code sigmoid(-x)}.
   * Below -40 it is {@code (1 + x) e^x}, for the reason {@link #silu} gives; within 0.5 of its
   * zero near -1.28, where the terms cancel, a Taylor series about the zero.
   */
  public static double siluDerivative(double x) {
    if (x < EXP_NEGLIGIBLE) {
      return x < EXP_SUBNORMAL ? (1.0 + x) * expTimes2Pow54(x) * TWO_POW_M54 : (1.0 + x) * Math.exp(x);
    }
    double h = (x - SILU_D_ZERO) - SILU_D_ZERO_LO;
    if (Math.abs(h) < SILU_D_ZERO_WIDTH) {
      return series(h, SILU_D_SERIES);
    }
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

  /** {@code 1 / (1 + e^-x)}, and {@code e^x} below -40, where {@code e^-x} would overflow first. */
  public static double sigmoid(double x) {
    if (x < EXP_NEGLIGIBLE) {
      return Math.exp(x);
    }
    return 1.0 / (1.0 + Math.exp(-x));
  }

  /**
   * {@code s * (1 - s)}, as {@code e^-|x| / (1 + e^-|x|)^2} so that neither tail cancels; the
   * rounding of {@code 1 + e} is carried into the square rather than doubled by it.
   */
  public static double sigmoidDerivative(double x) {
    double e = Math.exp(-Math.abs(x));
    double d = 1.0 + e;
    double dLo = e - (d - 1.0);
    return e / (d * d) * (1.0 - 2.0 * dLo / d);
  }

  /** Hyperbolic tangent. */
  public static double tanh(double x) {
    return Math.tanh(x);
  }

  /**
   * {@code 1 - tanh(x)^2} as {@code 4 sigmoid'(2x) = 4 e^(-2|x|) / (1 + e^(-2|x|))^2}, which keeps
   * its precision for large |x| (and measures closer than {@code 1 / cosh(x)^2}); scaled beyond
   * 350, where the value nears the subnormal range.
   */
  public static double tanhDerivative(double x) {
    double z = Math.abs(x);
    if (z > -0.5 * EXP_SUBNORMAL) {
      return expTimes2Pow54(-2.0 * z) * TWO_POW_M52;
    }
    return 4.0 * sigmoidDerivative(2.0 * z);
  }

  /**
   * The standard normal distribution function {@code Phi(x) = erfc(-x / sqrt 2) / 2}, with full
   * relative precision down to the subnormal range (x = -37.5). erfc is fdlibm's
   * ({@code s_erf.c}, error below 1 ulp), at {@code t = -x / sqrt 2} held as a two-double sum:
   * the rounding of {@code x / sqrt 2} alone would cost up to {@code x^2} ulps in the tail, and a
   * few ulps near {@code x = -1.5}. For {@code |t| >= 1.25} it is {@link #tail}, from x itself.
   */
  public static double normalCdf(double x) {
    if (!(Math.abs(x) <= GAUSS_TAIL_LIMIT)) {
      return x > 0 ? 1.0 : (x < 0 ? 0.0 : x);
    }
    if (x <= -GELU_TAIL) {
      return -tail(x, false) / x;
    }
    if (x >= GELU_TAIL) {
      return x > PHI_ONE ? 1.0 : 1.0 - tail(x, false) / x;
    }
    // t = th + tl = -x / sqrt 2 to about 2^-106 relative (Dekker's exact product).
    double p = x * SQRT1_2;
    double xs = SPLITTER * x;
    double xh = xs - (xs - x);
    double xl = x - xh;
    double pErr = ((xh * SQRT1_2_H - p) + xh * SQRT1_2_L + xl * SQRT1_2_H) + xl * SQRT1_2_L;
    double th = -p;
    double tl = -(pErr + x * SQRT1_2_LO);
    double at = Math.abs(th);
    double halfErfc;
    if (at < 0x1p-56) {
      halfErfc = 0.5 - 0.5 * th;
    } else if (at < 0.84375) {
      double z = th * th;
      double r = PP0 + z * (PP1 + z * (PP2 + z * (PP3 + z * PP4)));
      double s = 1.0 + z * (QQ1 + z * (QQ2 + z * (QQ3 + z * (QQ4 + z * QQ5))));
      double y = r / s;
      if (th < 0.25) {
        halfErfc = 0.5 * (1.0 - (th + th * y));
      } else {
        double u = th * y;
        u += th - 0.5;
        halfErfc = 0.5 * (0.5 - u);
      }
    } else {
      double s = at - 1.0;
      double pq = (PA0 + s * (PA1 + s * (PA2 + s * (PA3 + s * (PA4 + s * (PA5 + s * PA6))))))
          / (1.0 + s * (QA1 + s * (QA2 + s * (QA3 + s * (QA4 + s * (QA5 + s * QA6))))));
      halfErfc = th >= 0 ? 0.5 * ((1.0 - ERX) - pq) : 0.5 * (1.0 + (ERX + pq));
    }
    // erfc(th + tl) = erfc(th) - tl * (2 / sqrt pi) e^(-th^2), to first order (tl ~ 2^-53 th).
    return halfErfc - tl * ONE_OVER_SQRT_PI * Math.exp(-th * th);
  }

  /**
   * The normal density {@code phi(x) = exp(-x^2/2 - ln sqrt(2 pi))}, times 2^54 if
   * {@code scaled}; the exponent split as in {@link #tail}, so that neither the rounding of x^2
   * nor that of {@code 1/sqrt(2 pi)} reaches the result.
   */
  private static double density(double x, boolean scaled) {
    double z = Math.abs(x);
    double zh = Double.longBitsToDouble(Double.doubleToRawLongBits(z) & 0xFFFFFFFF00000000L);
    double big = -0.5 * zh * zh - LN_SQRT_2PI_HI;
    double small = -0.5 * (z - zh) * (z + zh) - LN_SQRT_2PI_LO;
    if (scaled) {
      big += LN2_HI_54;
      small += LN2_LO_54;
    }
    return Math.exp(big) * Math.exp(small);
  }

  /**
   * {@code erfc(t) * t / sqrt 2} at {@code t = |x| / sqrt 2 >= 1.25}, times 2^54 if
   * {@code scaled}: fdlibm's {@code exp(-t^2 - 0.5625 + R/S) / sqrt 2}, which is
   * {@code -x Phi(x)} for negative x and {@code x (1 - Phi(x))} for positive. As in fdlibm, the
   * exponent is split at a 21-bit head of the argument, here of x itself, so that the large part
   * {@code -xh^2/2 - 0.5625 - ln2_hi/2} is exact and all rounding falls on the small rest; the
   * factor {@code 1/sqrt 2} joins the exponent as {@code -ln2/2}. R/S depends on {@code 1/t^2}
   * only, and is insensitive to its rounding.
   */
  private static double tail(double x, boolean scaled) {
    double z = Math.abs(x);
    double s = 2.0 / (z * z);
    double r;
    double q;
    if (z * SQRT1_2 < 1 / 0.35) {
      r = RA0 + s * (RA1 + s * (RA2 + s * (RA3 + s * (RA4 + s * (RA5 + s * (RA6 + s * RA7))))));
      q = 1.0 + s * (SA1 + s * (SA2 + s * (SA3 + s * (SA4 + s * (SA5 + s * (SA6 + s * (SA7 + s * SA8)))))));
    } else {
      r = RB0 + s * (RB1 + s * (RB2 + s * (RB3 + s * (RB4 + s * (RB5 + s * RB6)))));
      q = 1.0 + s * (SB1 + s * (SB2 + s * (SB3 + s * (SB4 + s * (SB5 + s * (SB6 + s * SB7))))));
    }
    double zh = Double.longBitsToDouble(Double.doubleToRawLongBits(z) & 0xFFFFFFFF00000000L);
    double big = (-0.5 * zh * zh - 0.5625) - 0.5 * LN2_HI;
    double small = -0.5 * (z - zh) * (z + zh) + r / q - 0.5 * LN2_LO;
    if (scaled) {
      big += LN2_HI_54;
      small += LN2_LO_54;
    }
    return Math.exp(big) * Math.exp(small);
  }

  /**
   * {@code e^x - 1}: fdlibm's {@code expm1} ({@code s_expm1.c}, error below 1 ulp) in Java, bit
   * for bit what {@code StrictMath.expm1} (and so {@code Math.expm1}, which has no intrinsic)
   * returns. Java 17's {@code StrictMath.expm1} is a native call, which costs more than the
   * arithmetic; compiled Java is inlined into the loops over vectors. The steps: x = k ln2 + r
   * with |r| <= ln2 / 2 and a correction c for the rounding of r; {@code expm1(r)} from a
   * rational approximation in r^2; then {@code 2^k (expm1(r) + 1) - 1}, arranged per k so that
   * nothing cancels. The cases are {@link #expm1Small} (|x| <= ln2/2, no reduction) and
   * {@link #expm1Reduced}, so that the loops over vectors ({@link #elu(double[], double[], int,
   * double)}) can run each on the values of one range: the same bits, on branches that always go
   * the same way.
   */
  static double expm1(double x) {
    int hx = (int) (Double.doubleToRawLongBits(x) >>> 32);
    boolean negative = hx < 0;
    hx &= 0x7fffffff;
    if (hx >= EXPM1_LARGE_HX) {            // |x| >= 56 ln2
      if (hx >= 0x40862E42) {              // |x| >= 709.78
        if (hx >= 0x7ff00000) {            // NaN or infinity
          return x != x ? x + x : (negative ? -1.0 : x);
        }
        if (x > EXPM1_OVERFLOW) {
          return EXPM1_HUGE * EXPM1_HUGE;
        }
      }
      if (negative && x + EXPM1_TINY < 0.0) {
        return EXPM1_TINY - 1.0;           // -1 to within half an ulp
      }
    }
    if (hx > 0x3fd62e42) {                 // |x| > ln2 / 2
      if (hx < 0x3FF0A2B2) {               // and |x| < 3 ln2 / 2
        return negative ? expm1Reduced(x + LN2_HI, -LN2_LO, -1) : expm1Reduced(x - LN2_HI, LN2_LO, 1);
      }
      int k = (int) (INV_LN2 * x + (negative ? -0.5 : 0.5));
      double t = k;
      return expm1Reduced(x - t * LN2_HI, t * LN2_LO, k);
    }
    if (hx < EXPM1_TINY_HX) {              // |x| < 2^-54: x itself
      double t = EXPM1_HUGE + x;
      return x - (t - (EXPM1_HUGE + x));
    }
    return expm1Small(x);
  }

  /** {@link #expm1} for {@code 2^-54 <= |x| <= ln2/2}: no reduction (k = 0). */
  private static double expm1Small(double x) {
    double hfx = 0.5 * x;
    double hxs = x * hfx;
    double e = hxs * expm1Rational(x, hfx, hxs);
    return x - (x * e - hxs);
  }

  /**
   * {@link #expm1} of {@code k ln2 + hi - lo}, for {@code hi - lo} within about ln2/2 of 0 and
   * {@code k != 0}, {@code hi} and {@code lo} being fdlibm's {@code x - k ln2_hi} and
   * {@code k ln2_lo}.
   */
  private static double expm1Reduced(double hi, double lo, int k) {
    double x = hi - lo;
    double c = (hi - x) - lo;
    double hfx = 0.5 * x;
    double hxs = x * hfx;
    double e = hxs * expm1Rational(x, hfx, hxs);
    e = x * (e - c) - c;
    e -= hxs;
    if (k == -1) {
      return 0.5 * (x - e) - 0.5;
    }
    if (k == 1) {
      return x < -0.25 ? -2.0 * (e - (x + 0.5)) : 1.0 + 2.0 * (x - e);
    }
    if (k <= -2 || k > 56) {
      return timesTwoPow(1.0 - (e - x), k) - 1.0;
    }
    if (k < 20) {
      double oneMinus2PowMinusK = Double.longBitsToDouble((long) (0x3ff00000 - (0x200000 >> k)) << 32);
      return timesTwoPow(oneMinus2PowMinusK - (e - x), k);
    }
    double twoPowMinusK = Double.longBitsToDouble((long) ((0x3ff - k) << 20) << 32);
    return timesTwoPow((x - (e + twoPowMinusK)) + 1.0, k);
  }

  /** fdlibm's {@code (r1 - t) / (6 - x t)}: the rational approximation's part of expm1(x). */
  private static double expm1Rational(double x, double hfx, double hxs) {
    double r1 = 1.0 + hxs * (EXPM1_Q1 + hxs * (EXPM1_Q2 + hxs * (EXPM1_Q3 + hxs * (EXPM1_Q4 + hxs * EXPM1_Q5))));
    double t = 3.0 - r1 * hfx;
    return (r1 - t) / (6.0 - x * t);
  }

  /** {@code y * 2^k} by adding k to the exponent field, for results that stay normal. */
  private static double timesTwoPow(double y, int k) {
    return Double.longBitsToDouble(Double.doubleToRawLongBits(y) + ((long) k << 52));
  }

  /** {@code h * (c[0] + h * (c[1] + ...))}. */
  private static double series(double h, double[] c) {
    double p = c[c.length - 1];
    for (int k = c.length - 2; k >= 0; k--) {
      p = c[k] + h * p;
    }
    return h * p;
  }

  /**
   * {@code e^a * 2^54} for {@code -2^22 < a < -76}. 54 ln 2 is added as fdlibm's {@code ln2_hi}
   * multiple, which has so few bits that {@code a + 54 ln2_hi} is exact; the {@code ln2_lo} part
   * is applied as a factor.
   */
  private static double expTimes2Pow54(double a) {
    double e = Math.exp(a + LN2_HI_54);
    return e + e * EXP_LN2_LO_54_M1;
  }
}
