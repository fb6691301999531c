package sparkactivations.examples;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import sparkactivations.pipelines.PerceptronPipelines;
import sparkactivations.pipelines.PerceptronSpec;
import sparkactivations.pipelines.PerceptronTuning;
import sparkactivations.pipelines.TuningCandidate;
import sparkactivations.pipelines.TuningGrid;
import sparkactivations.pipelines.TuningMethod;
import sparkactivations.pipelines.TuningResult;
import sparkactivations.transformers.ActivationFunction;

/**
 * Trains and evaluates the standard pipeline (standardised pixels, an activation, MLlib's
 * multilayer perceptron) on the digits data set, prints a per-class table and the line
 * {@code accuracy=0.xxxx f1=0.xxxx}, and optionally saves the model, the test predictions and
 * the metrics.
 *
 * <p>The split is a pure function of each row's {@code id} and the seed (a row is a test row when
 * {@code pmod(xxhash64(id, seed), 10000) < 10000 * testFraction}), so it is the same whatever
 * the partitioning, on a laptop or on a cluster.
 */
public final class DigitsPipelineJob {

  static final String USAGE = String.join("\n",
      "Usage: DigitsPipelineJob [options]",
      "  --input PATH          CSV without header: 64 pixel columns, then the label 0..9",
      "                        (default: the bundled digits data set)",
      "  --activation NAME     activation applied to the standardised pixels (default: tanh), one of",
      "                        " + String.join(", ", ActivationFunction.names()),
      "  --alpha A             the activation's alpha (default: the function's own)",
      "  --hidden 64,32        hidden layer sizes (default: 64)",
      "  --max-iter N          classifier iterations (default: 100)",
      "  --seed S              seed of the split and of the initial weights (default: 42)",
      "  --test-fraction F     share of rows held out for the test, in (0, 1) (default: 0.2)",
      "  --tune                grid search (train/validation split of the training rows) over",
      "                        " + String.join(", ", Options.TUNED_FUNCTIONS) + " and hidden layers 32 or --hidden",
      "  --model-out PATH      save the fitted PipelineModel there",
      "  --predictions-out PATH  write the test rows with their predictions there (parquet)",
      "  --metrics-out PATH    write accuracy, weighted F1, per-class recall, training time (JSON)",
      "  --help                print this text");

  private DigitsPipelineJob() {}

  public static void main(String[] args) {
    JobLauncher.exit(JobLauncher.launch("DigitsPipelineJob", USAGE, args, Options::parse,
        (spark, options) -> run(spark, options, System.out), System.err));
  }

  /** The job's options, with their defaults. */
  public static final class Options {

    static final String[] TUNED_FUNCTIONS = {"relu", "leaky_relu", "elu", "gelu", "tanh"};

    /** CSV input; null for the bundled data set. */
    public String input;
    public String activation = "tanh";
    /** null for the function's own alpha. */
    public Double alpha;
    public int[] hidden = {64};
    public int maxIter = 100;
    public long seed = 42L;
    public double testFraction = 0.2;
    public boolean tune;
    public String modelOut;
    public String predictionsOut;
    public String metricsOut;

    /** @throws UsageException for an unknown option or an invalid value, naming it */
    public static Options parse(String[] args) throws UsageException {
      JobArguments a = JobArguments.parse(args,
          new String[] {"input", "activation", "alpha", "hidden", "max-iter", "seed", "test-fraction",
              "model-out", "predictions-out", "metrics-out"},
          new String[] {"tune"});
      Options o = new Options();
      o.input = a.string("input", null);
      o.activation = a.string("activation", o.activation);
      if (!ActivationFunction.isValidName(o.activation)) {
        throw new UsageException("--activation '" + o.activation + "' is unknown; use one of "
            + String.join(", ", ActivationFunction.names()));
      }
      o.alpha = a.number("alpha");
      if (o.alpha != null) {
        try {
          ActivationFunction.forName(o.activation).checkAlpha(o.alpha);
        } catch (IllegalArgumentException e) {
          throw new UsageException("--alpha: " + e.getMessage());
        }
      }
      o.hidden = a.sizes("hidden", o.hidden);
      Long maxIter = a.integer("max-iter");
      if (maxIter != null) {
        if (maxIter < 1 || maxIter > Integer.MAX_VALUE) {
          throw new UsageException("--max-iter must be at least 1, got " + maxIter);
        }
        o.maxIter = maxIter.intValue();
      }
      Long seed = a.integer("seed");
      if (seed != null) {
        o.seed = seed;
      }
      Double f = a.number("test-fraction");
      if (f != null) {
        if (!(f > 0 && f < 1)) {
          throw new UsageException("--test-fraction must lie strictly between 0 and 1, got " + f);
        }
        o.testFraction = f;
      }
      o.tune = a.flag("tune");
      o.modelOut = a.string("model-out", null);
      o.predictionsOut = a.string("predictions-out", null);
      o.metricsOut = a.string("metrics-out", null);
      return o;
    }

