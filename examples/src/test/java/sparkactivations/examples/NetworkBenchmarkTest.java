package sparkactivations.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import sparkactivations.testing.TestSpark;

class NetworkBenchmarkTest {

  @Test
  void runsBothTablesOnSmallSettings() {
    NetworkBenchmarkOptions o = NetworkBenchmarkOptions.parse("--budgets", "3", "--seeds", "1",
        "--activations", "relu,prelu", "--hidden", "8", "--scaling-rows", "600,1200", "--scaling-features", "5",
        "--scaling-partitions", "2", "--scaling-iterations", "4", "--regression-rows", "400",
        "--regression-features", "5", "--regression-partitions", "2", "--regression-iterations", "3",
        "--gbt-iterations", "3");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    NetworkBenchmarkReport report = NetworkBenchmark.run(TestSpark.session(), o, new PrintStream(bytes, true));
    assertEquals(3, report.digits.size());
    assertEquals("mllib-mlp", report.digits.get(0).model);
    assertEquals("prelu", report.digits.get(2).model);
    for (BenchmarkRow r : report.digits) {
      assertTrue(r.accuracy > 0.2 && r.accuracy <= 1.0, r.model + " " + r.accuracy);
      assertTrue(r.iterations >= 1 && r.iterations <= 3);
    }
    assertEquals(4, report.scaling.size());
    assertEquals(1200, report.scaling.get(3).size);
    String printed = new String(bytes.toByteArray(), StandardCharsets.UTF_8);
    assertTrue(printed.contains("digits: "));
    assertTrue(printed.contains("| 3 | prelu |"), printed);
    assertTrue(printed.contains("| 1,200 | relu |"), printed);
    String[] regressors = {"mllib-linear", "mllib-gbt", "mllib-random-forest", "mllib-gbt-3", "feed-forward"};
    assertEquals(regressors.length, report.regression.size());
    for (int i = 0; i < regressors.length; i++) {
      BenchmarkRow r = report.regression.get(i);
      assertEquals(regressors[i], r.model);
      assertEquals(400, r.size);
      // The target's standard deviation is about 1.2: every model is scored, none is perfect.
      assertTrue(r.accuracy > 0.05 && r.accuracy < 3, r.model + " RMSE " + r.accuracy);
    }
    // MLlib's defaults: 20 trees for both forests; the extra GBT row has the trees asked for.
    assertEquals(20, report.regression.get(1).iterations);
    assertEquals(20, report.regression.get(2).iterations);
    assertEquals(3, report.regression.get(3).iterations);
    assertTrue(printed.contains("| 400 | feed-forward |"), printed);
    assertTrue(printed.contains("| 400 | mllib-gbt | "), printed);
    // The wine data: 80% of its 1,599 rows train, every regressor scored on the rest. The grades
    // (3 to 8, mean 5.6) have a standard deviation of about 0.81: MLlib's models, fitted in full,
    // land near it; the network, given 3 iterations here, has left the RMSE of predicting 0
    // (about 5.7) but not more.
    assertEquals(regressors.length, report.wine.size());
    for (BenchmarkRow r : report.wine) {
      assertTrue(r.size > 1200 && r.size < 1360, r.model + " " + r.size);
      double most = r.model.equals("feed-forward") ? 5.0 : 1.0;
      assertTrue(r.accuracy > 0.3 && r.accuracy < most, r.model + " RMSE " + r.accuracy);
    }
    assertTrue(printed.contains("wine quality (red): "), printed);
  }

  @Test
  void digitsResourceHasTheDocumentedShape() {
    long rows = NetworkBenchmark.readDigits(TestSpark.session(), new NetworkBenchmarkOptions()).count();
    assertEquals(1797, rows);
  }

  @Test
  void parsesOptionsAndRefusesUnknownOnes() {
    NetworkBenchmarkOptions o = NetworkBenchmarkOptions.parse("--budgets", "10,20", "--hidden", "32,16");
    assertArrayEquals(new int[] {10, 20}, o.budgets);
    assertArrayEquals(new int[] {32, 16}, o.hidden);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> NetworkBenchmarkOptions.parse("--budget", "5"));
    assertTrue(e.getMessage().contains("Unknown option --budget"));
    assertThrows(IllegalArgumentException.class, () -> NetworkBenchmarkOptions.parse("--seeds"));
    assertEquals(0, NetworkBenchmarkOptions.parse("--regression-rows", "none").regressionRows.length);
    assertThrows(IllegalArgumentException.class, () -> NetworkBenchmarkOptions.parse("--regression-features", "3"));
    assertEquals(0, NetworkBenchmarkOptions.parse("--gbt-iterations", "none").gbtIterations.length);
    assertArrayEquals(new int[] {50, 200}, NetworkBenchmarkOptions.parse("--gbt-iterations", "50,200").gbtIterations);
    assertEquals(false, NetworkBenchmarkOptions.parse("--wine", "false").wine);
    IllegalArgumentException wine = assertThrows(IllegalArgumentException.class,
        () -> NetworkBenchmarkOptions.parse("--wine", "yes"));
    assertTrue(wine.getMessage().contains("--wine takes true or false, got yes"), wine.getMessage());
  }
}
