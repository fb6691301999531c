package sparkactivations.pipelines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import sparkactivations.pipelines.network.NetworkTopology;
import sparkactivations.testing.TestSpark;

class FeedForwardClassifierTest {

  private static final MulticlassClassificationEvaluator ACCURACY =
      new MulticlassClassificationEvaluator().setMetricName("accuracy");

  private static SparkSession spark() {
    return TestSpark.session();
  }

  static Stream<String> activations() {
    return FeedForwardParamSet.activationNames().stream();
  }

  @TestFactory
  Stream<DynamicTest> learnsXorWithEveryActivationWhereLogisticRegressionCannot() {
    Dataset<Row> train = XorData.generate(spark(), 200, 1L, 2).cache();
    Dataset<Row> test = XorData.generate(spark(), 200, 2L, 2).cache();
    double linear = ACCURACY.evaluate(new LogisticRegression().fit(train).transform(test));
    assertTrue(linear < 0.7, "logistic regression cannot separate XOR: " + linear);
    return activations().map(name -> DynamicTest.dynamicTest(name, () -> {
      FeedForwardClassificationModel model = new FeedForwardClassifier().setLayers(2, 8, 2).setActivation(name)
          .setMaxIter(80).setSeed(7L).fit(train);
      double accuracy = ACCURACY.evaluate(model.transform(test));
      assertTrue(accuracy >= 0.95, name + " test accuracy " + accuracy + " (logistic regression " + linear + ")");
    }));
  }

  @Test
  void adamLearnsXor() {
    Dataset<Row> train = XorData.generate(spark(), 200, 1L, 2);
    Dataset<Row> test = XorData.generate(spark(), 200, 2L, 2);
    FeedForwardClassificationModel model = new FeedForwardClassifier().setLayers(2, 8, 2).setActivation("leaky_relu")
        .setSolver("adam").setStepSize(0.05).setMiniBatchFraction(0.5).setMaxIter(120).setTol(0).setSeed(3L)
        .fit(train);
    assertEquals(120, model.summary().totalIterations());
    double accuracy = ACCURACY.evaluate(model.transform(test));
    assertTrue(accuracy >= 0.95, "adam test accuracy " + accuracy);
  }

  @Test
  void sameSeedGivesTheSameModelWhateverThePartitioning() {
    Dataset<Row> data = XorData.generate(spark(), 300, 4L, 1).cache();
    for (String solver : Arrays.asList("l-bfgs", "adam")) {
      FeedForwardClassifier ffc = new FeedForwardClassifier().setLayers(2, 6, 3, 2).setActivation("prelu")
          .setPreluSlopes("unit").setSolver(solver).setMaxIter(25).setBlockSize(16).setSeed(11L);
      FeedForwardClassificationModel one = ffc.fit(data.repartition(1));
      FeedForwardClassificationModel many = ffc.fit(data.repartition(5));
      assertEquals(one.summary().totalIterations(), many.summary().totalIterations(), solver);
      double[] a = one.allParams();
      double[] b = many.allParams();
      for (int i = 0; i < a.length; i++) {
        assertEquals(a[i], b[i], 1e-6 * Math.max(1, Math.abs(a[i])), solver + " parameter " + i);
      }
    }
  }

  @Test
  void summaryHasTheObjectivePerIterationAndDeadUnits() {
    Dataset<Row> data = XorData.generate(spark(), 100, 5L, 2);
    FeedForwardClassificationModel model = new FeedForwardClassifier().setLayers(2, 8, 2).setMaxIter(30)
        .setSeed(1L).fit(data);
    FeedForwardTrainingSummary s = model.summary();
    double[] history = s.objectiveHistory();
    assertEquals(s.totalIterations() + 1, history.length);
    for (int i = 1; i < history.length; i++) {
      assertTrue(history[i] <= history[i - 1], "l-bfgs never increases the objective: " + Arrays.toString(history));
    }
    assertTrue(history[history.length - 1] < 0.5 * history[0]);
    assertEquals(1, s.deadUnitFractions().length);
  }

