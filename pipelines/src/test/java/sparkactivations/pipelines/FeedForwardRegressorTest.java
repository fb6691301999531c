package sparkactivations.pipelines;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.Predictor;
import org.apache.spark.ml.PredictionModel;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import sparkactivations.pipelines.network.NetworkTopology;
import sparkactivations.testing.TestSpark;

class FeedForwardRegressorTest {

  private static final RegressionEvaluator RMSE = new RegressionEvaluator().setMetricName("rmse");

  private static SparkSession spark() {
    return TestSpark.session();
  }

  @Test
  void learnsSineTimesXWhereLinearRegressionCannot() {
    Dataset<Row> train = SineData.generate(spark(), 800, 1L, 2).cache();
    Dataset<Row> test = SineData.generate(spark(), 400, 2L, 2).cache();
    double linear = RMSE.evaluate(new LinearRegression().fit(train).transform(test));
    FeedForwardRegressionModel model = new FeedForwardRegressor().setLayers(2, 24, 12, 1).setActivation("tanh")
        .setMaxIter(300).setSeed(3L).fit(train);
    double network = RMSE.evaluate(model.transform(test));
    System.out.printf("sin(x1)*x2 + N(0, %.2f): test RMSE network %.4f, linear regression %.4f%n",
        SineData.NOISE, network, linear);
    assertTrue(linear > 0.7, "a linear model explains almost nothing: RMSE " + linear);
    assertTrue(network < 0.1, "network test RMSE " + network + " (linear regression " + linear + ")");
  }

  @Test
  void huberResistsOutliersThatPullSquaredError() {
    // y = 2 x1 - x2 with 10% of the labels shifted by +30; evaluated on clean rows.
    Dataset<Row> clean = SineData.generate(spark(), 400, 5L, 2)
        .withColumn("label", linearTarget());
    Dataset<Row> train = clean.withColumn("label",
        when(col("id").mod(10).equalTo(0), col("label").plus(30)).otherwise(col("label"))).cache();
    Dataset<Row> test = SineData.generate(spark(), 300, 6L, 2).withColumn("label", linearTarget()).cache();
    FeedForwardRegressor base = new FeedForwardRegressor().setLayers(2, 8, 1).setMaxIter(100).setSeed(4L);
    double squared = RMSE.evaluate(base.fit(train).transform(test));
    double huber = RMSE.evaluate(base.copy(new org.apache.spark.ml.param.ParamMap()).setLoss("huber")
        .setEpsilon(0.5).fit(train).transform(test));
    System.out.printf("10%% outliers: clean-test RMSE huber %.4f, squaredError %.4f%n", huber, squared);
    assertTrue(squared > 2.0, "the outliers shift the squared-error fit: RMSE " + squared);
    assertTrue(huber < 0.5, "huber ignores them: RMSE " + huber + " (squaredError " + squared + ")");
  }

  private static org.apache.spark.sql.Column linearTarget() {
    return org.apache.spark.sql.functions.udf(
        (Vector v) -> 2 * v.apply(0) - v.apply(1), DataTypes.DoubleType).apply(col("features"));
  }

  @Test
  void predictionIsTheLinearOutputOfThePerLayerActivations() {
    Dataset<Row> data = SineData.generate(spark(), 60, 8L, 2);
    FeedForwardRegressionModel model = new FeedForwardRegressor().setLayers(2, 3, 2, 1)
        .setActivation("relu").setHiddenActivations("tanh", "prelu").setAlpha(0.3).setMaxIter(5).setSeed(2L)
        .fit(data);
    double[] p = model.allParams();
    NetworkTopology net = model.topology();
    double slope = model.slopes()[1][0];
    assertEquals(0, model.slopes()[0].length);
    for (Row r : model.transform(data).select("features", "prediction").collectAsList()) {
      double[] x = ((Vector) r.get(0)).toArray();
      double[] h1 = new double[3];
      for (int j = 0; j < 3; j++) {
        h1[j] = Math.tanh(p[net.biasOffset(1) + j] + p[net.weightOffset(1) + j] * x[0]
            + p[net.weightOffset(1) + j + 3] * x[1]);
      }
      double[] h2 = new double[2];
      for (int j = 0; j < 2; j++) {
        double z = p[net.biasOffset(2) + j];
        for (int k = 0; k < 3; k++) {
          z += p[net.weightOffset(2) + j + 2 * k] * h1[k];
        }
        h2[j] = z > 0 ? z : slope * z;
      }
      double y = p[net.biasOffset(3)] + p[net.weightOffset(3)] * h2[0] + p[net.weightOffset(3) + 1] * h2[1];
      assertEquals(y, r.getDouble(1), 1e-12);
    }
  }

