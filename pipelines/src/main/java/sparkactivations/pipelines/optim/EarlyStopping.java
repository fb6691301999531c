package sparkactivations.pipelines.optim;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Early stopping on a held-out loss: after each iteration the loss on the held-out rows is
 * computed; the parameters with the lowest loss so far are kept; the minimiser stops once
 * {@code patience} iterations in a row have not lowered the loss by more than {@code tol}
 * (relative) below the last loss that did.
 */
public final class EarlyStopping implements IterationMonitor {

  private final ToDoubleFunction<double[]> heldOutLoss;
  private final double tol;
  private final int patience;
  private final List<Double> history = new ArrayList<>();
  private double best;
  private double[] bestX;
  private int bestIteration;
  private double reference;
  private int sinceImprovement;

  /** Starts from {@code x0}, whose held-out loss is the first entry of the history (iteration 0). */
  public EarlyStopping(ToDoubleFunction<double[]> heldOutLoss, double tol, int patience, double[] x0) {
    this.heldOutLoss = heldOutLoss;
    this.tol = tol;
    this.patience = patience;
    best = heldOutLoss.applyAsDouble(x0);
    history.add(best);
    bestX = x0.clone();
    bestIteration = 0;
    reference = best;
  }

  @Override
  public boolean stop(int iteration, double[] x) {
    double loss = heldOutLoss.applyAsDouble(x);
    history.add(loss);
    if (loss < best) {
      best = loss;
      bestX = x.clone();
      bestIteration = iteration;
    }
    if (loss < reference - tol * Math.abs(reference)) {
      reference = loss;
      sinceImprovement = 0;
      return false;
    }
    sinceImprovement++;
    return sinceImprovement >= patience;
  }

  /** The held-out loss at the start and after each iteration run. */
  public double[] history() {
    double[] out = new double[history.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = history.get(i);
    }
    return out;
  }

  /** The parameters of the lowest held-out loss. */
  public double[] bestX() {
    return bestX.clone();
  }

  /** The iteration of the lowest held-out loss (0: the initial parameters). */
  public int bestIteration() {
    return bestIteration;
  }
}
