package sparkactivations.pipelines.optim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/**
 * Limited-memory BFGS (Nocedal and Wright, algorithms 7.4 and 7.5) with a strong-Wolfe line
 * search (algorithms 3.5 and 3.6, bisection in the zoom phase). Its stopping rules are those of
 * Breeze's {@code LBFGS}, which MLlib's perceptron uses: at most {@code maxIter} iterations; stop
 * when the objective improved by at most {@code tol} (relative) over the last 10 iterations, or
 * when the gradient norm is at most {@code max(tol * |f|, 1e-8)}. The first step is
 * {@code 1 / ||g||}, later ones start at 1.
 */
public final class LbfgsMinimizer {

  private static final int HISTORY = 10;
  private static final double C1 = 1e-4;
  private static final double C2 = 0.9;
  private static final int MAX_LINE_SEARCH = 10;
  private static final int MAX_ZOOM = 10;

  private final int maxIter;
  private final int memory;
  private final double tol;

  public LbfgsMinimizer(int maxIter, int memory, double tol) {
    this.maxIter = maxIter;
    this.memory = memory;
    this.tol = tol;
  }

  public OptimizationResult minimize(DifferentiableObjective f, double[] x0) {
    return minimize(f, x0, null);
  }

  /** As {@link #minimize(DifferentiableObjective, double[])}, stopping also when {@code monitor} says so (may be null). */
  public OptimizationResult minimize(DifferentiableObjective f, double[] x0, IterationMonitor monitor) {
    int n = x0.length;
    double[] x = x0.clone();
    double[] g = new double[n];
    double fx = f.evaluate(x, -1, g);
    List<Double> history = new ArrayList<>();
    history.add(fx);
    Deque<double[][]> pairs = new ArrayDeque<>();
    int iter = 0;
    while (iter < maxIter && !gradientConverged(g, fx)) {
      double[] d = direction(g, pairs);
      double slope = dot(d, g);
      if (!(slope < 0)) {
        // Not a descent direction (curvature information gone bad): restart from steepest descent.
        pairs.clear();
        d = negate(g);
        slope = dot(d, g);
      }
      double init = iter == 0 ? 1.0 / Math.sqrt(dot(d, d)) : 1.0;
      LineSearchPoint p = lineSearch(f, x, fx, g, d, slope, init);
      if (p == null) {
        break;
      }
      double[] s = new double[n];
      double[] y = new double[n];
      for (int i = 0; i < n; i++) {
        s[i] = p.x[i] - x[i];
        y[i] = p.g[i] - g[i];
      }
      if (dot(s, y) > 1e-10 * Math.sqrt(dot(s, s) * dot(y, y))) {
        pairs.addLast(new double[][] {s, y});
        if (pairs.size() > memory) {
          pairs.removeFirst();
        }
      }
      x = p.x;
      g = p.g;
      fx = p.f;
      iter++;
      history.add(fx);
      boolean stopped = monitor != null && monitor.stop(iter, x);
      if (stopped || valuesConverged(history)) {
        break;
      }
    }
    double[] h = new double[history.size()];
    for (int i = 0; i < h.length; i++) {
      h[i] = history.get(i);
    }
    return new OptimizationResult(x, h, iter);
  }

  private boolean gradientConverged(double[] g, double fx) {
    return Math.sqrt(dot(g, g)) <= Math.max(tol * Math.abs(fx), 1e-8);
  }

  private boolean valuesConverged(List<Double> history) {
    int last = history.size() - 1;
    if (last < 1) {
      return false;
    }
    double max = Double.NEGATIVE_INFINITY;
    for (int i = Math.max(0, last - HISTORY); i < last; i++) {
      max = Math.max(max, history.get(i));
    }
    return Math.abs(history.get(last) - max) <= tol * Math.abs(max);
  }