    PerceptronSpec spec() {
      PerceptronSpec s = new PerceptronSpec()
          .setFeatureCols(DigitsData.pixelColumns())
          .setLabelCol(DigitsData.LABEL)
          .setStandardize(true)
          .setActivation(activation)
          .setHiddenLayers(hidden)
          .setMaxIter(maxIter)
          .setSeed(seed);
      if (alpha != null) {
        s.setAlpha(alpha);
      }
      return s;
    }
  }

  /** What a run measured. */
  public static final class Result {
    public final long trainRows;
    public final long testRows;
    public final double accuracy;
    public final double weightedF1;
    /** By class. */
    public final Map<Integer, Double> recall;
    public final double trainingSeconds;
    /** The model's activation, alpha (NaN when it has none) and layer sizes. */
    public final String activation;
    public final double alpha;
    public final int[] layers;
    /** With {@code --tune}, every candidate's validation metric; else empty. */
    public final List<TuningCandidate> candidates;

    Result(long trainRows, ClassificationMetrics m, double trainingSeconds, String activation, double alpha,
        int[] layers, List<TuningCandidate> candidates) {
      this.trainRows = trainRows;
      this.testRows = m.rows;
      this.accuracy = m.accuracy;
      this.weightedF1 = m.weightedF1;
      this.recall = m.recall;
      this.trainingSeconds = trainingSeconds;
      this.activation = activation;
      this.alpha = alpha;
      this.layers = layers;
      this.candidates = candidates;
    }
  }

  public static Result run(SparkSession spark, Options options) {
    return run(spark, options, System.out);
  }

  /** Runs the job, printing the table and the accuracy line to {@code out}. */
  public static Result run(SparkSession spark, Options o, PrintStream out) {
    for (String[] output : new String[][] {{o.modelOut, "model output"}, {o.predictionsOut, "predictions output"},
        {o.metricsOut, "metrics output"}}) {
      if (output[0] != null) {
        JobPaths.requireAbsent(spark, output[0], output[1]);
      }
    }
    Dataset<Row> data = (o.input == null ? DigitsData.bundled(spark) : DigitsData.csv(spark, o.input)).cache();
    try {
      return run(spark, o, out, data);
    } finally {
      data.unpersist();
    }
  }

