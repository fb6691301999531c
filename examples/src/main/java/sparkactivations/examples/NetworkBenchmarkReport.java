package sparkactivations.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The two tables of {@link NetworkBenchmark}, as rows and as Markdown with ratios against MLlib. */
public final class NetworkBenchmarkReport {

  static final String MLLIB = "mllib-mlp";

  /** Digits: per budget, MLlib's perceptron then each activation. */
  public final List<BenchmarkRow> digits = new ArrayList<>();
  /** Generated data: per row count, MLlib's perceptron then FeedForwardClassifier (relu). */
  public final List<BenchmarkRow> scaling = new ArrayList<>();

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

  private static BenchmarkRow baseline(List<BenchmarkRow> rows, int size) {
    for (BenchmarkRow r : rows) {
      if (r.size == size && r.model.equals(MLLIB)) {
        return r;
      }
    }
    throw new IllegalStateException("no MLlib row for " + size);
  }
}
