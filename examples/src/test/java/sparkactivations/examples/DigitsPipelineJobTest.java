package sparkactivations.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import sparkactivations.pipelines.FeedForwardClassificationModel;
import sparkactivations.testing.RowAssertions;
import sparkactivations.testing.TestSpark;

class DigitsPipelineJobTest {

  private static final int SMALL = 400;
  private static List<String> lines;
  private static Path smallCsv;
  private final SparkSession spark = TestSpark.session();

  /** The bundled file's lines, read here with plain Java, and its first rows as a small CSV. */
  @BeforeAll
  static void readBundledCopy() throws Exception {
    lines = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(
        DigitsPipelineJobTest.class.getResourceAsStream("digits.csv.gz")), StandardCharsets.US_ASCII))) {
      String line;
      while ((line = in.readLine()) != null) {
        lines.add(line);
      }
    }
    smallCsv = TestSpark.tempDir("digits-small").resolve("digits.csv");
    Files.write(smallCsv, lines.subList(0, SMALL));
  }

  @Test
  void theBundledCopyIsTheWholeDataSetWithItsAttribution() {
    assertEquals(1797, lines.size());
    Dataset<Row> df = DigitsData.bundled(spark);
    assertEquals(1797, df.count());
    assertEquals(66, df.columns().length);
    Row first = df.where("id = 0").first();
    String[] parts = lines.get(0).split(",");
    for (int i = 0; i < 65; i++) {
      assertEquals(Double.parseDouble(parts[i]), first.getDouble(i + 1), "column " + i);
    }
    assertEquals(10, df.select("label").distinct().count());
    assertTrue(DigitsData.class.getResource("digits-README.md") != null, "attribution beside the data");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"perceptron", "feed-forward"})
  void aRunWritesModelPredictionsAndMetricsThatAgree(String classifier) throws Exception {
    Path dir = TestSpark.tempDir("digits-run");
    DigitsPipelineJob.Options o = DigitsPipelineJob.Options.parse(new String[] {
        "--input", smallCsv.toString(), "--classifier", classifier, "--hidden", "16", "--max-iter", "25",
        "--test-fraction", "0.25", "--model-out", dir.resolve("model").toString(),
        "--predictions-out", dir.resolve("predictions").toString(), "--metrics-out", dir.resolve("metrics.json").toString()});
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<DigitsPipelineJob.Result> results = DigitsPipelineJob.run(spark, o, new PrintStream(bytes, true, "UTF-8"));
    assertEquals(1, results.size());
    DigitsPipelineJob.Result r = results.get(0);
    assertEquals(classifier, r.classifier.optionName);
    String printed = bytes.toString("UTF-8");

    Dataset<Row> predictions = spark.read().parquet(dir.resolve("predictions").toString());
    List<Row> rows = RowAssertions.rowsById(predictions);
    assertEquals(SMALL, r.trainRows + r.testRows);
    assertEquals(r.testRows, rows.size());
    assertTrue(r.testRows > SMALL * 0.15 && r.testRows < SMALL * 0.35, r.testRows + " test rows");

    // Every test row is a line of the input, unchanged; the metrics are recomputed here by hand.
    Set<Long> ids = new HashSet<>();
    long right = 0;
    Map<Integer, int[]> byClass = new HashMap<>(); // label -> {rows, right}; prediction -> {.., .., predicted}
    for (Row row : rows) {
      long id = row.getLong(0);
      assertTrue(ids.add(id));
      String[] parts = lines.get((int) id).split(",");
      for (int i = 0; i < 65; i++) {
        assertEquals(Double.parseDouble(parts[i]), row.getDouble(i + 1), "row " + id + " column " + i);
      }
      int label = (int) row.getDouble(65);
      int predicted = (int) row.getDouble(66);
      byClass.computeIfAbsent(label, k -> new int[3])[0]++;
      byClass.computeIfAbsent(predicted, k -> new int[3])[2]++;
      if (label == predicted) {
        right++;
        byClass.get(label)[1]++;
      }
    }
    double accuracy = (double) right / rows.size();
    double f1 = 0;
    for (Map.Entry<Integer, int[]> e : byClass.entrySet()) {
      int[] c = e.getValue();
      double precision = c[2] == 0 ? 0 : (double) c[1] / c[2];
      double recall = c[0] == 0 ? 0 : (double) c[1] / c[0];
      f1 += (precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)) * c[0] / rows.size();
      if (c[0] > 0) {
        assertEquals(recall, r.recall.get(e.getKey()), 1e-12, "recall of " + e.getKey());
      }
    }
    assertEquals(accuracy, r.accuracy, 1e-12);
    assertEquals(f1, r.weightedF1, 1e-12);
    assertTrue(accuracy > 0.6, "a 16-unit network on 300 digits does far better than chance: " + accuracy);

    String[] out = printed.trim().split("\n");
    assertEquals(String.format(Locale.ROOT, "accuracy=%.4f f1=%.4f", accuracy, f1), out[out.length - 1]);
    String activation = classifier.equals("perceptron") ? "tanh" : "relu";
    assertTrue(printed.contains(classifier + ": standardise -> ") && printed.contains(activation)
        && printed.contains("[64, 16, 10]"), printed);
    assertTrue(r.iterations >= 1 && r.iterations <= 25, "iterations " + r.iterations);
    assertTrue(printed.contains("(" + r.iterations + " iterations)"), printed);

    JsonNode json = new ObjectMapper().readTree(dir.resolve("metrics.json").toFile());
    assertEquals(accuracy, json.get("accuracy").asDouble(), 1e-12);
    assertEquals(f1, json.get("weighted_f1").asDouble(), 1e-12);
    assertEquals(r.trainingSeconds, json.get("training_time_seconds").asDouble());
    assertTrue(r.trainingSeconds > 0);
    assertEquals(r.recall.size(), json.get("recall_by_class").size());
    assertEquals(activation, json.get("activation").asText());
    assertEquals(classifier, json.get("classifier").asText());
    assertEquals(r.iterations, json.get("iterations").asInt());

    // The saved model predicts what the job wrote.
    PipelineModel model = PipelineModel.load(dir.resolve("model").toString());
    Dataset<Row> again = model.transform(predictions.drop("prediction", "probability"));
    RowAssertions.assertSameRows(predictions.select("id", "prediction", "probability"),
        again.select("id", "prediction", "probability"));
    Transformer last = model.stages()[model.stages().length - 1];
    if (classifier.equals("perceptron")) {
      assertTrue(last instanceof MultilayerPerceptronClassificationModel, last.toString());
      assertTrue(json.get("dead_unit_fractions").isNull() && json.get("reg_param").isNull(), json.toString());
      assertNull(r.deadUnitFractions);
      assertEquals(-1, r.deadUnits());
    } else {
      FeedForwardClassificationModel network = (FeedForwardClassificationModel) last;
      assertEquals("relu", network.getActivation());
      assertEquals(1e-4, network.getRegParam());
      assertEquals(1e-4, json.get("reg_param").asDouble());
      // Dead units, recomputed from the saved weights and the training rows (the lines the test
      // rows are not), standardised here as StandardScaler does (unbiased deviation, 0 where it is 0).
      double[] dead = {deadFraction(network.weights().toArray(), 64, 16, trainingRows(ids))};
      assertArrayEquals(dead, r.deadUnitFractions, 1e-12);
      assertEquals(1, json.get("dead_unit_fractions").size());
      assertEquals(dead[0], json.get("dead_unit_fractions").get(0).asDouble(), 1e-12);
      assertEquals(Math.round(dead[0] * 16), r.deadUnits());
      assertTrue(printed.contains(String.format(Locale.ROOT, "hidden layer 1: %d of 16", Math.round(dead[0] * 16))), printed);
    }

    // A second run with the same seed splits the same rows off for the test.
    Path dir2 = TestSpark.tempDir("digits-run2");
    DigitsPipelineJob.Options o2 = DigitsPipelineJob.Options.parse(new String[] {"--input", smallCsv.toString(),
        "--classifier", classifier, "--hidden", "4", "--max-iter", "2", "--test-fraction", "0.25",
        "--predictions-out", dir2.resolve("p").toString()});
    DigitsPipelineJob.run(spark, o2, new PrintStream(new ByteArrayOutputStream(), true, "UTF-8"));
    Set<Long> ids2 = new HashSet<>();
    for (Row row : spark.read().parquet(dir2.resolve("p").toString()).select("id").collectAsList()) {
      ids2.add(row.getLong(0));
    }
    assertEquals(ids, ids2);
  }

  /** The pixels of the small CSV's lines that are not test rows. */
  private static List<double[]> trainingRows(Set<Long> testIds) {
    List<double[]> rows = new ArrayList<>();
    for (int i = 0; i < SMALL; i++) {
      if (!testIds.contains((long) i)) {
        String[] parts = lines.get(i).split(",");
        double[] x = new double[64];
        for (int j = 0; j < 64; j++) {
          x[j] = Double.parseDouble(parts[j]);
        }
        rows.add(x);
      }
    }
    return rows;
  }

  /**
   * The fraction of first-hidden-layer ReLU units that are 0 on every row, from weights in
   * MLlib's layout ({@code out x in} column-major, then the bias) and the rows standardised.
   */
  private static double deadFraction(double[] w, int in, int units, List<double[]> rows) {
    double[] mean = new double[in];
    double[] sd = new double[in];
    for (double[] x : rows) {
      for (int j = 0; j < in; j++) {
        mean[j] += x[j] / rows.size();
      }
    }
    for (double[] x : rows) {
      for (int j = 0; j < in; j++) {
        sd[j] += (x[j] - mean[j]) * (x[j] - mean[j]) / (rows.size() - 1);
      }
    }
    int dead = 0;
    for (int u = 0; u < units; u++) {
      boolean alive = false;
      for (double[] x : rows) {
        double z = w[units * in + u];
        for (int j = 0; j < in; j++) {
          double scaled = sd[j] == 0 ? 0 : (x[j] - mean[j]) / Math.sqrt(sd[j]);
          z += w[u + j * units] * scaled;
        }
        alive |= z > 0;
      }
      dead += alive ? 0 : 1;
    }
    return (double) dead / units;
  }

  @Test
  void byDefaultBothClassifiersRunOnTheSameSplitSideBySide() throws Exception {
    DigitsPipelineJob.Options o = DigitsPipelineJob.Options.parse(new String[] {
        "--input", smallCsv.toString(), "--hidden", "16", "--max-iter", "20"});
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<DigitsPipelineJob.Result> results = DigitsPipelineJob.run(spark, o, new PrintStream(bytes, true, "UTF-8"));
    String printed = bytes.toString("UTF-8");
    assertEquals(2, results.size());
    DigitsPipelineJob.Result perceptron = results.get(0);
    DigitsPipelineJob.Result network = results.get(1);
    assertEquals(DigitsPipelineJob.Classifier.PERCEPTRON, perceptron.classifier);
    assertEquals(DigitsPipelineJob.Classifier.FEED_FORWARD, network.classifier);
    assertEquals("tanh", perceptron.activation);
    assertEquals("relu", network.activation);
    assertEquals(perceptron.trainRows, network.trainRows);
    assertEquals(perceptron.testRows, network.testRows);
    for (DigitsPipelineJob.Result r : results) {
      assertTrue(r.accuracy > 0.6, r.classifier + " on 300 digits does far better than chance: " + r.accuracy);
      assertArrayEquals(new int[] {64, 16, 10}, r.layers);
      assertTrue(printed.contains(String.format(Locale.ROOT, "accuracy=%.4f f1=%.4f", r.accuracy, r.weightedF1)), printed);
    }
    assertEquals(1, network.deadUnitFractions.length);
    assertTrue(network.deadUnitFractions[0] >= 0 && network.deadUnitFractions[0] <= 1);
    assertTrue(printed.indexOf("perceptron: standardise -> tanh") < printed.indexOf("feed-forward: standardise"), printed);

    // The table closes the output: one line per classifier, in order, with what the results hold.
    String[] out = printed.trim().split("\n");
    assertTrue(out[out.length - 4].startsWith("side by side (the same split"), printed);
    assertEquals(Arrays.asList("classifier", "activation", "layers", "iterations", "training", "s", "s", "/", "iter",
        "test", "accuracy", "weighted", "F1", "dead", "units"), Arrays.asList(out[out.length - 3].trim().split("\\s+")));
    String[] p = out[out.length - 2].split("\\s+");
    String[] n = out[out.length - 1].split("\\s+");
    assertEquals(Arrays.asList("perceptron", "tanh", "on", "the", "pixels", "[64,16,10]", Integer.toString(perceptron.iterations)),
        Arrays.asList(p).subList(0, 7));
    assertEquals(Arrays.asList("feed-forward", "relu", "hidden", "layers", "[64,16,10]", Integer.toString(network.iterations)),
        Arrays.asList(n).subList(0, 6));
    assertEquals(String.format(Locale.ROOT, "%.4f", perceptron.accuracy), p[9]);
    assertEquals(String.format(Locale.ROOT, "%.4f", perceptron.weightedF1), p[10]);
    assertEquals("-", p[11]);
    assertEquals(String.format(Locale.ROOT, "%.4f", network.accuracy), n[8]);
    assertEquals(String.format(Locale.ROOT, "%.4f", network.weightedF1), n[9]);
    assertEquals(Arrays.asList(Integer.toString(network.deadUnits()), "of", "16"), Arrays.asList(n).subList(10, 13));
    assertEquals(network.trainingSeconds / network.iterations, Double.parseDouble(n[7]), 0.0005 + 1e-9);
  }

  @Test
  void tuningScoresEveryFunctionAndPrintsTheCandidates() throws Exception {
    DigitsPipelineJob.Options o = DigitsPipelineJob.Options.parse(new String[] {
        "--input", smallCsv.toString(), "--classifier", "feed-forward", "--hidden", "32", "--max-iter", "5", "--tune"});
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<DigitsPipelineJob.Result> results = DigitsPipelineJob.run(spark, o, new PrintStream(bytes, true, "UTF-8"));
    String printed = bytes.toString("UTF-8");
    assertEquals(1, results.size());
    for (DigitsPipelineJob.Result r : results) {
      List<String> functions = new ArrayList<>();
      r.candidates.forEach(c -> functions.add(c.activation()));
      assertEquals(Arrays.asList("relu", "leaky_relu", "elu", "gelu", "tanh"), functions);
      assertArrayEquals(new int[] {64, 32, 10}, r.layers);
      assertTrue(printed.contains(r.classifier.optionName + ": tuning on a train/validation split"), printed);
    }
    // The tuned networks are PerceptronTuning's, which have no L2 penalty.
    assertEquals(0.0, results.get(0).regParam);
    assertEquals(1, printed.split("<- best", -1).length - 1, printed);
    assertTrue(Pattern.compile("accuracy=0\\.\\d{4} f1=0\\.\\d{4}\\s*$").matcher(printed).find(), printed);
  }

  @Test
  void defaultsAreTheDocumentedOnes() throws Exception {
    DigitsPipelineJob.Options o = DigitsPipelineJob.Options.parse(new String[0]);
    assertNull(o.input);
    assertEquals(Arrays.asList(DigitsPipelineJob.Classifier.PERCEPTRON, DigitsPipelineJob.Classifier.FEED_FORWARD),
        o.classifiers);
    assertNull(o.activation);
    assertEquals("tanh", o.activation(DigitsPipelineJob.Classifier.PERCEPTRON));
    assertEquals("relu", o.activation(DigitsPipelineJob.Classifier.FEED_FORWARD));
    assertNull(o.alpha);
    assertEquals(1e-4, o.regParam);
    assertArrayEquals(new int[] {64}, o.hidden);
    assertEquals(100, o.maxIter);
    assertEquals(42L, o.seed);
    assertEquals(0.2, o.testFraction);
    assertFalse(o.tune);
    DigitsPipelineJob.Options p = DigitsPipelineJob.Options.parse(new String[] {"--activation", "leaky_relu",
        "--alpha=0.05", "--hidden", "64,32", "--seed", "-3", "--classifier", "perceptron", "--model-out", "m"});
    assertEquals("leaky_relu", p.activation);
    assertEquals("leaky_relu", p.activation(DigitsPipelineJob.Classifier.PERCEPTRON));
    assertEquals(0.05, p.alpha);
    assertArrayEquals(new int[] {64, 32}, p.hidden);
    assertEquals(-3L, p.seed);
    assertEquals("m", p.modelOut);
    assertEquals(Arrays.asList(DigitsPipelineJob.Classifier.PERCEPTRON), p.classifiers);
    DigitsPipelineJob.Options q = DigitsPipelineJob.Options.parse(new String[] {"--classifier", "feed-forward",
        "--activation", "prelu", "--alpha", "-0.5", "--reg-param", "0", "--metrics-out", "x.json"});
    assertEquals(Arrays.asList(DigitsPipelineJob.Classifier.FEED_FORWARD), q.classifiers);
    assertEquals("prelu", q.activation);
    assertEquals(-0.5, q.alpha);
    assertEquals(0.0, q.regParam);
    assertEquals(Arrays.asList(DigitsPipelineJob.Classifier.PERCEPTRON, DigitsPipelineJob.Classifier.FEED_FORWARD),
        DigitsPipelineJob.Options.parse(new String[] {"--classifier", "both", "--activation", "elu"}).classifiers);
  }

  @Test
  void badArgumentsAreNamed() {
    assertUsage("unknown option --epochs", "--epochs", "3");
    assertUsage("option --hidden needs a value", "--hidden");
    assertUsage("option --seed is given twice", "--seed", "1", "--seed", "2");
    assertUsage("unexpected argument 'digits.csv'", "digits.csv");
    assertUsage("--activation 'swish' is unknown; use one of relu, leaky_relu, elu, selu, celu, gelu, silu, softplus, "
        + "relu6, sigmoid, tanh", "--activation", "swish");
    assertUsage("--activation 'swish' is unknown; use one of relu, leaky_relu, elu, selu, celu, gelu, silu, softplus, "
        + "relu6, sigmoid, tanh, prelu", "--activation", "swish", "--classifier", "feed-forward");
    assertUsage("--alpha: alpha for celu must not be 0 (celu divides by it).", "--activation", "celu", "--alpha", "0");
    assertUsage("option --alpha needs a finite number, got 'x'", "--alpha", "x");
    assertUsage("--max-iter must be at least 1, got 0", "--max-iter", "0");
    assertUsage("option --max-iter needs a whole number, got '1.5'", "--max-iter", "1.5");
    assertUsage("--test-fraction must lie strictly between 0 and 1, got 1.0", "--test-fraction", "1");
    assertUsage("option --hidden needs positive whole numbers separated by commas, got '64,x'", "--hidden", "64,x");
    assertUsage("option --tune takes no value", "--tune=yes");
    assertUsage("option --classifier needs a value", "--classifier");
    assertUsage("--classifier 'svm' is unknown; use perceptron, feed-forward or both", "--classifier", "svm");
    assertUsage("--classifier 'Perceptron' is unknown; use perceptron, feed-forward or both", "--classifier", "Perceptron");
    String prelu = "--activation prelu learns its slope inside the network; it needs --classifier feed-forward";
    assertUsage(prelu, "--activation", "prelu");
    assertUsage(prelu, "--activation", "prelu", "--classifier", "perceptron");
    assertUsage(prelu, "--activation", "prelu", "--classifier", "both");
    String one = " holds one classifier's results; add --classifier perceptron or --classifier feed-forward";
    assertUsage("--model-out" + one, "--model-out", "m");
    assertUsage("--predictions-out" + one, "--classifier", "both", "--predictions-out", "p");
    assertUsage("--metrics-out" + one, "--metrics-out", "x.json", "--activation", "elu");
    assertUsage("--reg-param must be at least 0, got -1.0", "--reg-param", "-1");
    assertUsage("option --reg-param needs a finite number, got 'NaN'", "--reg-param", "NaN");
    assertUsage("--reg-param is the feed-forward network's; add --classifier feed-forward or both",
        "--classifier", "perceptron", "--reg-param", "0.1");
    assertUsage("--reg-param cannot be combined with --tune: the tuned networks have no L2 penalty",
        "--reg-param", "0.1", "--tune");
  }

  private static void assertUsage(String message, String... args) {
    UsageException e = assertThrows(UsageException.class, () -> DigitsPipelineJob.Options.parse(args));
    assertEquals(message, e.getMessage());
  }

  @Test
  void badArgumentsExitWithTwoAndTheUsageButNoStackTrace() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = JobLauncher.launch("DigitsPipelineJob", DigitsPipelineJob.USAGE, new String[] {"--bogus"},
        DigitsPipelineJob.Options::parse, (s, o) -> { throw new AssertionError("must not run"); },
        new PrintStream(err, true, "UTF-8"));
    assertEquals(2, status);
    String text = err.toString("UTF-8");
    assertTrue(text.startsWith("DigitsPipelineJob: unknown option --bogus\nUsage: DigitsPipelineJob [options]"), text);
    assertFalse(text.contains("Exception") || text.contains("\tat "), text);

    ByteArrayOutputStream err2 = new ByteArrayOutputStream();
    assertEquals(2, JobLauncher.launch("DigitsPipelineJob", DigitsPipelineJob.USAGE, new String[] {"--model-out", "m"},
        DigitsPipelineJob.Options::parse, (s, o) -> { throw new AssertionError("must not run"); },
        new PrintStream(err2, true, "UTF-8")));
    assertTrue(err2.toString("UTF-8").startsWith("DigitsPipelineJob: --model-out holds one classifier's results"),
        err2.toString("UTF-8"));
  }

  @Test
  void aMissingInputIsOneLineNamingIt() throws Exception {
    String missing = TestSpark.tempDir("digits-missing").resolve("nowhere.csv").toString();
    JobException e = assertThrows(JobException.class, () -> DigitsPipelineJob.run(spark,
        DigitsPipelineJob.Options.parse(new String[] {"--input", missing})));
    assertEquals("input path does not exist: " + missing, e.getMessage());
  }

  @Test
  void aCsvOfAnotherShapeOrAnExistingOutputIsRefused() throws Exception {
    Path dir = TestSpark.tempDir("digits-bad");
    Path narrow = dir.resolve("narrow.csv");
    Files.write(narrow, java.util.Arrays.asList("1,2,3,4", "5,6,7,8"));
    JobException shape = assertThrows(JobException.class, () -> DigitsPipelineJob.run(spark,
        DigitsPipelineJob.Options.parse(new String[] {"--input", narrow.toString()})));
    assertTrue(shape.getMessage().contains("expected 65 comma-separated columns")
        && shape.getMessage().contains("has 4"), shape.getMessage());
    JobException exists = assertThrows(JobException.class, () -> DigitsPipelineJob.run(spark,
        DigitsPipelineJob.Options.parse(new String[] {"--input", smallCsv.toString(), "--classifier", "feed-forward",
            "--model-out", dir.toString()})));
    assertEquals("model output exists already: " + dir + " (remove it or choose another path)", exists.getMessage());
  }
}