  @Test
  void deadUnitsAreThoseThatAreZeroOnEveryRow() {
    // Two hidden layers of 4 units; from these weights, with no iteration run: layer 1 unit 0 has
    // weights 0 and bias -1 (always 0 under relu), unit 1 weights (1, 0) bias 0 (0 for x <= 0
    // only); layer 2 units 2 and 3 have weights 0 and bias -0.5.
    int[] layers = {2, 4, 4, 2};
    NetworkTopology net = new NetworkTopology(layers, "relu", Double.NaN, false);
    double[] w = new double[net.numAffineParams()];
    java.util.Random rnd = new java.util.Random(3);
    for (int i = 0; i < w.length; i++) {
      w[i] = 0.5 + rnd.nextDouble();
    }
    int w1 = net.weightOffset(1);
    w[w1] = 0;
    w[w1 + 4] = 0;
    w[net.biasOffset(1)] = -1;
    w[w1 + 1] = 1;
    w[w1 + 1 + 4] = 0;
    w[net.biasOffset(1) + 1] = 0;
    int w2 = net.weightOffset(2);
    for (int k = 0; k < 4; k++) {
      w[w2 + 2 + 4 * k] = 0;
      w[w2 + 3 + 4 * k] = 0;
    }
    w[net.biasOffset(2) + 2] = -0.5;
    w[net.biasOffset(2) + 3] = -0.5;
    Dataset<Row> data = XorData.generate(spark(), 80, 6L, 3);
    for (String act : Arrays.asList("relu", "leaky_relu")) {
      FeedForwardClassificationModel model = new FeedForwardClassifier().setLayers(layers).setActivation(act)
          .setInitialWeights(Vectors.dense(w)).setMaxIter(0).fit(data);
      assertEquals(0, model.summary().totalIterations());
      assertArrayEquals(Vectors.dense(w).toArray(), model.weights().toArray());
      double[] expected = act.equals("relu") ? new double[] {0.25, 0.5} : new double[] {0.0, 0.0};
      assertArrayEquals(expected, model.summary().deadUnitFractions(), act);
    }
  }

  @Test
  void predictionsAreTheSoftmaxOfTheNetworkOutput() {
    Dataset<Row> data = XorData.generate(spark(), 50, 8L, 2);
    FeedForwardClassificationModel model = new FeedForwardClassifier().setLayers(2, 3, 3).setActivation("tanh")
        .setMaxIter(5).setSeed(2L).fit(data.withColumn("label", org.apache.spark.sql.functions.lit(2.0))
            .union(data));
    double[] p = model.allParams();
    NetworkTopology net = model.topology();
    for (Row r : model.transform(data).select("features", "rawPrediction", "probability", "prediction").collectAsList()) {
      double[] x = ((Vector) r.get(0)).toArray();
      double[] h = new double[3];
      for (int j = 0; j < 3; j++) {
        double z = p[net.biasOffset(1) + j] + p[net.weightOffset(1) + j] * x[0] + p[net.weightOffset(1) + j + 3] * x[1];
        h[j] = Math.tanh(z);
      }
      double[] o = new double[3];
      double sum = 0;
      for (int j = 0; j < 3; j++) {
        o[j] = p[net.biasOffset(2) + j];
        for (int k = 0; k < 3; k++) {
          o[j] += p[net.weightOffset(2) + j + 3 * k] * h[k];
        }
        sum += Math.exp(o[j]);
      }
      assertArrayEquals(o, ((Vector) r.get(1)).toArray(), 1e-12);
      int best = 0;
      for (int j = 0; j < 3; j++) {
        assertEquals(Math.exp(o[j]) / sum, ((Vector) r.get(2)).apply(j), 1e-12);
        if (o[j] > o[best]) {
          best = j;
        }
      }
      assertEquals(best, r.getDouble(3));
    }
  }

  @Test
  void refusesBadLabelsAndFeaturesNamingTheProblem() {
    FeedForwardClassifier ffc = new FeedForwardClassifier().setLayers(2, 3, 3).setMaxIter(2);
    assertMessage(ffc, rows(1.5, 0.1, 0.2), "Label column 'label' has the value 1.5");
    assertMessage(ffc, rows(-1.0, 0.1, 0.2), "has the value -1.0");
    assertMessage(ffc, rows(3.0, 0.1, 0.2), "has the value 3.0; labels must be integer class indices 0, 1, ..., 2");
    assertMessage(ffc, rows(1.0, Double.NaN, 0.2), "Features column 'features' has the value NaN at index 0");
    assertMessage(ffc, rows(1.0, 0.1, Double.POSITIVE_INFINITY), "has the value Infinity at index 1");
    assertMessage(new FeedForwardClassifier().setLayers(3, 3, 3), rows(1.0, 0.1, 0.2),
        "has a vector of size 2; the input layer (layers[0]) has 3 units");
    assertMessage(ffc.copy(new ParamMap()).setInitialWeights(Vectors.dense(1, 2, 3)), rows(1.0, 0.1, 0.2),
        "initialWeights has 3 values; layers [2, 3, 3] with relu need 21");
    assertMessage(new FeedForwardClassifier(), rows(1.0, 0.1, 0.2), "layers must be set");
    assertThrows(IllegalArgumentException.class, () -> ffc.setActivation("Relu"));
    assertThrows(IllegalArgumentException.class, () -> ffc.setSolver("sgd"));
  }

