package sparkactivations.examples;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import sparkactivations.pipelines.ClassifierKind;
import sparkactivations.pipelines.FeedForwardClassificationModel;
import sparkactivations.pipelines.FeedForwardClassifier;
import sparkactivations.pipelines.PerceptronPipelines;
import sparkactivations.pipelines.PerceptronSpec;
import sparkactivations.pipelines.PerceptronTuning;
import sparkactivations.pipelines.TuningCandidate;
import sparkactivations.pipelines.TuningGrid;
import sparkactivations.pipelines.TuningMethod;
import sparkactivations.pipelines.TuningResult;
import sparkactivations.transformers.ActivationFunction;

/**
 * Trains and evaluates classifiers of the digits data set, on one split: an activation on the
 * standardised pixels feeding MLlib's multilayer perceptron ({@code --classifier perceptron}),
 * {@link FeedForwardClassifier} with the activation in its hidden layers
 * ({@code --classifier feed-forward}), or both side by side (the default). For each it prints a
 * per-class table, the training time, for the feed-forward network its dead units, and the line
 * {@code accuracy=0.xxxx f1=0.xxxx}; with both, a comparison table last. With one classifier it
 * can save the model, the test predictions and the metrics.
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
      "  --classifier NAME     perceptron: the activation on the standardised pixels, then MLlib's",
      "                        multilayer perceptron (sigmoid hidden layers); feed-forward:",
      "                        FeedForwardClassifier, the activation in its hidden layers; both",
      "                        (default): the two on the same split, side by side",
      "  --activation NAME     the activation (default: tanh for perceptron, relu for feed-forward),",
      "                        one of " + String.join(", ", ActivationFunction.names()) + ",",
      "                        or prelu (learned slope) with --classifier feed-forward",
      "  --alpha A             the activation's alpha (default: the function's own)",
      "  --reg-param R         the feed-forward network's L2 penalty on its weights, >= 0 (default: 1e-4;",
      "                        not with --tune, whose networks have none)",
      "  --hidden 64,32        hidden layer sizes (default: 64)",
      "  --max-iter N          classifier iterations (default: 100)",
      "  --seed S              seed of the split and of the initial weights (default: 42)",
      "  --test-fraction F     share of rows held out for the test, in (0, 1) (default: 0.2)",
      "  --tune                grid search (train/validation split of the training rows) over",
      "                        " + String.join(", ", Options.TUNED_FUNCTIONS) + " and hidden layers 32 or --hidden",
      "  --model-out PATH      save the fitted PipelineModel there (one classifier only)",
      "  --predictions-out PATH  write the test rows with their predictions there (parquet; one classifier only)",
      "  --metrics-out PATH    write accuracy, weighted F1, per-class recall, training time (JSON; one",
      "                        classifier only)",
      "  --help                print this text");

  /** The feed-forward network's L2 penalty unless {@code --reg-param} says otherwise. */
  static final double DEFAULT_REG_PARAM = 1e-4;

  /** Iterations of the untimed fit that warms each classifier up before a comparison. */
  static final int WARM_UP_ITERATIONS = 2;

  private DigitsPipelineJob() {}

  public static void main(String[] args) {
    JobLauncher.exit(JobLauncher.launch("DigitsPipelineJob", USAGE, args, Options::parse,
        (spark, options) -> run(spark, options, System.out), System.err));
  }

  /** The classifiers the job can train. */
  public enum Classifier {
    /** An {@code Activation} stage on the standardised pixels, then MLlib's {@code MultilayerPerceptronClassifier}. */
    PERCEPTRON("perceptron", ClassifierKind.MULTILAYER_PERCEPTRON, "tanh"),
    /** {@link FeedForwardClassifier}, the activation in its hidden layers. */
    FEED_FORWARD("feed-forward", ClassifierKind.FEED_FORWARD, "relu");

    /** The name {@code --classifier} takes. */
    public final String optionName;
    final ClassifierKind kind;
    /** The activation when {@code --activation} is not given. */
    public final String defaultActivation;

    Classifier(String optionName, ClassifierKind kind, String defaultActivation) {
      this.optionName = optionName;
      this.kind = kind;
      this.defaultActivation = defaultActivation;
    }

    static List<Classifier> forOption(String value) throws UsageException {
      if (BOTH.equals(value)) {
        return Arrays.asList(values());
      }
      for (Classifier c : values()) {
        if (c.optionName.equals(value)) {
          return Collections.singletonList(c);
        }
      }
      throw new UsageException("--classifier '" + value + "' is unknown; use perceptron, feed-forward or " + BOTH);
    }
  }

  /** The {@code --classifier} value that runs every classifier. */
  static final String BOTH = "both";
  /** The activation only {@link FeedForwardClassifier} has: a ReLU whose negative slope it learns. */
  static final String PRELU = "prelu";

  /** The job's options, with their defaults. */
  public static final class Options {

    static final String[] TUNED_FUNCTIONS = {"relu", "leaky_relu", "elu", "gelu", "tanh"};

    /** CSV input; null for the bundled data set. */
    public String input;
    /** The classifiers to train, in this order (default: both). */
    public List<Classifier> classifiers = Arrays.asList(Classifier.values());
    /** null for each classifier's {@link Classifier#defaultActivation}. */
    public String activation;
    /** null for the function's own alpha. */
    public Double alpha;
    /** The feed-forward network's {@code regParam}; not used with {@link #tune}. */
    public double regParam = DEFAULT_REG_PARAM;
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
          new String[] {"input", "classifier", "activation", "alpha", "reg-param", "hidden", "max-iter", "seed", "test-fraction",
              "model-out", "predictions-out", "metrics-out"},
          new String[] {"tune"});
      Options o = new Options();
      o.input = a.string("input", null);
      o.classifiers = Classifier.forOption(a.string("classifier", BOTH));
      o.activation = a.string("activation", null);
      boolean feedForwardOnly = o.classifiers.equals(Collections.singletonList(Classifier.FEED_FORWARD));
      if (PRELU.equals(o.activation) && !feedForwardOnly) {
        throw new UsageException("--activation prelu learns its slope inside the network; it needs --classifier feed-forward");
      }
      if (o.activation != null && !PRELU.equals(o.activation) && !ActivationFunction.isValidName(o.activation)) {
        throw new UsageException("--activation '" + o.activation + "' is unknown; use one of "
            + String.join(", ", ActivationFunction.names()) + (feedForwardOnly ? ", prelu" : ""));
      }
      o.alpha = a.number("alpha");
      if (o.alpha != null) {
        for (Classifier c : o.classifiers) {
          String function = o.activation(c);
          if (!PRELU.equals(function)) {
            try {
              ActivationFunction.forName(function).checkAlpha(o.alpha);
            } catch (IllegalArgumentException e) {
              throw new UsageException("--alpha: " + e.getMessage());
            }
          }
        }
      }
      Double regParam = a.number("reg-param");
      if (regParam != null) {
        if (regParam < 0) {
          throw new UsageException("--reg-param must be at least 0, got " + regParam);
        }
        if (!o.classifiers.contains(Classifier.FEED_FORWARD)) {
          throw new UsageException("--reg-param is the feed-forward network's; add --classifier feed-forward or both");
        }
        o.regParam = regParam;
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
      if (o.tune && regParam != null) {
        throw new UsageException("--reg-param cannot be combined with --tune: the tuned networks have no L2 penalty");
      }
      o.modelOut = a.string("model-out", null);
      o.predictionsOut = a.string("predictions-out", null);
      o.metricsOut = a.string("metrics-out", null);
      String problem = o.outputProblem();
      if (problem != null) {
        throw new UsageException(problem);
      }
      return o;
    }

    /** The activation {@code c} is trained with. */
    public String activation(Classifier c) {
      return activation != null ? activation : c.defaultActivation;
    }

    /** Why the outputs cannot be written (each holds one classifier's results), or null. */
    String outputProblem() {
      String[][] outputs = {{modelOut, "--model-out"}, {predictionsOut, "--predictions-out"}, {metricsOut, "--metrics-out"}};
      for (String[] output : outputs) {
        if (output[0] != null && classifiers.size() != 1) {
          return output[1] + " holds one classifier's results; add --classifier perceptron or --classifier feed-forward";
        }
      }
      return null;
    }

    /** The unfitted pipeline of {@code c}, its layers from {@code train}. */
    Pipeline pipeline(Classifier c, int iterations, Dataset<Row> train) {
      Pipeline pipeline = PerceptronPipelines.build(spec(c).setMaxIter(iterations), train);
      PipelineStage[] stages = pipeline.getStages();
      if (stages[stages.length - 1] instanceof FeedForwardClassifier) {
        ((FeedForwardClassifier) stages[stages.length - 1]).setRegParam(regParam);
      }
      return pipeline;
    }

    PerceptronSpec spec(Classifier c) {
      PerceptronSpec s = new PerceptronSpec()
          .setFeatureCols(DigitsData.pixelColumns())
          .setLabelCol(DigitsData.LABEL)
          .setStandardize(true)
          .setClassifier(c.kind)
          .setActivation(activation(c))
          .setHiddenLayers(hidden)
          .setMaxIter(maxIter)
          .setSeed(seed);
      if (alpha != null) {
        s.setAlpha(alpha);
      }
      return s;
    }
  }

  /** What a run of one classifier measured. */
  public static final class Result {
    public final Classifier classifier;
    public final long trainRows;
    public final long testRows;
    public final double accuracy;
    public final double weightedF1;
    /** By class. */
    public final Map<Integer, Double> recall;
    public final double trainingSeconds;
    /** Iterations the classifier ran (-1 when the model does not say). */
    public final int iterations;
    /** The model's activation, alpha (NaN when it has none) and layer sizes. */
    public final String activation;
    public final double alpha;
    public final int[] layers;
    /** The feed-forward network's L2 penalty; NaN for the perceptron. */
    public final double regParam;
    /**
     * Per hidden layer of the feed-forward network, the fraction of units that output 0 on every
     * training row; null for the perceptron.
     */
    public final double[] deadUnitFractions;
    /** With {@code --tune}, every candidate's validation metric; else empty. */
    public final List<TuningCandidate> candidates;

    Result(Classifier classifier, long trainRows, ClassificationMetrics m, double trainingSeconds, int iterations,
        String activation, double alpha, int[] layers, double regParam, double[] deadUnitFractions,
        List<TuningCandidate> candidates) {
      this.classifier = classifier;
      this.trainRows = trainRows;
      this.testRows = m.rows;
      this.accuracy = m.accuracy;
      this.weightedF1 = m.weightedF1;
      this.recall = m.recall;
      this.trainingSeconds = trainingSeconds;
      this.iterations = iterations;
      this.activation = activation;
      this.alpha = alpha;
      this.layers = layers;
      this.regParam = regParam;
      this.deadUnitFractions = deadUnitFractions;
      this.candidates = candidates;
    }

    /** Dead units over all hidden layers, or -1 for the perceptron. */
    public int deadUnits() {
      if (deadUnitFractions == null) {
        return -1;
      }
      int dead = 0;
      for (int h = 0; h < deadUnitFractions.length; h++) {
        dead += (int) Math.round(deadUnitFractions[h] * layers[h + 1]);
      }
      return dead;
    }

    /** Units over all hidden layers. */
    public int hiddenUnits() {
      int units = 0;
      for (int h = 1; h < layers.length - 1; h++) {
        units += layers[h];
      }
      return units;
    }
  }

  /** Runs the job, printing to standard output; one result per classifier, in the options' order. */
  public static List<Result> run(SparkSession spark, Options options) {
    return run(spark, options, System.out);
  }

  /** Runs the job, printing the tables and the accuracy lines to {@code out}. */
  public static List<Result> run(SparkSession spark, Options o, PrintStream out) {
    String problem = o.outputProblem();
    if (problem != null) {
      throw new JobException(problem);
    }
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

  private static List<Result> run(SparkSession spark, Options o, PrintStream out, Dataset<Row> data) {
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
    out.println(String.format(Locale.ROOT, "digits: %d rows (%s), %d to train, %d to test",
        trainRows + testRows, o.input == null ? "bundled copy" : o.input, trainRows, testRows));
    boolean compare = o.classifiers.size() > 1;
    if (compare) {
      // Whichever fit comes first would also pay for the JIT and Spark's first jobs.
      for (Classifier c : o.classifiers) {
        warmUp(o, c, train);
      }
    }
    List<Result> results = new ArrayList<>();
    for (Classifier c : o.classifiers) {
      out.println();
      results.add(runOne(spark, o, c, out, train, test, trainRows));
    }
    if (compare) {
      out.println();
      out.print(comparison(results));
    }
    return results;
  }

  private static void warmUp(Options o, Classifier c, Dataset<Row> train) {
    try {
      o.pipeline(c, WARM_UP_ITERATIONS, train).fit(train);
    } catch (IllegalArgumentException e) {
      throw new JobException(e.getMessage(), e);
    }
  }

  private static Result runOne(SparkSession spark, Options o, Classifier c, PrintStream out, Dataset<Row> train,
      Dataset<Row> test, long trainRows) {
    PerceptronSpec spec = o.spec(c);
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
        out.println(c.optionName + ": tuning on a train/validation split (0.8) of the training rows, "
            + tuned.metricName() + ":");
        for (int i = 0; i < candidates.size(); i++) {
          TuningCandidate t = candidates.get(i);
          out.println(String.format(Locale.ROOT, "  %-24s %-16s %.4f%s", describe(t.activation(), t.alpha()),
              Arrays.toString(t.layers()), t.metric(), i == tuned.bestIndex() ? "  <- best" : ""));
        }
        activation = tuned.best().activation();
        alpha = tuned.best().alpha();
        layers = tuned.best().layers();
      } else {
        layers = PerceptronPipelines.layers(spec, train);
        model = o.pipeline(c, o.maxIter, train).fit(train);
        activation = spec.getActivation();
        alpha = spec.getAlpha();
      }
    } catch (IllegalArgumentException e) {
      throw new JobException(e.getMessage(), e);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Transformer last = model.stages()[model.stages().length - 1];
    int iterations = -1;
    double[] dead = null;
    double regParam = Double.NaN;
    if (last instanceof FeedForwardClassificationModel) {
      FeedForwardClassificationModel network = (FeedForwardClassificationModel) last;
      regParam = network.getRegParam();
      if (network.hasSummary()) {
        iterations = network.summary().totalIterations();
        dead = network.summary().deadUnitFractions();
      }
    } else if (last instanceof MultilayerPerceptronClassificationModel
        && ((MultilayerPerceptronClassificationModel) last).hasSummary()) {
      iterations = ((MultilayerPerceptronClassificationModel) last).summary().totalIterations();
    }

    Dataset<Row> predictions = model.transform(test).cache();
    try {
      ClassificationMetrics m = ClassificationMetrics.of(predictions, DigitsData.LABEL, spec.getPredictionCol());
      out.println(c == Classifier.PERCEPTRON
          ? String.format(Locale.ROOT, "%s: standardise -> %s -> multilayer perceptron %s (sigmoid hidden layers), "
              + "max-iter %d, seed %d", c.optionName, describe(activation, alpha), Arrays.toString(layers), o.maxIter, o.seed)
          : String.format(Locale.ROOT, "%s: standardise -> feed-forward network %s, %s hidden layers, reg-param %s, "
              + "max-iter %d, seed %d", c.optionName, Arrays.toString(layers), describe(activation, alpha),
              java.math.BigDecimal.valueOf(regParam).stripTrailingZeros().toPlainString(), o.maxIter, o.seed));
      out.print(m.table());
      out.println(String.format(Locale.ROOT, "training time: %.1f s%s", seconds,
          iterations < 0 ? "" : String.format(Locale.ROOT, " (%d iterations)", iterations)));
      if (dead != null) {
        for (int h = 0; h < dead.length; h++) {
          out.println(String.format(Locale.ROOT, "dead units (0 on every training row), hidden layer %d: %d of %d (%.1f%%)",
              h + 1, Math.round(dead[h] * layers[h + 1]), layers[h + 1], 100 * dead[h]));
        }
      }
      Result result = new Result(c, trainRows, m, seconds, iterations, activation, alpha, layers, regParam, dead,
          candidates);
      if (o.modelOut != null) {
        try {
          model.write().save(o.modelOut);
        } catch (java.io.IOException e) {
          throw new JobException("cannot save the model to " + o.modelOut + ": " + e.getMessage(), e);
        }
      }
      if (o.predictionsOut != null) {
        List<Column> cols = new ArrayList<>();
        for (String name : DigitsData.schema().fieldNames()) {
          cols.add(functions.col(name));
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

  /** The side-by-side table of several classifiers' results. */
  static String comparison(List<Result> results) {
    StringBuilder t = new StringBuilder(String.format(Locale.ROOT,
        "side by side (the same split; each classifier warmed up by a %d-iteration fit first):%n", WARM_UP_ITERATIONS));
    t.append(String.format(Locale.ROOT, "%-13s %-22s %-11s %10s %10s %8s %13s %11s  %s%n", "classifier", "activation",
        "layers", "iterations", "training s", "s / iter", "test accuracy", "weighted F1", "dead units"));
    for (Result r : results) {
      String where = r.classifier == Classifier.PERCEPTRON ? "on the pixels" : "hidden layers";
      String dead = r.deadUnitFractions == null ? "-" : String.format(Locale.ROOT, "%d of %d", r.deadUnits(), r.hiddenUnits());
      t.append(String.format(Locale.ROOT, "%-13s %-22s %-11s %10s %10.1f %8s %13.4f %11.4f  %s%n", r.classifier.optionName,
          describe(r.activation, r.alpha) + " " + where, Arrays.toString(r.layers).replace(" ", ""),
          r.iterations < 0 ? "-" : Integer.toString(r.iterations), r.trainingSeconds,
          r.iterations <= 0 ? "-" : String.format(Locale.ROOT, "%.3f", r.trainingSeconds / r.iterations),
          r.accuracy, r.weightedF1, dead));
    }
    return t.toString();
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
    StringBuilder dead = new StringBuilder();
    if (r.deadUnitFractions != null) {
      for (double d : r.deadUnitFractions) {
        dead.append(dead.length() == 0 ? "" : ", ").append(d);
      }
    }
    return "{\n"
        + "  \"accuracy\": " + r.accuracy + ",\n"
        + "  \"weighted_f1\": " + r.weightedF1 + ",\n"
        + "  \"recall_by_class\": {" + recall + "},\n"
        + "  \"training_time_seconds\": " + r.trainingSeconds + ",\n"
        + "  \"train_rows\": " + r.trainRows + ",\n"
        + "  \"test_rows\": " + r.testRows + ",\n"
        + "  \"classifier\": \"" + r.classifier.optionName + "\",\n"
        + "  \"iterations\": " + r.iterations + ",\n"
        + "  \"activation\": \"" + r.activation + "\",\n"
        + "  \"alpha\": " + (Double.isNaN(r.alpha) ? "null" : Double.toString(r.alpha)) + ",\n"
        + "  \"layers\": [" + layers + "],\n"
        + "  \"reg_param\": " + (Double.isNaN(r.regParam) ? "null" : Double.toString(r.regParam)) + ",\n"
        + "  \"dead_unit_fractions\": " + (r.deadUnitFractions == null ? "null" : "[" + dead + "]") + "\n"
        + "}\n";
  }
}
