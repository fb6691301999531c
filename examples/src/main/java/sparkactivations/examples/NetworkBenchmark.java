package sparkactivations.examples;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StandardScalerModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.regression.GBTRegressor;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.ml.regression.LinearRegressionModel;
import org.apache.spark.ml.regression.RandomForestRegressor;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import sparkactivations.pipelines.FeedForwardClassificationModel;
import sparkactivations.pipelines.FeedForwardClassifier;
import sparkactivations.pipelines.FeedForwardRegressionModel;
import sparkactivations.pipelines.FeedForwardRegressor;

/**
 * MLlib's {@code MultilayerPerceptronClassifier} (sigmoid) against {@code FeedForwardClassifier}
 * with several hidden activations, in one run: on the digits data (one 80/20 split, features
 * standardised on the training part) the mean test accuracy over seeds, training time and time
 * per iteration at each iteration budget; then time per iteration against rows on generated data;
 * then regression, on the bundled Wine Quality (red) data and on generated data with a nonlinear
 * target: MLlib's {@code LinearRegression}, {@code GBTRegressor} and {@code RandomForestRegressor}
 * with their defaults (and GBT with more trees) against {@code FeedForwardRegressor}, test RMSE,
 * training time and time per iteration. Timings are printed as ratios against MLlib's in the same
 * run.
 */
public final class NetworkBenchmark {

  static final StructType SCHEMA = new StructType()
      .add("label", DataTypes.DoubleType, false)
      .add("features", SQLDataTypes.VectorType(), false);

  /** Iterations of the short fit that the marginal cost per iteration is measured against. */
  public static final int SHORT_FIT = 2;

  private NetworkBenchmark() {}

  public static void main(String[] args) {
    NetworkBenchmarkOptions options = NetworkBenchmarkOptions.parse(args);
    SparkSession spark = SparkSession.builder().master(options.master).appName("NetworkBenchmark")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    try {
      run(spark, options, System.out);
    } finally {
      spark.stop();
    }
  }

  /** Runs both parts, printing each table to {@code out} as it completes. */
  public static NetworkBenchmarkReport run(SparkSession spark, NetworkBenchmarkOptions o, PrintStream out) {
    NetworkBenchmarkReport report = new NetworkBenchmarkReport();
    Dataset<Row>[] split = readDigits(spark, o).randomSplit(new double[] {0.8, 0.2}, 42L);
    StandardScalerModel scaler = new StandardScaler().setWithMean(true).setWithStd(true)
        .setInputCol("raw").setOutputCol("features").fit(split[0].withColumnRenamed("features", "raw"));
    Dataset<Row> train = scale(scaler, split[0]).repartition(o.digitsPartitions).cache();
    Dataset<Row> test = scale(scaler, split[1]).cache();
    out.printf("digits: %d training rows, %d test rows, %d partitions%n", train.count(), test.count(),
        o.digitsPartitions);
    int[] layers = layers(64, o.hidden, 10);
    // Warm-up, so that neither side pays for the JIT in the measured runs.
    for (String model : models(o)) {
      fit(model, layers, 5, 1L, o.regParam, train, test);
    }
    for (int budget : o.budgets) {
      for (String model : models(o)) {
        double acc = 0;
        double secs = 0;
        double iters = 0;
        for (long seed : o.seeds) {
          double[] m = fit(model, layers, budget, seed, o.regParam, train, test);
          acc += m[0];
          secs += m[1];
          iters += m[2];
        }
        int n = o.seeds.length;
        report.digits.add(new BenchmarkRow(model, budget, acc / n, secs / n, 1000 * secs / iters, iters / n));
      }
    }
    out.println(report.digitsTable());
    train.unpersist();
    test.unpersist();

    int[] scalingLayers = layers(o.scalingFeatures, o.hidden, 10);
    for (int rows : o.scalingRows) {
      Dataset<Row> data = generated(spark, rows, o.scalingFeatures, o.scalingPartitions).cache();
      data.count();
      for (String model : new String[] {NetworkBenchmarkReport.MLLIB, "relu"}) {
        double[] shortFit = fit(model, scalingLayers, SHORT_FIT, 1L, 0.0, data, null);
        double[] m = fit(model, scalingLayers, o.scalingIterations, 1L, 0.0, data, null);
        double marginal = m[2] > shortFit[2] ? 1000 * (m[1] - shortFit[1]) / (m[2] - shortFit[2]) : Double.NaN;
        report.scaling.add(new BenchmarkRow(model, rows, Double.NaN, m[1], 1000 * m[1] / m[2], m[2], marginal));
      }
      data.unpersist();
    }
    out.printf("generated: %d features, layers %s, %d partitions%n", o.scalingFeatures,
        java.util.Arrays.toString(scalingLayers), o.scalingPartitions);
    out.println(report.scalingTable());

    if (o.wine) {
      runWine(spark, o, report, out);
    }
    for (int rows : o.regressionRows) {
      Dataset<Row> rTrain = generatedRegression(spark, rows, o.regressionFeatures, o.regressionPartitions, 0L).cache();
      Dataset<Row> rTest = generatedRegression(spark, Math.max(rows / 4, 1), o.regressionFeatures,
          o.regressionPartitions, rows).cache();
      rTrain.count();
      rTest.count();
      for (String model : regressors(o)) {
        report.regression.add(fitRegressor(model, rows, regressionLayers(o), 0.0, o, rTrain, rTest));
      }
      rTrain.unpersist();
      rTest.unpersist();
    }
    if (o.regressionRows.length > 0) {
      out.printf("regression: y = sin(2 x0) x1 + x2^2 / 2 - |x3| + N(0, 0.1^2), %d features uniform in [-2, 2], "
          + "test rows = rows / 4, %d partitions; feed-forward layers %s, %d L-BFGS iterations at most%n",
          o.regressionFeatures, o.regressionPartitions, java.util.Arrays.toString(regressionLayers(o)),
          o.regressionIterations);
      out.println(report.regressionTable(report.regression));
    }
    return report;
  }

