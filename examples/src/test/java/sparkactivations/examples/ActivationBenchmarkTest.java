package sparkactivations.examples;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import sparkactivations.testing.TestSpark;
import sparkactivations.transformers.ReLU;

class ActivationBenchmarkTest {

  @Test
  void timesEveryVariantOnDenseAndSparseVectors() {
    for (boolean sparse : new boolean[] {false, true}) {
      Dataset<Row> data = ActivationBenchmark.vectors(TestSpark.session(), 120, sparse);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      Map<String, Double> perRow = ActivationBenchmark.run(TestSpark.session(), "small", data, 1, 0, 40,
          new PrintStream(bytes, true));
      String printed = new String(bytes.toByteArray(), StandardCharsets.UTF_8);
      assertEquals(ActivationBenchmark.variants().keySet(), perRow.keySet());
      for (Map.Entry<String, Double> e : perRow.entrySet()) {
        assertTrue(e.getValue() > 0 && Double.isFinite(e.getValue()), e.getKey() + " " + e.getValue());
        // One line per variant in each table, the elapsed one and the CPU one.
        Matcher lines = Pattern.compile("(?m)^" + Pattern.quote(e.getKey()) + " +[0-9]").matcher(printed);
        int count = 0;
        while (lines.find()) {
          count++;
        }
        assertEquals(2, count, e.getKey() + " in\n" + printed);
      }
      assertTrue(printed.contains("small: 120 rows (SQL route: 40), median of 1 runs after 0 warm-up rounds"),
          printed);
      data.unpersist();
    }
  }

  @Test
  void agreementCheckFailsWhenVariantsOfOneGroupDiffer() {
    Dataset<Row> data = ActivationBenchmark.vectors(TestSpark.session(), 40, false);
    Map<String, Function<Dataset<Row>, Dataset<Row>>> variants = new LinkedHashMap<>();
    variants.put("relu", d -> d.selectExpr("relu(v) AS out"));
    variants.put("ReLU stage", d -> new ReLU().setInputCol("v").setOutputCol("out").transform(d).select("out"));
    variants.put("elu", d -> d.selectExpr("elu(v) AS out"));
    assertDoesNotThrow(() -> ActivationBenchmark.checkAgreement(data, variants,
        new String[][] {{"relu", "ReLU stage"}}, 40));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> ActivationBenchmark.checkAgreement(data, variants, new String[][] {{"relu", "elu"}}, 40));
    assertTrue(e.getMessage().startsWith("benchmark variants relu and elu differ on row "), e.getMessage());
    data.unpersist();
  }
}