  private static Result run(SparkSession spark, Options o, PrintStream out, Dataset<Row> data) {
    Column isTest = functions.pmod(functions.xxhash64(functions.col("id"), functions.lit(o.seed)), functions.lit(10000))
        .lt(Math.round(o.testFraction * 10000));
    Dataset<Row> train = data.where(functions.not(isTest));
    Dataset<Row> test = data.where(isTest);
    long trainRows = train.count();
    long testRows = test.count();
    if (trainRows == 0 || testRows == 0) {
      throw new JobException("the split of " + (trainRows + testRows) + " rows left " + trainRows
          + " training and " + testRows + " test rows; use more data or another --test-fraction");
    }
    PerceptronSpec spec = o.spec();
    out.println(String.format(Locale.ROOT, "digits: %d rows (%s), %d to train, %d to test",
        trainRows + testRows, o.input == null ? "bundled copy" : o.input, trainRows, testRows));

    long start = System.nanoTime();
    PipelineModel model;
    List<TuningCandidate> candidates = new ArrayList<>();
    String activation;
    double alpha;
    int[] layers;
    try {
      if (o.tune) {
        TuningResult tuned = PerceptronTuning.tune(spec, tuningGrid(o), train);
        model = tuned.bestModel();
        candidates = tuned.candidates();
        out.println("tuning on a train/validation split (0.8) of the training rows, " + tuned.metricName() + ":");
        for (int i = 0; i < candidates.size(); i++) {
          TuningCandidate c = candidates.get(i);
          out.println(String.format(Locale.ROOT, "  %-24s %-16s %.4f%s", describe(c.activation(), c.alpha()),
              Arrays.toString(c.layers()), c.metric(), i == tuned.bestIndex() ? "  <- best" : ""));
        }
        activation = tuned.best().activation();
        alpha = tuned.best().alpha();
        layers = tuned.best().layers();
      } else {
        layers = PerceptronPipelines.layers(spec, train);
        Pipeline pipeline = PerceptronPipelines.build(spec, train);
        model = pipeline.fit(train);
        activation = spec.getActivation();
        alpha = spec.getAlpha();
      }
    } catch (IllegalArgumentException e) {
      throw new JobException(e.getMessage(), e);
    }
    double seconds = (System.nanoTime() - start) / 1e9;

    Dataset<Row> predictions = model.transform(test).cache();
    try {
      ClassificationMetrics m = ClassificationMetrics.of(predictions, DigitsData.LABEL, spec.getPredictionCol());
      out.println(String.format(Locale.ROOT, "pipeline: standardise -> %s -> multilayer perceptron %s, max-iter %d, seed %d",
          describe(activation, alpha), Arrays.toString(layers), o.maxIter, o.seed));
      out.print(m.table());
      out.println(String.format(Locale.ROOT, "training time: %.1f s", seconds));
      Result result = new Result(trainRows, m, seconds, activation, alpha, layers, candidates);
      if (o.modelOut != null) {
        try {
          model.write().save(o.modelOut);
        } catch (java.io.IOException e) {
          throw new JobException("cannot save the model to " + o.modelOut + ": " + e.getMessage(), e);
        }
      }
      if (o.predictionsOut != null) {
        List<Column> cols = new ArrayList<>();
        for (String c : DigitsData.schema().fieldNames()) {
          cols.add(functions.col(c));
        }
        cols.add(functions.col(spec.getPredictionCol()));
        cols.add(functions.col("probability"));
        predictions.select(cols.toArray(new Column[0])).write().parquet(o.predictionsOut);
      }
      if (o.metricsOut != null) {
        JobPaths.writeText(spark, o.metricsOut, metricsJson(result));
      }
      out.println(m.summaryLine());
      return result;
    } finally {
      predictions.unpersist();
    }
  }

  private static TuningGrid tuningGrid(Options o) {
    TuningGrid grid = new TuningGrid()
        .setActivations(Options.TUNED_FUNCTIONS)
        .setMethod(TuningMethod.TRAIN_VALIDATION_SPLIT)
        .setTrainRatio(0.8)
        .setSeed(o.seed);
    if (o.alpha != null) {
      grid.setAlphas(o.alpha);
    }
    int[] small = {32};
    return Arrays.equals(small, o.hidden) ? grid.setHiddenLayers(small) : grid.setHiddenLayers(small, o.hidden);
  }

  private static String describe(String activation, double alpha) {
    return Double.isNaN(alpha) ? activation : String.format(Locale.ROOT, "%s(alpha=%s)", activation, alpha);
  }

  static String metricsJson(Result r) {
    StringBuilder recall = new StringBuilder();
    for (Map.Entry<Integer, Double> e : r.recall.entrySet()) {
      recall.append(recall.length() == 0 ? "" : ", ").append('"').append(e.getKey()).append("\": ").append(e.getValue());
    }
    StringBuilder layers = new StringBuilder();
    for (int l : r.layers) {
      layers.append(layers.length() == 0 ? "" : ", ").append(l);
    }
    return "{\n"
        + "  \"accuracy\": " + r.accuracy + ",\n"
        + "  \"weighted_f1\": " + r.weightedF1 + ",\n"
        + "  \"recall_by_class\": {" + recall + "},\n"
        + "  \"training_time_seconds\": " + r.trainingSeconds + ",\n"
        + "  \"train_rows\": " + r.trainRows + ",\n"
        + "  \"test_rows\": " + r.testRows + ",\n"
        + "  \"activation\": \"" + r.activation + "\",\n"
        + "  \"alpha\": " + (Double.isNaN(r.alpha) ? "null" : Double.toString(r.alpha)) + ",\n"
        + "  \"layers\": [" + layers + "]\n"
        + "}\n";
  }
}
