package sparkactivations.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import sparkactivations.testing.RowAssertions;
import sparkactivations.testing.TestData;
import sparkactivations.testing.TestSpark;

class TransformJobTest {

  private final SparkSession spark = TestSpark.session();

  /** PyTorch's leaky_relu, written out here: x for x >= 0 (so -0.0 stays -0.0), else slope * x. */
  private static double leakyRelu(double x, double slope) {
    return x > 0 ? x : x * slope;
  }

  private static TransformJob.Options options(String... args) throws UsageException {
    return TransformJob.Options.parse(args);
  }

  private static long run(SparkSession spark, TransformJob.Options o) throws Exception {
    return TransformJob.run(spark, o, new PrintStream(new ByteArrayOutputStream(), true, "UTF-8"));
  }

  @Test
  void parquetRowsAndColumnsArePreservedAndTheVectorsActivated() throws Exception {
    Path dir = TestSpark.tempDir("transform-parquet");
    Dataset<Row> in = TestData.mixed(spark, 300, 11L).repartition(3);
    in.write().parquet(dir.resolve("in").toString());
    long rows = run(spark, options("--input", dir.resolve("in").toString(), "--input-col", "sparse",
        "--function", "leaky_relu", "--alpha", "0.2", "--output", dir.resolve("out").toString()));
    assertEquals(300, rows);

    Dataset<Row> out = spark.read().parquet(dir.resolve("out").toString());
    List<String> expectedColumns = Arrays.asList("id", "dense", "sparse", "x", "f", "arr", "farr", "sparse_leaky_relu");
    assertEquals(expectedColumns, Arrays.asList(out.columns()));
    Dataset<Row> inputColumns = out.drop("sparse_leaky_relu");
    RowAssertions.assertSameRows(in, inputColumns);

    int nulls = 0;
    for (Row r : RowAssertions.rowsById(out)) {
      Vector x = (Vector) r.getAs("sparse");
      Vector y = (Vector) r.getAs("sparse_leaky_relu");
      if (x == null) {
        assertNull(y);
        nulls++;
        continue;
      }
      assertTrue(y instanceof SparseVector, "a sparse vector stays sparse under leaky_relu");
      double[] xs = x.toArray();
      double[] ys = y.toArray();
      assertEquals(xs.length, ys.length);
      for (int i = 0; i < xs.length; i++) {
        assertEquals(Double.doubleToLongBits(leakyRelu(xs[i], 0.2)), Double.doubleToLongBits(ys[i]),
            "row " + r.getAs("id") + " entry " + i);
      }
    }
    assertTrue(nulls > 0, "the data has null vectors");
  }

  @Test
  void csvTextIsPreservedAndItsVectorsParsed() throws Exception {
    Path dir = TestSpark.tempDir("transform-csv");
    Path csv = dir.resolve("in.csv");
    Files.write(csv, Arrays.asList(
        "id,name,vec",
        "1,007,\"[1.5,-2.0,0.0]\"",
        "2,a b,\"(4,[0,3],[-1.0,4.0])\"",
        "3,,",
        "4,x,\"[-0.0,-3.0]\""));
    long rows = run(spark, options("--input", csv.toString(), "--format", "csv", "--input-col", "vec",
        "--output-col", "act", "--function", "elu", "--output", dir.resolve("out").toString()));
    assertEquals(4, rows);
    List<Row> out = spark.read().parquet(dir.resolve("out").toString()).orderBy("id").collectAsList();
    assertEquals(Arrays.asList("id", "name", "vec", "act"), Arrays.asList(out.get(0).schema().fieldNames()));
    assertEquals("1", out.get(0).getString(0));
    assertEquals("007", out.get(0).getString(1));
    assertEquals("[1.5,-2.0,0.0]", out.get(0).getString(2));
    assertEquals("a b", out.get(1).getString(1));
    assertNull(out.get(2).get(2));
    assertNull(out.get(2).get(3));
    // elu with alpha 1: x for x > 0, else e^x - 1.
    assertVector(new double[] {1.5, Math.exp(-2.0) - 1, 0.0}, (Vector) out.get(0).get(3), 1e-15);
    assertTrue(out.get(1).get(3) instanceof SparseVector);
    assertVector(new double[] {Math.exp(-1.0) - 1, 0, 0, 4.0}, (Vector) out.get(1).get(3), 1e-15);
    assertTrue(out.get(3).get(3) instanceof DenseVector);
    assertVector(new double[] {-0.0, Math.exp(-3.0) - 1}, (Vector) out.get(3).get(3), 1e-15);
  }

