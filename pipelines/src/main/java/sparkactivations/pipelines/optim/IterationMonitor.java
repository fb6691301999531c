package sparkactivations.pipelines.optim;

/** Watches a minimiser's iterations and may stop it. */
public interface IterationMonitor {

  /**
   * Called after iteration {@code iteration} (1, 2, ...) with its parameters (read them, copy
   * them to keep them: the minimiser may change the array later); true stops the minimiser.
   */
  boolean stop(int iteration, double[] x);
}
