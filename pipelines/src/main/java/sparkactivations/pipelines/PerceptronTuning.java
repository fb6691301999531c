package sparkactivations.pipelines;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.TrainValidationSplit;
import org.apache.spark.ml.tuning.TrainValidationSplitModel;
import org.apache.spark.sql.Dataset;
import sparkactivations.transformers.Activation;

/**
 * Grid search over activation function, alpha and hidden layers for the pipeline of
 * {@link PerceptronPipelines}, with MLlib's {@code CrossValidator} or {@code TrainValidationSplit}.
 */
public final class PerceptronTuning {

  private PerceptronTuning() {}

  /**
   * Scores every candidate of {@code grid} on {@code data} and refits the best one on all of it.
   *
   * @throws IllegalArgumentException for an invalid spec, grid or data (see
   *     {@link PerceptronPipelines#build} and {@link TuningGrid#candidates})
   */
  public static TuningResult tune(PerceptronSpec base, TuningGrid grid, Dataset<?> data) {
    List<PerceptronSpec> candidates = grid.candidates(base);
    MulticlassClassificationEvaluator evaluator = evaluator(base, grid);
    int inputSize = PerceptronPipelines.inputSize(base, data);
    int classes = PerceptronPipelines.numClasses(base, data);

    Pipeline pipeline = PerceptronPipelines.build(base, layers(inputSize, base, classes), data.schema());
    Activation activation = stage(pipeline, Activation.class);
    MultilayerPerceptronClassifier mlp = stage(pipeline, MultilayerPerceptronClassifier.class);
    ParamMap[] maps = new ParamMap[candidates.size()];
    for (int i = 0; i < maps.length; i++) {
      PerceptronSpec c = candidates.get(i);
      maps[i] = new ParamMap()
          .put(activation.function(), c.getActivation())
          .put(mlp.layers(), layers(inputSize, c, classes));
      if (c.hasAlpha()) {
        maps[i].put(activation.alpha(), c.getAlpha());
      }
    }

    double[] metrics;
    PipelineModel best;
    if (grid.getMethod() == TuningMethod.CROSS_VALIDATION) {
      CrossValidatorModel m = new CrossValidator().setEstimator(pipeline).setEstimatorParamMaps(maps)
          .setEvaluator(evaluator).setNumFolds(grid.getNumFolds()).setSeed(grid.getSeed())
          .setParallelism(grid.getParallelism()).fit(data);
      metrics = m.avgMetrics();
      best = (PipelineModel) m.bestModel();
    } else {
      TrainValidationSplitModel m = new TrainValidationSplit().setEstimator(pipeline).setEstimatorParamMaps(maps)
          .setEvaluator(evaluator).setTrainRatio(grid.getTrainRatio()).setSeed(grid.getSeed())
          .setParallelism(grid.getParallelism()).fit(data);
      metrics = m.validationMetrics();
      best = (PipelineModel) m.bestModel();
    }

    List<TuningCandidate> scored = new ArrayList<>();
    int bestIndex = 0;
    for (int i = 0; i < metrics.length; i++) {
      PerceptronSpec c = candidates.get(i);
      scored.add(new TuningCandidate(c.getActivation(), c.getAlpha(), layers(inputSize, c, classes), metrics[i]));
      // The same rule as MLlib's: the first of equally good candidates wins.
      boolean better = evaluator.isLargerBetter() ? metrics[i] > metrics[bestIndex] : metrics[i] < metrics[bestIndex];
      if (better) {
        bestIndex = i;
      }
    }
    return new TuningResult(best, scored, bestIndex, grid.getMetricName());
  }

  private static MulticlassClassificationEvaluator evaluator(PerceptronSpec base, TuningGrid grid) {
    MulticlassClassificationEvaluator e = new MulticlassClassificationEvaluator()
        .setLabelCol(base.getLabelCol()).setPredictionCol(base.getPredictionCol());
    try {
      return e.setMetricName(grid.getMetricName());
    } catch (IllegalArgumentException ex) {
      throw new IllegalArgumentException("Tuning grid: metricName '" + grid.getMetricName()
          + "' is not a metric of MulticlassClassificationEvaluator: " + e.metricName().doc(), ex);
    }
  }

  private static int[] layers(int inputSize, PerceptronSpec spec, int classes) {
    int[] hidden = spec.getHiddenLayers();
    int[] layers = new int[hidden.length + 2];
    layers[0] = inputSize;
    System.arraycopy(hidden, 0, layers, 1, hidden.length);
    layers[layers.length - 1] = classes;
    return layers;
  }

  private static <T> T stage(Pipeline pipeline, Class<T> type) {
    for (PipelineStage s : pipeline.getStages()) {
      if (type.isInstance(s)) {
        return type.cast(s);
      }
    }
    throw new IllegalStateException("the pipeline has no " + type.getSimpleName() + " stage");
  }
}
