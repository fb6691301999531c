package sparkactivations.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The tables of {@link NetworkBenchmark}, as rows and as Markdown with ratios against MLlib. */
public final class NetworkBenchmarkReport {

  static final String MLLIB = "mllib-mlp";

  /** Digits: per budget, MLlib's perceptron then each activation. */
  public final List<BenchmarkRow> digits = new ArrayList<>();
  /** Generated data: per row count, MLlib's perceptron then FeedForwardClassifier (relu). */
  public final List<BenchmarkRow> scaling = new ArrayList<>();
  /**
   * Generated regression data: per row count, MLlib's LinearRegression, GBTRegressor,
   * RandomForestRegressor, then FeedForwardRegressor; {@code accuracy} holds the test RMSE.
   */
  public final List<BenchmarkRow> regression = new ArrayList<>();
  /** The bundled Wine Quality (red) data, the same regressors; {@code size} is the training rows. */
  public final List<BenchmarkRow> wine = new ArrayList<>();

  static final String GBT = "mllib-gbt";

  /** The digits table: accuracy, time, and time per iteration against MLlib's at the same budget. */
  public String digitsTable() {
    StringBuilder sb = new StringBuilder();
    sb.append("| budget | model | test accuracy | vs MLlib | train s | ms / iteration | vs MLlib | iterations |\n");
    sb.append("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (BenchmarkRow r : digits) {
      BenchmarkRow base = baseline(digits, r.size);
      sb.append(String.format(Locale.ROOT, "| %d | %s | %.4f | %+.4f | %.2f | %.1f | %.2fx | %.0f |%n",
          r.size, r.model, r.accuracy, r.accuracy - base.accuracy, r.trainSeconds, r.msPerIteration,
          r.msPerIteration / base.msPerIteration, r.iterations));
    }
    return sb.toString();
  }

  /**
   * The scaling table: time per iteration (whole fit over iterations) and marginal time per
   * iteration against rows, as ratios against MLlib's and per 1,000 rows.
   */
  public String scalingTable() {
    StringBuilder sb = new StringBuilder();
    sb.append("| rows | model | train s | iterations | ms / iteration | vs MLlib | marginal ms / iteration "
        + "| vs MLlib | marginal ms / iteration / 1k rows |\n");
    sb.append("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (BenchmarkRow r : scaling) {
      BenchmarkRow base = baseline(scaling, r.size);
      sb.append(String.format(Locale.ROOT, "| %,d | %s | %.2f | %.0f | %.1f | %.2fx | %.1f | %.2fx | %.3f |%n",
          r.size, r.model, r.trainSeconds, r.iterations, r.msPerIteration, r.msPerIteration / base.msPerIteration,
          r.marginalMsPerIteration, r.marginalMsPerIteration / base.marginalMsPerIteration,
          r.marginalMsPerIteration / (r.size / 1000.0)));
    }
    return sb.toString();
  }

  /**
   * A regression table ({@link #regression} or {@link #wine}): test RMSE and training time as
   * ratios against MLlib's GBTRegressor with its defaults, and time per iteration (per tree for
   * the forests), also per 1,000 training rows.
   */
  public String regressionTable(List<BenchmarkRow> rows) {
    StringBuilder sb = new StringBuilder();
    sb.append("| rows | model | test RMSE | vs GBT | train s | vs GBT | iterations | ms / iteration "
        + "| ms / iteration / 1k rows |\n");
    sb.append("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (BenchmarkRow r : rows) {
      BenchmarkRow base = baseline(rows, r.size, GBT);
      sb.append(String.format(Locale.ROOT, "| %,d | %s | %.4f | %.2fx | %.2f | %.2fx | %.0f | %.1f | %.3f |%n",
          r.size, r.model, r.accuracy, r.accuracy / base.accuracy, r.trainSeconds, r.trainSeconds / base.trainSeconds,
          r.iterations, r.msPerIteration, r.msPerIteration / (r.size / 1000.0)));
    }
    return sb.toString();
  }

  private static BenchmarkRow baseline(List<BenchmarkRow> rows, int size) {
    return baseline(rows, size, MLLIB);
  }

  private static BenchmarkRow baseline(List<BenchmarkRow> rows, int size, String model) {
    for (BenchmarkRow r : rows) {
      if (r.size == size && r.model.equals(model)) {
        return r;
      }
    }
    throw new IllegalStateException("no " + model + " row for " + size);
  }
}