  @Test
  void weightTwoEqualsTheRowGivenTwiceForBothEstimatorsAndSolvers() {
    Dataset<Row> weighted = SineData.generate(spark(), 150, 9L, 2).cache();
    // Each row repeated weight times (weight 0: dropped), without a weight column.
    Dataset<Row> repeated = weighted.withColumn("copy", explode(org.apache.spark.sql.functions.array_repeat(lit(1),
        col("weight").cast("int")))).drop("copy").repartition(3).cache();
    Dataset<Row> classes = weighted.withColumn("label", col("label").gt(0).cast("double"));
    Dataset<Row> classesRepeated = repeated.withColumn("label", col("label").gt(0).cast("double"));
    for (String solver : Arrays.asList("l-bfgs", "adam")) {
      FeedForwardRegressor ffr = new FeedForwardRegressor().setLayers(2, 5, 1).setActivation("prelu")
          .setSolver(solver).setMaxIter(15).setMiniBatchFraction(0.5).setSeed(1L);
      assertSameParams(ffr.copy(new org.apache.spark.ml.param.ParamMap()).setWeightCol("weight").fit(weighted)
          .allParams(), ffr.fit(repeated).allParams(), "regressor " + solver);
      FeedForwardClassifier ffc = new FeedForwardClassifier().setLayers(2, 5, 2).setSolver(solver).setMaxIter(15)
          .setMiniBatchFraction(0.5).setSeed(1L);
      assertSameParams(ffc.copy(new org.apache.spark.ml.param.ParamMap()).setWeightCol("weight").fit(classes)
          .allParams(), ffc.fit(classesRepeated).allParams(), "classifier " + solver);
    }
  }

  private static void assertSameParams(double[] a, double[] b, String what) {
    assertEquals(a.length, b.length);
    for (int i = 0; i < a.length; i++) {
      assertEquals(a[i], b[i], 1e-6 * Math.max(1, Math.abs(a[i])), what + " parameter " + i);
    }
  }

