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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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

  @Test
  void aRunWritesModelPredictionsAndMetricsThatAgree() throws Exception {
    Path dir = TestSpark.tempDir("digits-run");
    DigitsPipelineJob.Options o = DigitsPipelineJob.Options.parse(new String[] {
        "--input", smallCsv.toString(), "--hidden", "16", "--max-iter", "25", "--test-fraction", "0.25",
        "--model-out", dir.resolve("model").toString(), "--predictions-out", dir.resolve("predictions").toString(),
        "--metrics-out", dir.resolve("metrics.json").toString()});
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DigitsPipelineJob.Result r = DigitsPipelineJob.run(spark, o, new PrintStream(bytes, true, "UTF-8"));
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
    assertEquals(String.format(java.util.Locale.ROOT, "accuracy=%.4f f1=%.4f", accuracy, f1), out[out.length - 1]);
    assertTrue(printed.contains("tanh") && printed.contains("[64, 16, 10]"), printed);

    JsonNode json = new ObjectMapper().readTree(dir.resolve("metrics.json").toFile());
    assertEquals(accuracy, json.get("accuracy").asDouble(), 1e-12);
    assertEquals(f1, json.get("weighted_f1").asDouble(), 1e-12);
    assertEquals(r.trainingSeconds, json.get("training_time_seconds").asDouble());
    assertTrue(r.trainingSeconds > 0);
    assertEquals(r.recall.size(), json.get("recall_by_class").size());
    assertEquals("tanh", json.get("activation").asText());

    // The saved model predicts what the job wrote.
    PipelineModel model = PipelineModel.load(dir.resolve("model").toString());
    Dataset<Row> again = model.transform(predictions.drop("prediction", "probability"));
    RowAssertions.assertSameRows(predictions.select("id", "prediction", "probability"),
        again.select("id", "prediction", "probability"));

    // A second run with the same seed splits the same rows off for the test.
    Path dir2 = TestSpark.tempDir("digits-run2");
    DigitsPipelineJob.Options o2 = DigitsPipelineJob.Options.parse(new String[] {"--input", smallCsv.toString(),
        "--hidden", "4", "--max-iter", "2", "--test-fraction", "0.25", "--predictions-out", dir2.resolve("p").toString()});
    DigitsPipelineJob.run(spark, o2, new PrintStream(new ByteArrayOutputStream(), true, "UTF-8"));
    Set<Long> ids2 = new HashSet<>();
    for (Row row : spark.read().parquet(dir2.resolve("p").toString()).select("id").collectAsList()) {
      ids2.add(row.getLong(0));
    }
    assertEquals(ids, ids2);
  }

  @Test
  void tuningScoresEveryFunctionAndPrintsTheCandidates() throws Exception {
    DigitsPipelineJob.Options o = DigitsPipelineJob.Options.parse(new String[] {
        "--input", smallCsv.toString(), "--hidden", "32", "--max-iter", "5", "--tune"});
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DigitsPipelineJob.Result r = DigitsPipelineJob.run(spark, o, new PrintStream(bytes, true, "UTF-8"));
    List<String> functions = new ArrayList<>();
    r.candidates.forEach(c -> functions.add(c.activation()));
    assertEquals(java.util.Arrays.asList("relu", "leaky_relu", "elu", "gelu", "tanh"), functions);
    String printed = bytes.toString("UTF-8");
    assertTrue(printed.contains("<- best"), printed);
    assertTrue(Pattern.compile("accuracy=0\\.\\d{4} f1=0\\.\\d{4}\\s*$").matcher(printed).find(), printed);
    assertArrayEquals(new int[] {64, 32, 10}, r.layers);
  }

  @Test
  void defaultsAreTheDocumentedOnes() throws Exception {
    DigitsPipelineJob.Options o = DigitsPipelineJob.Options.parse(new String[0]);
    assertNull(o.input);
    assertEquals("tanh", o.activation);
    assertNull(o.alpha);
    assertArrayEquals(new int[] {64}, o.hidden);
    assertEquals(100, o.maxIter);
    assertEquals(42L, o.seed);
    assertEquals(0.2, o.testFraction);
    assertFalse(o.tune);
    DigitsPipelineJob.Options p = DigitsPipelineJob.Options.parse(new String[] {"--activation", "leaky_relu",
        "--alpha=0.05", "--hidden", "64,32", "--seed", "-3", "--model-out", "m"});
    assertEquals("leaky_relu", p.activation);
    assertEquals(0.05, p.alpha);
    assertArrayEquals(new int[] {64, 32}, p.hidden);
    assertEquals(-3L, p.seed);
    assertEquals("m", p.modelOut);
  }

  @Test
  void badArgumentsAreNamed() {
    assertUsage("unknown option --epochs", "--epochs", "3");
    assertUsage("option --hidden needs a value", "--hidden");
    assertUsage("option --seed is given twice", "--seed", "1", "--seed", "2");
    assertUsage("unexpected argument 'digits.csv'", "digits.csv");
    assertUsage("--activation 'swish' is unknown; use one of relu, leaky_relu, elu, selu, celu, gelu, silu, softplus, "
        + "relu6, sigmoid, tanh", "--activation", "swish");
    assertUsage("--alpha: alpha for celu must not be 0 (celu divides by it).", "--activation", "celu", "--alpha", "0");
    assertUsage("option --alpha needs a finite number, got 'x'", "--alpha", "x");
    assertUsage("--max-iter must be at least 1, got 0", "--max-iter", "0");
    assertUsage("option --max-iter needs a whole number, got '1.5'", "--max-iter", "1.5");
    assertUsage("--test-fraction must lie strictly between 0 and 1, got 1.0", "--test-fraction", "1");
    assertUsage("option --hidden needs positive whole numbers separated by commas, got '64,x'", "--hidden", "64,x");
    assertUsage("option --tune takes no value", "--tune=yes");
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
        DigitsPipelineJob.Options.parse(new String[] {"--input", smallCsv.toString(), "--model-out", dir.toString()})));
    assertEquals("model output exists already: " + dir + " (remove it or choose another path)", exists.getMessage());
  }
}