  /** {@code -H g} by the two-loop recursion, {@code H0 = (s.y / y.y) I}. */
  private static double[] direction(double[] g, Deque<double[][]> pairs) {
    double[] q = g.clone();
    int m = pairs.size();
    double[] alpha = new double[m];
    double[] rho = new double[m];
    int k = m - 1;
    for (Iterator<double[][]> it = pairs.descendingIterator(); it.hasNext(); k--) {
      double[][] sy = it.next();
      rho[k] = 1.0 / dot(sy[1], sy[0]);
      alpha[k] = rho[k] * dot(sy[0], q);
      axpy(-alpha[k], sy[1], q);
    }
    if (m > 0) {
      double[][] newest = pairs.peekLast();
      double gamma = dot(newest[0], newest[1]) / dot(newest[1], newest[1]);
      for (int i = 0; i < q.length; i++) {
        q[i] *= gamma;
      }
    }
    k = 0;
    for (double[][] sy : pairs) {
      double beta = rho[k] * dot(sy[1], q);
      axpy(alpha[k] - beta, sy[0], q);
      k++;
    }
    return negate(q);
  }

  /** One trial point of a line search. */
  private static final class LineSearchPoint {
    final double t;
    final double[] x;
    final double f;
    final double[] g;
    final double slope;

    LineSearchPoint(double t, double[] x, double f, double[] g, double slope) {
      this.t = t;
      this.x = x;
      this.f = f;
      this.g = g;
      this.slope = slope;
    }
  }

  private static LineSearchPoint at(DifferentiableObjective f, double[] x, double[] d, double t) {
    double[] xt = x.clone();
    axpy(t, d, xt);
    double[] g = new double[x.length];
    double ft = f.evaluate(xt, -1, g);
    return new LineSearchPoint(t, xt, ft, g, dot(g, d));
  }

  /** A step satisfying the strong Wolfe conditions, or the best point found; null when none decreases f. */
  private static LineSearchPoint lineSearch(DifferentiableObjective f, double[] x, double fx, double[] g,
      double[] d, double slope0, double init) {
    LineSearchPoint prev = new LineSearchPoint(0.0, x, fx, g, slope0);
    double t = init;
    for (int i = 0; i < MAX_LINE_SEARCH; i++) {
      LineSearchPoint p = at(f, x, d, t);
      if (!Double.isFinite(p.f) || p.f > fx + C1 * t * slope0 || (i > 0 && p.f >= prev.f)) {
        return zoom(f, x, fx, d, slope0, prev, p);
      }
      if (Math.abs(p.slope) <= -C2 * slope0) {
        return p;
      }
      if (p.slope >= 0) {
        return zoom(f, x, fx, d, slope0, p, prev);
      }
      prev = p;
      t *= 2.0;
    }
    return prev.t > 0 ? prev : null;
  }

  private static LineSearchPoint zoom(DifferentiableObjective f, double[] x, double fx, double[] d, double slope0,
      LineSearchPoint lo, LineSearchPoint hi) {
    LineSearchPoint best = lo;
    for (int i = 0; i < MAX_ZOOM; i++) {
      LineSearchPoint p = at(f, x, d, 0.5 * (lo.t + hi.t));
      if (!Double.isFinite(p.f) || p.f > fx + C1 * p.t * slope0 || p.f >= lo.f) {
        hi = p;
      } else {
        if (Math.abs(p.slope) <= -C2 * slope0) {
          return p;
        }
        if (p.slope * (hi.t - lo.t) >= 0) {
          hi = lo;
        }
        lo = p;
        best = p;
      }
    }
    return best.t > 0 && best.f < fx ? best : null;
  }

  public static double dot(double[] a, double[] b) {
    double s = 0.0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static void axpy(double alpha, double[] x, double[] y) {
    for (int i = 0; i < x.length; i++) {
      y[i] += alpha * x[i];
    }
  }

  private static double[] negate(double[] v) {
    double[] out = Arrays.copyOf(v, v.length);
    for (int i = 0; i < out.length; i++) {
      out[i] = -out[i];
    }
    return out;
  }
}