  @Test
  void earlyStoppingKeepsTheBestIterationAndDoesNotTrainOnHeldOutRows() {
    // Few noisy training rows and a wide network: the validation loss turns up while the training loss falls.
    Dataset<Row> data = SineData.generate(spark(), 160, 10L, 2)
        .withColumn("label", col("label").plus(when(col("id").mod(2).equalTo(0), lit(0.6)).otherwise(lit(-0.6))))
        .cache();
    FeedForwardRegressor ffr = new FeedForwardRegressor().setLayers(2, 40, 40, 1).setMaxIter(300).setSeed(6L);
    FeedForwardRegressionModel model = ffr.copy(new org.apache.spark.ml.param.ParamMap())
        .setValidationIndicatorCol("validation").setValidationPatience(5).setValidationTol(0.0).fit(data);
    FeedForwardTrainingSummary s = model.summary();
    double[] validation = s.validationLossHistory();
    int best = s.bestIteration();
    System.out.println("early stopping: best iteration " + best + " of " + s.totalIterations() + ", validation loss "
        + validation[best] + " -> " + validation[validation.length - 1]);
    assertEquals(s.totalIterations() + 1, validation.length);
    assertTrue(s.totalIterations() < 300, "stopped early: " + s.totalIterations());
    assertEquals(best + 5, s.totalIterations(), "stopped 5 iterations after the best");
    for (double v : validation) {
      assertTrue(validation[best] <= v);
    }
    // The model holds the best iteration's weights: its loss on the held-out rows, computed here.
    Dataset<Row> held = data.filter(col("validation"));
    double halfMse = 0;
    List<Row> rows = model.transform(held).select("label", "prediction").collectAsList();
    for (Row r : rows) {
      double e = r.getDouble(1) - r.getDouble(0);
      halfMse += e * e / 2;
    }
    assertEquals(validation[best], halfMse / rows.size(), 1e-9);
    // Held-out rows were not trained on: the same run on the training rows alone, stopped at the
    // best iteration, gives the same weights and the same training objective.
    Dataset<Row> trainOnly = data.filter(org.apache.spark.sql.functions.not(col("validation")));
    FeedForwardRegressionModel plain = ffr.copy(new org.apache.spark.ml.param.ParamMap()).setMaxIter(best)
        .fit(trainOnly);
    assertSameParams(plain.allParams(), model.allParams(), "best iteration");
    double[] history = s.objectiveHistory();
    double[] plainHistory = plain.summary().objectiveHistory();
    for (int i = 0; i < plainHistory.length; i++) {
      assertEquals(plainHistory[i], history[i], 1e-9 * Math.abs(history[i]), "objective at iteration " + i);
    }
  }

  @Test
  void sameSeedGivesTheSameModelWhateverThePartitioning() {
    Dataset<Row> data = SineData.generate(spark(), 300, 4L, 1).cache();
    for (String solver : Arrays.asList("l-bfgs", "adam")) {
      FeedForwardRegressor ffr = new FeedForwardRegressor().setLayers(2, 6, 3, 1).setHiddenActivations("prelu", "selu")
          .setPreluSlopes("unit").setSolver(solver).setLoss("huber").setWeightCol("weight").setMaxIter(25)
          .setBlockSize(16).setSeed(11L);
      FeedForwardRegressionModel one = ffr.fit(data.repartition(1));
      FeedForwardRegressionModel many = ffr.fit(data.repartition(5));
      assertEquals(one.summary().totalIterations(), many.summary().totalIterations(), solver);
      assertSameParams(one.allParams(), many.allParams(), solver);
    }
  }

  @Test
  void saveAndLoadKeepTheNetworkAndParams() throws Exception {
    Dataset<Row> data = SineData.generate(spark(), 100, 12L, 2);
    FeedForwardRegressionModel model = new FeedForwardRegressor().setLayers(2, 4, 3, 1)
        .setHiddenActivations("prelu", "leaky_relu").setPreluSlopes("unit").setLoss("huber").setEpsilon(0.4)
        .setWeightCol("weight").setMaxIter(10).setSeed(4L).fit(data);
    String path = TestSpark.tempDir("ffr-model").resolve("m").toString();
    model.write().overwrite().save(path);
    FeedForwardRegressionModel loaded = FeedForwardRegressionModel.load(path);
    assertEquals(model.uid(), loaded.uid());
    assertArrayEquals(model.allParams(), loaded.allParams());
    assertArrayEquals(new String[] {"prelu", "leaky_relu"}, loaded.getHiddenActivations());
    assertArrayEquals(new String[] {"prelu", "leaky_relu"}, loaded.topology().hiddenActivations());
    assertEquals("huber", loaded.getLoss());
    assertEquals(0.4, loaded.getEpsilon());
    assertEquals("weight", loaded.getWeightCol());
    assertTrue(loaded.hasSummary(), "the training summary is saved with the model");
    assertArrayEquals(model.summary().objectiveHistory(), loaded.summary().objectiveHistory());
    assertEquals(model.summary().bestIteration(), loaded.summary().bestIteration());
    assertArrayEquals(model.summary().validationLossHistory(), loaded.summary().validationLossHistory());
    assertEquals(4, loaded.slopes()[0].length);
    assertEquals(0, loaded.slopes()[1].length);
    List<Row> a = model.transform(data).select("prediction").collectAsList();
    List<Row> b = loaded.transform(data).select("prediction").collectAsList();
    assertEquals(a, b);
    FeedForwardRegressor estimator = new FeedForwardRegressor().setLayers(2, 3, 1).setLoss("huber");
    String epath = TestSpark.tempDir("ffr-estimator").resolve("e").toString();
    estimator.write().overwrite().save(epath);
    FeedForwardRegressor back = FeedForwardRegressor.load(epath);
    assertEquals(estimator.uid(), back.uid());
    assertEquals("huber", back.getLoss());
  }

