package sparkactivations.examples;

import java.util.Arrays;

/** What {@link NetworkBenchmark} measures; every field has the default the README table uses. */
public final class NetworkBenchmarkOptions {

  /** Spark master of {@code main} (default {@code local[2]}). */
  public String master = "local[2]";
  /** The digits CSV (gzipped or not); null for the bundled copy ({@code DigitsData.bundled}). */
  public String digitsPath;
  /** Partitions of the digits data (default 2). */
  public int digitsPartitions = 2;
  /** Hidden layer sizes on digits (default 64: layers 64-64-10). */
  public int[] hidden = {64};
  /** Iteration budgets (maxIter; tol 0 so that each runs its budget unless the optimiser stalls). */
  public int[] budgets = {50, 100, 200};
  /** Seeds; accuracies are their mean (default 1, 2, 3). */
  public long[] seeds = {1L, 2L, 3L};
  /** Hidden activations of FeedForwardClassifier compared with MLlib's (sigmoid) perceptron. */
  public String[] activations = {"relu", "leaky_relu", "prelu", "elu", "sigmoid"};
  /** L2 penalty of FeedForwardClassifier on digits (MLlib's perceptron has none) (default 1e-4). */
  public double regParam = 1e-4;
  /** Rows of the generated scaling data (default 50,000, 100,000, 200,000). */
  public int[] scalingRows = {50_000, 100_000, 200_000};
  /** Features of the generated scaling data (default 100). */
  public int scalingFeatures = 100;
  /** Partitions of the generated scaling data (default 8). */
  public int scalingPartitions = 8;
  /** Iterations of the long scaling fit (default 12; the short one has {@link NetworkBenchmark#SHORT_FIT}). */
  public int scalingIterations = 12;
  /** Training rows of the generated regression data (default 50,000, 100,000, 200,000; empty: no regression part). */
  public int[] regressionRows = {50_000, 100_000, 200_000};
  /** Features of the generated regression data, at least 4 (default 10). */
  public int regressionFeatures = 10;
  /** Partitions of the generated regression data (default 8). */
  public int regressionPartitions = 8;
  /** maxIter of FeedForwardRegressor, on the generated and the wine data (default 300). */
  public int regressionIterations = 300;
  /**
   * maxIter of the extra GBTRegressor rows, beside the one with MLlib's defaults (default 100; empty:
   * only the defaults).
   */
  public int[] gbtIterations = {100};
  /** Whether the regression part also runs on the bundled Wine Quality (red) data (default true). */
  public boolean wine = true;
  /** L2 penalty of FeedForwardRegressor on the wine data (default 0.01). */
  public double wineRegParam = 0.01;

  /**
   * Parses {@code --name value} pairs: {@code --master}, {@code --digits}, {@code --digits-partitions},
   * {@code --hidden 64,64}, {@code --budgets 50,100}, {@code --seeds 1,2}, {@code --activations relu,elu},
   * {@code --reg-param}, {@code --scaling-rows 50000,100000}, {@code --scaling-features},
   * {@code --scaling-partitions}, {@code --scaling-iterations}, {@code --regression-rows 50000,100000}
   * ({@code none}: no regression part), {@code --regression-features}, {@code --regression-partitions},
   * {@code --regression-iterations}, {@code --gbt-iterations 100,200} ({@code none}: only MLlib's defaults),
   * {@code --wine true|false}, {@code --wine-reg-param}.
   *
   * @throws IllegalArgumentException naming an unknown option or a missing value
   */
  public static NetworkBenchmarkOptions parse(String... args) {
    NetworkBenchmarkOptions o = new NetworkBenchmarkOptions();
    for (int i = 0; i < args.length; i += 2) {
      String name = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("Option " + name + " needs a value.");
      }
      String v = args[i + 1];
      switch (name) {
        case "--master": o.master = v; break;
        case "--digits": o.digitsPath = v; break;
        case "--digits-partitions": o.digitsPartitions = Integer.parseInt(v); break;
        case "--hidden": o.hidden = ints(v); break;
        case "--budgets": o.budgets = ints(v); break;
        case "--seeds": o.seeds = Arrays.stream(v.split(",")).mapToLong(Long::parseLong).toArray(); break;
        case "--activations": o.activations = v.split(","); break;
        case "--reg-param": o.regParam = Double.parseDouble(v); break;
        case "--scaling-rows": o.scalingRows = ints(v); break;
        case "--scaling-features": o.scalingFeatures = Integer.parseInt(v); break;
        case "--scaling-partitions": o.scalingPartitions = Integer.parseInt(v); break;
        case "--scaling-iterations": o.scalingIterations = Integer.parseInt(v); break;
        case "--regression-rows": o.regressionRows = v.equals("none") ? new int[0] : ints(v); break;
        case "--regression-features": o.regressionFeatures = Integer.parseInt(v); break;
        case "--regression-partitions": o.regressionPartitions = Integer.parseInt(v); break;
        case "--regression-iterations": o.regressionIterations = Integer.parseInt(v); break;
        case "--gbt-iterations": o.gbtIterations = v.equals("none") ? new int[0] : ints(v); break;
        case "--wine": o.wine = bool(name, v); break;
        case "--wine-reg-param": o.wineRegParam = Double.parseDouble(v); break;
        default:
          throw new IllegalArgumentException("Unknown option " + name + "; options are --master, --digits, "
              + "--digits-partitions, --hidden, --budgets, --seeds, --activations, --reg-param, --scaling-rows, "
              + "--scaling-features, --scaling-partitions, --scaling-iterations, --regression-rows, "
              + "--regression-features, --regression-partitions, --regression-iterations, --gbt-iterations, --wine, "
              + "--wine-reg-param.");
      }
    }
    if (o.regressionFeatures < 4) {
      throw new IllegalArgumentException("--regression-features must be at least 4 (the target uses 4), got "
          + o.regressionFeatures + ".");
    }
    return o;
  }

  private static boolean bool(String name, String v) {
    if (!v.equals("true") && !v.equals("false")) {
      throw new IllegalArgumentException("Option " + name + " takes true or false, got " + v + ".");
    }
    return Boolean.parseBoolean(v);
  }

  private static int[] ints(String v) {
    return Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray();
  }
}
