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
          RowAssertions.assertSameRows(expected, actual);
        }));
      }
    }
    return tests.stream();
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
