package sparkactivations.pipelines.optim;

/**
 * Adam (Kingma and Ba, with PyTorch's defaults beta1 0.9, beta2 0.999, eps 1e-8) on a fresh
 * mini-batch per iteration: draw {@code seed + t} of the objective. Stops after {@code maxIter}
 * iterations, or when a step moves the parameters by at most {@code tol * max(||x||, 1)}, the
 * rule of MLlib's gradient descent. The objective history holds, per iteration, the loss of its
 * mini-batch at the parameters the iteration started from, then the loss on all rows at the end.
 */
public final class AdamMinimizer {

  private static final double BETA1 = 0.9;
  private static final double BETA2 = 0.999;
  private static final double EPS = 1e-8;

  private final int maxIter;
  private final double learningRate;
  private final double tol;
  private final long seed;

  public AdamMinimizer(int maxIter, double learningRate, double tol, long seed) {
    this.maxIter = maxIter;
    this.learningRate = learningRate;
    this.tol = tol;
    this.seed = seed;
  }

  public OptimizationResult minimize(DifferentiableObjective f, double[] x0) {
    return minimize(f, x0, null);
  }

  /** As {@link #minimize(DifferentiableObjective, double[])}, stopping also when {@code monitor} says so (may be null). */
  public OptimizationResult minimize(DifferentiableObjective f, double[] x0, IterationMonitor monitor) {
    int n = x0.length;
    double[] x = x0.clone();
    double[] g = new double[n];
    double[] m = new double[n];
    double[] v = new double[n];
    double[] history = new double[maxIter + 1];
    int t = 0;
    while (t < maxIter) {
      // Draws are non-negative: a negative draw means the whole data.
      history[t] = f.evaluate(x, (seed + t) & Long.MAX_VALUE, g);
      t++;
      double c1 = 1.0 - Math.pow(BETA1, t);
      double c2 = 1.0 - Math.pow(BETA2, t);
      double moved = 0.0;
      double norm = 0.0;
      for (int i = 0; i < n; i++) {
        m[i] = BETA1 * m[i] + (1 - BETA1) * g[i];
        v[i] = BETA2 * v[i] + (1 - BETA2) * g[i] * g[i];
        double step = learningRate * (m[i] / c1) / (Math.sqrt(v[i] / c2) + EPS);
        x[i] -= step;
        moved += step * step;
        norm += x[i] * x[i];
      }
      boolean stopped = monitor != null && monitor.stop(t, x);
      if (stopped || Math.sqrt(moved) <= tol * Math.max(Math.sqrt(norm), 1.0)) {
        break;
      }
    }
    history[t] = f.evaluate(x, -1, g);
    return new OptimizationResult(x, java.util.Arrays.copyOf(history, t + 1), t);
  }
}
