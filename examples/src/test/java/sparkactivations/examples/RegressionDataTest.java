package sparkactivations.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import sparkactivations.testing.TestSpark;

class RegressionDataTest {

  private final SparkSession spark = TestSpark.session();

  /** The bundled file's lines, read here with plain Java. */
  private static List<String> rawLines() throws Exception {
    List<String> lines = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(
        RegressionDataTest.class.getResourceAsStream("winequality-red.csv.gz")), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        lines.add(line);
      }
    }
    return lines;
  }

  @Test
  void wineQualityHasEveryRowAndColumnOfTheFileWithItsAttribution() throws Exception {
    List<String> lines = rawLines();
    assertEquals(1600, lines.size(), "a header and 1,599 rows");
    assertEquals("\"fixed acidity\",\"volatile acidity\",\"citric acid\",\"residual sugar\",\"chlorides\","
        + "\"free sulfur dioxide\",\"total sulfur dioxide\",\"density\",\"pH\",\"sulphates\",\"alcohol\",\"quality\"",
        lines.get(0));

    Dataset<Row> df = RegressionData.wineQuality(spark);
    assertEquals(Arrays.asList("id", "features", "label"), Arrays.asList(df.columns()));
    assertEquals(1599, df.count());
    AttributeGroup group = AttributeGroup.fromStructField(df.schema().apply("features"));
    assertEquals(11, group.size());
    assertEquals("fixed acidity", group.getAttr(0).name().get());
    assertEquals("alcohol", group.getAttr(10).name().get());

    // Rows as the file has them: the first, one in the middle, the last (line = id + 2).
    List<Row> rows = df.where("id in (0, 799, 1598)").orderBy("id").collectAsList();
    assertEquals(3, rows.size());
    assertRow(new double[] {7.4, 0.7, 0, 1.9, 0.076, 11, 34, 0.9978, 3.51, 0.56, 9.4}, 5, rows.get(0));
    assertRow(new double[] {6, 0.31, 0.47, 3.6, 0.067, 18, 42, 0.99549, 3.39, 0.66, 11}, 6, rows.get(2));
    String[] middle = lines.get(800).split(",");
    double[] x = new double[11];
    for (int i = 0; i < 11; i++) {
      x[i] = Double.parseDouble(middle[i]);
    }
    assertRow(x, Double.parseDouble(middle[11]), rows.get(1));

    // Every value: sums per column over the raw lines against Spark's.
    double[] sums = new double[12];
    for (String line : lines.subList(1, lines.size())) {
      String[] parts = line.split(",");
      assertEquals(12, parts.length, line);
      for (int i = 0; i < 12; i++) {
        sums[i] += Double.parseDouble(parts[i]);
      }
    }
    double[] sparkSums = new double[12];
    for (Row r : df.orderBy("id").collectAsList()) {
      double[] v = ((Vector) r.get(1)).toArray();
      for (int i = 0; i < 11; i++) {
        sparkSums[i] += v[i];
      }
      sparkSums[11] += r.getDouble(2);
    }
    assertArrayEquals(sums, sparkSums, 0.0);
    assertEquals(9012.0, sums[11], "quality summed over the rows (mean 5.636)");
    assertEquals(1599, df.select("id").distinct().count());
    assertNotNull(RegressionData.class.getResource("winequality-README.md"), "attribution beside the data");
  }

  private static void assertRow(double[] features, double label, Row row) {
    assertArrayEquals(features, ((Vector) row.get(1)).toArray(), 0.0, "row " + row.getLong(0));
    assertEquals(label, row.getDouble(2), "row " + row.getLong(0));
  }
}