  private static void assertVector(double[] expected, Vector actual, double tolerance) {
    double[] a = actual.toArray();
    assertEquals(expected.length, a.length);
    for (int i = 0; i < a.length; i++) {
      assertEquals(expected[i], a[i], tolerance, "entry " + i + " of " + actual);
    }
  }

  @Test
  void anExistingOutputIsRefusedUnlessOverwriteIsAsked() throws Exception {
    Path dir = TestSpark.tempDir("transform-mode");
    TestData.mixed(spark, 20, 3L).write().parquet(dir.resolve("in").toString());
    Files.createDirectories(dir.resolve("out"));
    JobException e = assertThrows(JobException.class, () -> run(spark, options("--input", dir.resolve("in").toString(),
        "--input-col", "dense", "--output", dir.resolve("out").toString())));
    assertEquals("output exists already: " + dir.resolve("out") + " (remove it or choose another path)", e.getMessage());
    assertEquals(20, run(spark, options("--input", dir.resolve("in").toString(), "--input-col", "dense",
        "--output", dir.resolve("out").toString(), "--mode", "overwrite")));
    assertEquals(20, spark.read().parquet(dir.resolve("out").toString()).count());
  }

  @Test
  void missingInputsAndColumnsAreOneLineNamingThem() throws Exception {
    Path dir = TestSpark.tempDir("transform-missing");
    String nowhere = dir.resolve("nowhere").toString();
    JobException missing = assertThrows(JobException.class, () -> run(spark, options("--input", nowhere,
        "--input-col", "v", "--output", dir.resolve("out").toString())));
    assertEquals("input path does not exist: " + nowhere, missing.getMessage());

    TestData.mixed(spark, 10, 4L).write().parquet(dir.resolve("in").toString());
    JobException column = assertThrows(JobException.class, () -> run(spark, options("--input", dir.resolve("in").toString(),
        "--input-col", "vector", "--output", dir.resolve("out").toString())));
    assertEquals("input column 'vector' is not in " + dir.resolve("in") + "; its columns are: id, dense, sparse, x, f, arr, farr",
        column.getMessage());
    JobException taken = assertThrows(JobException.class, () -> run(spark, options("--input", dir.resolve("in").toString(),
        "--input-col", "dense", "--output-col", "x", "--output", dir.resolve("out").toString())));
    assertTrue(taken.getMessage().startsWith("output column 'x' is already in"), taken.getMessage());
  }

  @Test
  void badArgumentsAreNamed() {
    assertUsage("option --input is required", "--input-col", "v", "--output", "o");
    assertUsage("option --input-col is required", "--input", "i", "--output", "o");
    assertUsage("option --output is required", "--input", "i", "--input-col", "v");
    assertUsage("--format must be parquet or csv, got 'json'", "--input", "i", "--input-col", "v", "--output", "o", "--format", "json");
    assertUsage("--mode must be error or overwrite, got 'append'", "--input", "i", "--input-col", "v", "--output", "o", "--mode", "append");
    assertUsage("--function 'ReLU' is unknown; use one of relu, leaky_relu, elu, selu, celu, gelu, silu, softplus, relu6, sigmoid, tanh",
        "--input", "i", "--input-col", "v", "--output", "o", "--function", "ReLU");
    assertUsage("option --alpha needs a finite number, got 'x'",
        "--input", "i", "--input-col", "v", "--output", "o", "--function", "elu", "--alpha", "x");
    assertUsage("unknown option --partitions", "--partitions", "8");
  }

  private static void assertUsage(String message, String... args) {
    UsageException e = assertThrows(UsageException.class, () -> TransformJob.Options.parse(args));
    assertEquals(message, e.getMessage());
  }

  @Test
  void badArgumentsExitWithTwoAndTheUsageButNoStackTrace() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = JobLauncher.launch("TransformJob", TransformJob.USAGE, new String[] {"--input", "x"},
        TransformJob.Options::parse, (s, o) -> { throw new AssertionError("must not run"); },
        new PrintStream(err, true, "UTF-8"));
    assertEquals(2, status);
    String text = err.toString("UTF-8");
    assertTrue(text.startsWith("TransformJob: option --input-col is required\nUsage: TransformJob --input PATH"), text);
    assertTrue(!text.contains("Exception") && !text.contains("\tat "), text);
  }
}
