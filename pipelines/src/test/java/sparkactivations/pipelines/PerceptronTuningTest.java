package sparkactivations.pipelines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import sparkactivations.testing.TestSpark;
import sparkactivations.transformers.Activation;

class PerceptronTuningTest {

  private final Dataset<Row> clusters = Clusters.of(TestSpark.session(), 3, 16, 3L).cache();

  private static PerceptronSpec base() {
    return new PerceptronSpec().setFeatureCols("x0", "x1", "x2").setHiddenLayers(4).setMaxIter(8);
  }

  private static String key(String function, double alpha, int[] layers) {
    return function + "/" + alpha + "/" + Arrays.toString(layers);
  }

  @Test
  void everyCandidateOfATrainValidationSplitIsScored() {
    TuningGrid grid = new TuningGrid().setActivations("relu", "elu").setAlphas(0.1, 0.3)
        .setHiddenLayers(new int[] {4}, new int[] {3, 2})
        .setMethod(TuningMethod.TRAIN_VALIDATION_SPLIT).setTrainRatio(0.7);
    TuningResult result = PerceptronTuning.tune(base(), grid, clusters);

    // relu takes no alpha, so it appears once per hidden layer list; elu twice.
    List<String> expected = new ArrayList<>();
    for (int[] layers : new int[][] {{3, 4, 3}, {3, 3, 2, 3}}) {
      expected.add(key("relu", Double.NaN, layers));
      expected.add(key("elu", 0.1, layers));
      expected.add(key("elu", 0.3, layers));
    }
    List<String> actual = new ArrayList<>();
    for (TuningCandidate c : result.candidates()) {
      actual.add(key(c.activation(), c.alpha(), c.layers()));
      assertTrue(c.metric() >= 0 && c.metric() <= 1, c + ": accuracy in [0, 1]");
    }
    assertEquals(expected, actual);
    assertEquals("accuracy", result.metricName());
    checkBest(result);
  }

  @Test
  void crossValidationAveragesFoldsAndRefitsTheBest() {
    TuningGrid grid = new TuningGrid().setActivations("tanh", "celu").setNumFolds(2).setMetricName("f1");
    TuningResult result = PerceptronTuning.tune(base().setAlpha(2.0), grid, clusters);
    assertEquals(2, result.candidates().size());
    // No alphas in the grid: celu takes the base spec's alpha; tanh has none.
    assertEquals(key("tanh", Double.NaN, new int[] {3, 4, 3}),
        key(result.candidates().get(0).activation(), result.candidates().get(0).alpha(), result.candidates().get(0).layers()));
    assertEquals(key("celu", 2.0, new int[] {3, 4, 3}),
        key(result.candidates().get(1).activation(), result.candidates().get(1).alpha(), result.candidates().get(1).layers()));
    assertEquals("f1", result.metricName());
    checkBest(result);
  }

  /** The best index is the first highest metric, and the best model is that candidate's pipeline. */
  private static void checkBest(TuningResult result) {
    double max = Double.NEGATIVE_INFINITY;
    int first = -1;
    for (int i = 0; i < result.candidates().size(); i++) {
      if (result.candidates().get(i).metric() > max) {
        max = result.candidates().get(i).metric();
        first = i;
      }
    }
    assertEquals(first, result.bestIndex());
    TuningCandidate best = result.best();
    Activation activation = (Activation) result.bestModel().stages()[2];
    assertEquals(best.activation(), activation.getFunction());
    if (!Double.isNaN(best.alpha())) {
      assertEquals(best.alpha(), activation.getAlpha());
    }
    MultilayerPerceptronClassificationModel mlp =
        (MultilayerPerceptronClassificationModel) result.bestModel().stages()[3];
    assertArrayEquals(best.layers(), mlp.getLayers());
  }

  @Test
  void aBadGridIsRefusedBeforeAnyFit() {
    assertTrue(refused(new TuningGrid().setActivations("relu", "swish")).contains("activation 'swish' is unknown"));
    assertTrue(refused(new TuningGrid().setActivations("celu").setAlphas(1.0, 0.0))
        .contains("candidate celu(alpha=0.0) hidden=[4] is invalid"));
    assertTrue(refused(new TuningGrid().setHiddenLayers(new int[] {4, -1})).contains("hiddenLayers [4, -1]"));
    assertTrue(refused(new TuningGrid().setNumFolds(1)).contains("numFolds is 1"));
    assertTrue(refused(new TuningGrid().setMethod(TuningMethod.TRAIN_VALIDATION_SPLIT).setTrainRatio(1.0))
        .contains("trainRatio is 1.0"));
    String metric = refused(new TuningGrid().setMetricName("auc"));
    assertTrue(metric.contains("metricName 'auc'") && metric.contains("accuracy"), metric);
  }

  private String refused(TuningGrid grid) {
    return assertThrows(IllegalArgumentException.class, () -> PerceptronTuning.tune(base(), grid, clusters)).getMessage();
  }
}