  @Test
  void publicConstructorsMakeAZeroPlaceholder() {
    FeedForwardRegressionModel empty = new FeedForwardRegressionModel("ffr_x");
    assertEquals("ffr_x", empty.uid());
    assertEquals(1, empty.numFeatures());
    assertEquals(0.0, empty.predict(Vectors.dense(3.0)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> empty.predict(Vectors.dense(1, 2)));
    assertTrue(e.getMessage().contains("input layer has 1 units"), e.getMessage());
    assertTrue(new FeedForwardRegressionModel().uid().startsWith("ffr_"));
  }

  @Test
  void refusesBadInputNamingTheProblem() {
    FeedForwardRegressor ffr = new FeedForwardRegressor().setLayers(2, 3, 1).setMaxIter(2);
    assertMessage(ffr, rows(Double.NaN, 0.1, 0.2, 1.0), "Label column 'label' has the value NaN; labels must be finite");
    assertMessage(ffr, rows(Double.NEGATIVE_INFINITY, 0.1, 0.2, 1.0), "Label column 'label' has the value -Infinity");
    assertMessage(ffr, rows(1.0, Double.NaN, 0.2, 1.0), "Features column 'features' has the value NaN at index 0");
    assertMessage(ffr, rows(1.0, 0.1, Double.POSITIVE_INFINITY, 1.0), "has the value Infinity at index 1");
    FeedForwardRegressor weighted = ffr.copy(new org.apache.spark.ml.param.ParamMap()).setWeightCol("w");
    assertMessage(weighted, rows(1.0, 0.1, 0.2, -1.0), "Weight column 'w' has the value -1.0; weights must be finite");
    assertMessage(weighted, rows(1.0, 0.1, 0.2, Double.NaN), "Weight column 'w' has the value NaN");
    assertMessage(weighted, rows(1.0, 0.1, 0.2, Double.POSITIVE_INFINITY), "Weight column 'w' has the value Infinity");
    assertMessage(weighted, rows(1.0, 0.1, 0.2, 1.0).withColumn("w", lit(0.0)), "only rows of weight 0");
    assertMessage(weighted, rows(1.0, 0.1, 0.2, 1.0).withColumn("w", lit("heavy")),
        "Weight column 'w' has type string; weights must be numeric");
    assertMessage(ffr.copy(new org.apache.spark.ml.param.ParamMap()).setWeightCol("mass"), rows(1.0, 0.1, 0.2, 1.0),
        "weightCol is 'mass', but the data has no such column");
    FeedForwardRegressor early = ffr.copy(new org.apache.spark.ml.param.ParamMap()).setValidationIndicatorCol("v");
    assertMessage(early, rows(1.0, 0.1, 0.2, 1.0).withColumn("v", lit(1)),
        "Validation indicator column 'v' has type int; it must be boolean");
    assertMessage(early, rows(1.0, 0.1, 0.2, 1.0).withColumn("v", lit(false)),
        "Validation indicator column 'v' is true on no row");
    assertMessage(early, rows(1.0, 0.1, 0.2, 1.0).withColumn("v", lit(true)), "only held-out validation rows");
    assertMessage(ffr.copy(new org.apache.spark.ml.param.ParamMap()).setLayers(2, 3, 2), rows(1.0, 0.1, 0.2, 1.0),
        "layers [2, 3, 2] end with 2 output units; a regressor has one");
    assertMessage(new FeedForwardRegressor().setLayers(2, 3, 3, 1).setHiddenActivations("relu"),
        rows(1.0, 0.1, 0.2, 1.0), "hiddenActivations has 1 activations [relu] but layers [2, 3, 3, 1] have 2 hidden layers");
    assertMessage(new FeedForwardRegressor().setLayers(2, 3, 3, 1).setHiddenActivations("relu", "celu").setAlpha(0),
        rows(1.0, 0.1, 0.2, 1.0), "alpha for celu must not be 0");
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> ffr.setHiddenActivations("relu", "Tanh"));
    assertTrue(bad.getMessage().contains("Tanh"), bad.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ffr.setLoss("absoluteError"));
    assertThrows(IllegalArgumentException.class, () -> ffr.setEpsilon(0.0));
    assertThrows(IllegalArgumentException.class, () -> ffr.setValidationPatience(0));
    assertThrows(IllegalArgumentException.class, () -> ffr.setValidationTol(-0.1));
  }