  private static void assertMessage(FeedForwardClassifier ffc, Dataset<Row> data, String expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ffc.fit(data));
    assertTrue(e.getMessage().contains(expected), "message: " + e.getMessage());
  }

  private static Dataset<Row> rows(double badLabel, double x0, double x1) {
    StructType schema = new StructType().add("label", DataTypes.DoubleType).add("features", SQLDataTypes.VectorType());
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      rows.add(RowFactory.create((double) (i % 3), Vectors.dense(i * 0.1, -i * 0.2)));
    }
    rows.add(RowFactory.create(badLabel, Vectors.dense(x0, x1)));
    return spark().createDataFrame(rows, schema).repartition(2);
  }

  @Test
  void saveAndLoadKeepTheLearnedSlopes() throws Exception {
    Dataset<Row> data = XorData.generate(spark(), 100, 9L, 2);
    FeedForwardClassificationModel model = new FeedForwardClassifier().setLayers(2, 4, 3, 2).setActivation("prelu")
        .setPreluSlopes("unit").setMaxIter(20).setSeed(4L).fit(data);
    double[][] slopes = model.slopes();
    assertEquals(4, slopes[0].length);
    assertEquals(3, slopes[1].length);
    assertFalse(Arrays.equals(new double[] {0.25, 0.25, 0.25, 0.25}, slopes[0]), "slopes were learned");
    String path = TestSpark.tempDir("ffc-model").resolve("m").toString();
    model.write().overwrite().save(path);
    FeedForwardClassificationModel loaded = FeedForwardClassificationModel.load(path);
    assertArrayEquals(model.allParams(), loaded.allParams());
    assertArrayEquals(slopes[1], loaded.slopes()[1]);
    assertEquals("prelu", loaded.getActivation());
    assertEquals("unit", loaded.getPreluSlopes());
    assertTrue(loaded.hasSummary(), "the training summary is saved with the model");
    assertArrayEquals(model.summary().objectiveHistory(), loaded.summary().objectiveHistory());
    assertEquals(model.summary().totalIterations(), loaded.summary().totalIterations());
    assertArrayEquals(model.summary().deadUnitFractions(), loaded.summary().deadUnitFractions());
    assertArrayEquals(new int[] {2, 4, 3, 2}, loaded.getLayers());
    // A model saved without a summary (as by an earlier snapshot) loads without one.
    String bare = TestSpark.tempDir("ffc-model").resolve("bare").toString();
    new FeedForwardClassificationModel().write().save(bare);
    assertFalse(FeedForwardClassificationModel.load(bare).hasSummary());
  }

  @Test
  void loadRefusesAnUnknownFormatVersion() throws Exception {
    Dataset<Row> data = XorData.generate(spark(), 40, 10L, 1);
    FeedForwardClassificationModel model = new FeedForwardClassifier().setLayers(2, 3, 2).setMaxIter(1).fit(data);
    String path = TestSpark.tempDir("ffc-version").resolve("m").toString();
    model.write().save(path);
    Dataset<Row> stored = spark().read().parquet(path + "/data");
    stored.withColumn("formatVersion", org.apache.spark.sql.functions.lit(99)).write().mode("overwrite")
        .parquet(path + "/data2");
    org.apache.commons.io.FileUtils.deleteDirectory(new java.io.File(path, "data"));
    new java.io.File(path, "data2").renameTo(new java.io.File(path, "data"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> FeedForwardClassificationModel.load(path));
    assertTrue(e.getMessage().contains("format version 99"), e.getMessage());
  }

  @Test
  void crossValidatorTunesTheActivation() {
    Dataset<Row> data = XorData.generate(spark(), 120, 12L, 2);
    FeedForwardClassifier ffc = new FeedForwardClassifier().setLayers(2, 6, 2).setMaxIter(30).setSeed(2L);
    ParamMap[] grid = new ParamGridBuilder().addGrid(ffc.activation(),
        scala.collection.JavaConverters.asScalaBuffer(Arrays.asList("relu", "prelu"))).build();
    CrossValidatorModel cv = new CrossValidator().setEstimator(ffc).setEstimatorParamMaps(grid)
        .setEvaluator(ACCURACY).setNumFolds(2).setSeed(1L).fit(data);
    assertEquals(2, cv.avgMetrics().length);
    assertTrue(cv.bestModel() instanceof FeedForwardClassificationModel);
    assertTrue(ACCURACY.evaluate(cv.transform(data)) > 0.9);
  }
}
