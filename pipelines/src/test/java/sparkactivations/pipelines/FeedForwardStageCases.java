package sparkactivations.pipelines;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import sparkactivations.testing.StageCase;
import sparkactivations.testing.StageCases;
import sparkactivations.testing.TestSpark;

/** The feed-forward network estimators, as the shared harness checks every stage. */
public final class FeedForwardStageCases implements StageCases {

  @Override
  public List<StageCase> cases() {
    Dataset<Row> data = XorData.generate(TestSpark.session(), 60, 3L, 2);
    Dataset<Row> sine = SineData.generate(TestSpark.session(), 80, 3L, 2);
    return Arrays.asList(
        StageCase.of("FeedForwardClassifier relu, l-bfgs",
            new FeedForwardClassifier().setLayers(2, 6, 2).setMaxIter(6).setSeed(5L), data),
        StageCase.of("FeedForwardClassifier prelu per unit, adam, L2",
            new FeedForwardClassifier().setLayers(2, 5, 4, 2).setActivation("prelu").setPreluSlopes("unit")
                .setSolver("adam").setMaxIter(5).setMiniBatchFraction(0.5).setRegParam(0.01)
                .setProbabilityCol("p").setRawPredictionCol("raw"), data),
        StageCase.of("FeedForwardClassifier per-layer activations, weights, early stopping",
            new FeedForwardClassifier().setLayers(2, 5, 4, 2).setHiddenActivations("tanh", "prelu")
                .setWeightCol("weight").setValidationIndicatorCol("validation").setValidationPatience(2)
                .setMaxIter(6), sine.withColumn("label", sine.col("label").gt(0).cast("double"))),
        StageCase.of("FeedForwardRegressor relu, squared error, l-bfgs",
            new FeedForwardRegressor().setLayers(2, 6, 1).setMaxIter(6).setSeed(5L), sine),
        StageCase.of("FeedForwardRegressor per-layer activations, huber, adam, weights, early stopping",
            new FeedForwardRegressor().setLayers(2, 5, 4, 1).setHiddenActivations("prelu", "elu").setAlpha(0.2)
                .setLoss("huber").setEpsilon(0.5).setSolver("adam").setMaxIter(5).setMiniBatchFraction(0.5)
                .setWeightCol("weight").setValidationIndicatorCol("validation").setValidationTol(0.0)
                .setPredictionCol("yhat"), sine));
  }
}