  /**
   * The regressors of the regression tables, MLlib's first: {@code LinearRegression},
   * {@code GBTRegressor} and {@code RandomForestRegressor} with MLlib's defaults, then
   * {@code GBTRegressor} with each of {@code --gbt-iterations} (more trees than its default 20), then
   * {@code FeedForwardRegressor}.
   */
  static List<String> regressors(NetworkBenchmarkOptions o) {
    List<String> models = new ArrayList<>();
    models.add(LINEAR);
    models.add(NetworkBenchmarkReport.GBT);
    models.add(FOREST);
    for (int trees : o.gbtIterations) {
      models.add(NetworkBenchmarkReport.GBT + "-" + trees);
    }
    models.add(FEED_FORWARD);
    return models;
  }

  static final String LINEAR = "mllib-linear";
  static final String FOREST = "mllib-random-forest";
  static final String FEED_FORWARD = "feed-forward";

  static int[] regressionLayers(NetworkBenchmarkOptions o) {
    return new int[] {o.regressionFeatures, 64, 32, 1};
  }

  /**
   * The bundled Wine Quality (red) data: one 80/20 split, features standardised on the training
   * part, every regressor of {@link #regressors}; the feed-forward network has layers
   * {@code 11-64-32-1} and {@code --wine-reg-param}, since 1,279 training rows are few for its
   * weights.
   */
  private static void runWine(SparkSession spark, NetworkBenchmarkOptions o, NetworkBenchmarkReport report,
      PrintStream out) {
    Dataset<Row>[] split = RegressionData.wineQuality(spark).randomSplit(new double[] {0.8, 0.2}, 42L);
    StandardScalerModel scaler = new StandardScaler().setWithMean(true).setWithStd(true)
        .setInputCol("raw").setOutputCol("features").fit(split[0].withColumnRenamed("features", "raw"));
    Dataset<Row> train = scale(scaler, split[0]).repartition(2).cache();
    Dataset<Row> test = scale(scaler, split[1]).cache();
    int rows = (int) train.count();
    long testRows = test.count();
    int[] layers = {RegressionData.WINE_FEATURES, 64, 32, 1};
    for (String model : regressors(o)) {
      report.wine.add(fitRegressor(model, rows, layers, o.wineRegParam, o, train, test));
    }
    out.printf("wine quality (red): %d training rows, %d test rows, 11 features standardised; feed-forward layers "
        + "%s, regParam %s, %d L-BFGS iterations at most%n", rows, testRows, java.util.Arrays.toString(layers),
        o.wineRegParam, o.regressionIterations);
    out.println(report.regressionTable(report.wine));
    train.unpersist();
    test.unpersist();
  }

