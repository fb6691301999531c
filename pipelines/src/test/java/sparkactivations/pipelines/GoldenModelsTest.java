package sparkactivations.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import sparkactivations.testing.RowAssertions;
import sparkactivations.testing.TestSpark;

/**
 * Models saved by releases of this library, on each Spark line (the committed golden files of
 * {@link GoldenModelWriter}), load on the Spark version under test and output exactly what they
 * output when saved: a PipelineModel of our stages with MLlib's perceptron, a
 * FeedForwardClassificationModel, and a PipelineModel of our stages alone. So a model saved on
 * Spark 3.5 loads on Spark 4 (and the other way round), and a change that breaks loading a
 * released model fails here.
 */
class GoldenModelsTest {

  private static final Path GOLDEN = resource("golden");

  @Test
  void goldenSetsOfBothSparkLinesAreCommitted() {
    List<String> lines = goldenSets().stream().map(p -> p.getFileName().toString()).collect(Collectors.toList());
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("spark-3.5.")), "a Spark 3.5 golden set: " + lines);
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("spark-4.")), "a Spark 4 golden set: " + lines);
  }

  @TestFactory
  Stream<DynamicTest> everyGoldenModelLoadsAndOutputsWhatItDidWhenSaved() {
    SparkSession spark = TestSpark.session();
    List<DynamicTest> tests = new ArrayList<>();
    for (Path set : goldenSets()) {
      for (GoldenModels.Kind kind : GoldenModels.Kind.values()) {
        String name = GOLDEN.relativize(set) + "/" + kind.dir + " on Spark " + spark.version();
        tests.add(dynamicTest(name, () -> {
          Dataset<Row> input = spark.read().parquet(set.resolve("input").toString());
          assertEquals(GoldenModels.data(spark).count(), input.count(), "input rows");
          Transformer model = kind.load(set.resolve(kind.dir).resolve("model").toString());
          Dataset<Row> expected = spark.read().parquet(set.resolve(kind.dir).resolve("expected").toString());
          Dataset<Row> actual = model.transform(input).select("id", kind.outputs);
          if (kind.bitForBit) {
            RowAssertions.assertSameRows(expected, actual);
          } else {
            assertClose(RowAssertions.rowsById(expected), RowAssertions.rowsById(actual));
          }
        }));
      }
    }
    return tests.stream();
  }

  /** Same ids and predictions; every vector element within {@link GoldenModels.Kind#BLAS_TOLERANCE}. */
  private static void assertClose(List<Row> expected, List<Row> actual) {
    assertEquals(expected.size(), actual.size(), "rows");
    for (int r = 0; r < expected.size(); r++) {
      Row want = expected.get(r);
      Row got = actual.get(r);
      assertEquals(want.getLong(0), got.getLong(0), "id");
      assertEquals(want.getDouble(1), got.getDouble(1), "prediction of row " + want.getLong(0));
      for (int c = 2; c < want.length(); c++) {
        double[] w = ((Vector) want.get(c)).toArray();
        double[] g = ((Vector) got.get(c)).toArray();
        assertEquals(w.length, g.length, "size of column " + c);
        for (int i = 0; i < w.length; i++) {
          double tolerance = GoldenModels.Kind.BLAS_TOLERANCE * Math.max(Math.abs(w[i]), Math.abs(g[i]));
          assertEquals(w[i], g[i], tolerance, "row " + want.getLong(0) + ", column " + c + ", element " + i);
        }
      }
    }
  }

  /** golden/<release>/spark-<version>/, every one committed. */
  private static List<Path> goldenSets() {
    try (Stream<Path> releases = Files.list(GOLDEN)) {
      List<Path> sets = new ArrayList<>();
      for (Path release : releases.sorted().collect(Collectors.toList())) {
        try (Stream<Path> versions = Files.list(release)) {
          versions.sorted().forEach(sets::add);
        }
      }
      return sets;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path resource(String name) {
    try {
      return Paths.get(GoldenModelsTest.class.getClassLoader().getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