  @Test
  void classifierTakesPerLayerActivationsWeightsAndEarlyStoppingToo() throws Exception {
    Dataset<Row> data = XorData.generate(spark(), 200, 13L, 2)
        .withColumn("held", col("id").mod(4).equalTo(0)).withColumn("w", lit(1.0));
    FeedForwardClassificationModel model = new FeedForwardClassifier().setLayers(2, 8, 4, 2)
        .setHiddenActivations("leaky_relu", "tanh").setWeightCol("w").setValidationIndicatorCol("held")
        .setMaxIter(100).setSeed(3L).fit(data);
    FeedForwardTrainingSummary s = model.summary();
    assertEquals(s.totalIterations() + 1, s.validationLossHistory().length);
    assertEquals(2, s.deadUnitFractions().length);
    double accuracy = new org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator().setMetricName("accuracy")
        .evaluate(model.transform(data.filter(col("held"))));
    assertTrue(accuracy >= 0.95, "held-out accuracy " + accuracy);
    String path = TestSpark.tempDir("ffc-per-layer").resolve("m").toString();
    model.write().overwrite().save(path);
    assertEquals(2, spark().read().parquet(path + "/data").head().getInt(0), "per-layer networks are format 2");
    FeedForwardClassificationModel loaded = FeedForwardClassificationModel.load(path);
    assertArrayEquals(model.allParams(), loaded.allParams());
    assertArrayEquals(new String[] {"leaky_relu", "tanh"}, loaded.topology().hiddenActivations());
    assertEquals(model.transform(data).select("probability").collectAsList(),
        loaded.transform(data).select("probability").collectAsList());
    assertMessage(new FeedForwardClassifier().setLayers(2, 3, 2).setHiddenActivations("relu", "relu"),
        XorData.generate(spark(), 20, 1L, 1), "hiddenActivations has 2 activations");
  }

  private static void assertMessage(Predictor<?, ?, ?> estimator, Dataset<Row> data, String expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> estimator.fit(data));
    assertTrue(e.getMessage().contains(expected), "message: " + e.getMessage());
  }

  private static Dataset<Row> rows(double badLabel, double x0, double x1, double badWeight) {
    StructType schema = new StructType().add("label", DataTypes.DoubleType).add("features", SQLDataTypes.VectorType())
        .add("w", DataTypes.DoubleType);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      rows.add(RowFactory.create(i * 0.3, Vectors.dense(i * 0.1, -i * 0.2), 1.0));
    }
    rows.add(RowFactory.create(badLabel, Vectors.dense(x0, x1), badWeight));
    return spark().createDataFrame(rows, schema).repartition(2);
  }
}