  /**
   * Fits one regressor: test RMSE, training seconds, iterations (trees for the forests);
   * {@code layers} and {@code regParam} are the feed-forward network's.
   */
  private static BenchmarkRow fitRegressor(String model, int rows, int[] layers, double regParam,
      NetworkBenchmarkOptions o, Dataset<Row> train, Dataset<Row> test) {
    long start = System.nanoTime();
    org.apache.spark.ml.Model<?> fitted;
    double iterations;
    if (model.equals(LINEAR)) {
      fitted = new LinearRegression().fit(train);
      iterations = ((LinearRegressionModel) fitted).summary().totalIterations();
    } else if (model.equals(FOREST)) {
      RandomForestRegressor forest = new RandomForestRegressor().setSeed(1L);
      fitted = forest.fit(train);
      iterations = forest.getNumTrees();
    } else if (model.startsWith(NetworkBenchmarkReport.GBT)) {
      GBTRegressor gbt = new GBTRegressor().setSeed(1L);
      if (!model.equals(NetworkBenchmarkReport.GBT)) {
        gbt.setMaxIter(Integer.parseInt(model.substring(NetworkBenchmarkReport.GBT.length() + 1)));
      }
      fitted = gbt.fit(train);
      iterations = gbt.getMaxIter();
    } else {
      FeedForwardRegressionModel m = new FeedForwardRegressor().setLayers(layers).setMaxIter(o.regressionIterations)
          .setTol(0.0).setSeed(1L).setRegParam(regParam).fit(train);
      fitted = m;
      iterations = m.summary().totalIterations();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double rmse = new RegressionEvaluator().setMetricName("rmse").evaluate(fitted.transform(test));
    return new BenchmarkRow(model, rows, rmse, seconds, 1000 * seconds / Math.max(iterations, 1), iterations);
  }

  /**
   * {@code rows} feature vectors uniform in [-2, 2] with the label
   * {@code sin(2 x0) x1 + x2^2 / 2 - |x3| + N(0, 0.1^2)} (the other features are noise), built on
   * the executors from the row id plus {@code idOffset}.
   */
  static Dataset<Row> generatedRegression(SparkSession spark, int rows, int features, int partitions,
      long idOffset) {
    JavaRDD<Row> rdd = spark.range(idOffset, idOffset + rows, 1, partitions).javaRDD().map(id -> {
      Random rnd = new Random(id * 0xC2B2AE3D27D4EB4FL + 13);
      double[] x = new double[features];
      for (int i = 0; i < features; i++) {
        x[i] = -2 + 4 * rnd.nextDouble();
      }
      double y = Math.sin(2 * x[0]) * x[1] + x[2] * x[2] / 2 - Math.abs(x[3]) + 0.1 * rnd.nextGaussian();
      return RowFactory.create(y, Vectors.dense(x));
    });
    return spark.createDataFrame(rdd, SCHEMA);
  }

  private static List<String> models(NetworkBenchmarkOptions o) {
    List<String> models = new ArrayList<>();
    models.add(NetworkBenchmarkReport.MLLIB);
    for (String a : o.activations) {
      models.add(a);
    }
    return models;
  }

  private static int[] layers(int in, int[] hidden, int out) {
    int[] layers = new int[hidden.length + 2];
    layers[0] = in;
    System.arraycopy(hidden, 0, layers, 1, hidden.length);
    layers[layers.length - 1] = out;
    return layers;
  }

  /** Fits one model; returns test accuracy (NaN without test data), training seconds, iterations run. */
  private static double[] fit(String model, int[] layers, int maxIter, long seed, double regParam,
      Dataset<Row> train, Dataset<Row> test) {
    long start = System.nanoTime();
    org.apache.spark.ml.Model<?> fitted;
    int iterations;
    if (model.equals(NetworkBenchmarkReport.MLLIB)) {
      MultilayerPerceptronClassificationModel m = new MultilayerPerceptronClassifier().setLayers(layers)
          .setMaxIter(maxIter).setTol(0.0).setSeed(seed).fit(train);
      fitted = m;
      iterations = m.summary().totalIterations();
    } else {
      FeedForwardClassificationModel m = new FeedForwardClassifier().setLayers(layers).setActivation(model)
          .setMaxIter(maxIter).setTol(0.0).setSeed(seed).setRegParam(regParam).fit(train);
      fitted = m;
      iterations = m.summary().totalIterations();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double accuracy = test == null ? Double.NaN
        : new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(fitted.transform(test));
    return new double[] {accuracy, seconds, Math.max(iterations, 1)};
  }

  private static Dataset<Row> scale(StandardScalerModel scaler, Dataset<Row> df) {
    return scaler.transform(df.withColumnRenamed("features", "raw")).select("label", "features");
  }

  /** The digits data (the bundled copy or {@code --digits PATH}) as {@code label, features}. */
  static Dataset<Row> readDigits(SparkSession spark, NetworkBenchmarkOptions o) {
    Dataset<Row> pixels = o.digitsPath == null ? DigitsData.bundled(spark) : DigitsData.csv(spark, o.digitsPath);
    return new VectorAssembler().setInputCols(DigitsData.pixelColumns()).setOutputCol("features")
        .transform(pixels).select("label", "features");
  }

  /**
   * {@code rows} standard-normal feature vectors labelled by a fixed random linear teacher
   * (argmax of 10 scores), built on the executors from the row id.
   */
  static Dataset<Row> generated(SparkSession spark, int rows, int features, int partitions) {
    Random teacherRnd = new Random(99L);
    double[] teacher = new double[10 * features];
    for (int i = 0; i < teacher.length; i++) {
      teacher[i] = teacherRnd.nextGaussian();
    }
    JavaRDD<Row> rdd = spark.range(0, rows, 1, partitions).javaRDD().map(id -> {
      Random rnd = new Random(id * 0x9E3779B97F4A7C15L + 7);
      double[] x = new double[features];
      for (int i = 0; i < features; i++) {
        x[i] = rnd.nextGaussian();
      }
      int best = 0;
      double bestScore = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < 10; c++) {
        double s = 0;
        for (int i = 0; i < features; i++) {
          s += teacher[c * features + i] * x[i];
        }
        if (s > bestScore) {
          bestScore = s;
          best = c;
        }
      }
      return RowFactory.create((double) best, Vectors.dense(x));
    });
    return spark.createDataFrame(rdd, SCHEMA);
  }
}
