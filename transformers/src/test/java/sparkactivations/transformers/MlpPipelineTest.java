package sparkactivations.transformers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import sparkactivations.testing.RowAssertions;
import sparkactivations.testing.TestSpark;

/** The stages inside MLlib pipelines with MultilayerPerceptronClassifier: save/load and tuning. */
class MlpPipelineTest {

  private final SparkSession spark = TestSpark.session();

  /** Three Gaussian clusters in four dimensions. */
  private Dataset<Row> clusters(int n, long seed) {
    Random rnd = new Random(seed);
    double[][] centres = {{2, 0, -1, 1}, {-2, 1, 1, -1}, {0, -2, 2, 0}};
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int label = i % 3;
      Object[] v = new Object[6];
      v[0] = (long) i;
      for (int d = 0; d < 4; d++) {
        v[1 + d] = centres[label][d] + rnd.nextGaussian() * 0.6;
      }
      v[5] = (double) label;
      rows.add(RowFactory.create(v));
    }
    StructType schema = new StructType(new StructField[] {
        new StructField("id", DataTypes.LongType, false, Metadata.empty()),
        new StructField("a", DataTypes.DoubleType, false, Metadata.empty()),
        new StructField("b", DataTypes.DoubleType, false, Metadata.empty()),
        new StructField("c", DataTypes.DoubleType, false, Metadata.empty()),
        new StructField("d", DataTypes.DoubleType, false, Metadata.empty()),
        new StructField("label", DataTypes.DoubleType, false, Metadata.empty())});
    return spark.createDataFrame(rows, schema);
  }

  private static VectorAssembler assembler() {
    return new VectorAssembler().setInputCols(new String[] {"a", "b", "c", "d"}).setOutputCol("raw");
  }

  @Test
  void assemblerScalerEluMlpPipelineReloadsAndPredictsExactlyTheSame() throws Exception {
    Dataset<Row> data = clusters(240, 1L);
    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
        assembler(),
        new StandardScaler().setInputCol("raw").setOutputCol("scaled"),
        new ELU().setAlpha(0.5).setInputCol("scaled").setOutputCol("features"),
        new MultilayerPerceptronClassifier().setLayers(new int[] {4, 8, 3}).setMaxIter(60).setSeed(7L)});
    PipelineModel model = pipeline.fit(data);
    Path dir = TestSpark.tempDir("mlp-pipeline");
    model.write().overwrite().save(dir.toString());
    PipelineModel reloaded = PipelineModel.load(dir.toString());
    assertEquals(ELU.class, reloaded.stages()[2].getClass());
    assertEquals(0.5, ((ELU) reloaded.stages()[2]).getAlpha());
    Dataset<Row> fresh = clusters(90, 2L);
    RowAssertions.assertSameRows(model.transform(fresh), reloaded.transform(fresh));
    double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy")
        .evaluate(reloaded.transform(fresh));
    assertTrue(accuracy > 0.9, "the clusters are separable: accuracy " + accuracy);
  }

  @Test
  void crossValidatorTunesAlphaOfAnActivationInAnMlpPipeline() throws Exception {
    Dataset<Row> data = clusters(180, 3L);
    LeakyReLU leaky = new LeakyReLU().setInputCol("raw").setOutputCol("features");
    MultilayerPerceptronClassifier mlp = new MultilayerPerceptronClassifier().setLayers(new int[] {4, 6, 3})
        .setMaxIter(40).setSeed(5L);
    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {assembler(), leaky, mlp});
    ParamMap[] grid = new ParamGridBuilder().addGrid(leaky.alpha(), new double[] {0.01, 0.1, 0.3}).build();
    CrossValidator cv = new CrossValidator().setEstimator(pipeline).setEstimatorParamMaps(grid)
        .setEvaluator(new MulticlassClassificationEvaluator().setMetricName("accuracy")).setNumFolds(2).setSeed(11L);
    CrossValidatorModel cvModel = cv.fit(data);
    assertEquals(3, cvModel.avgMetrics().length);
    for (double m : cvModel.avgMetrics()) {
      assertTrue(m > 0.8 && m <= 1.0, "fold accuracy " + m);
    }
    PipelineModel best = (PipelineModel) cvModel.bestModel();
    double bestAlpha = ((LeakyReLU) best.stages()[1]).getAlpha();
    assertTrue(Arrays.asList(0.01, 0.1, 0.3).contains(bestAlpha));

    Path dir = TestSpark.tempDir("cv-model");
    cvModel.write().overwrite().save(dir.toString());
    CrossValidatorModel reloaded = CrossValidatorModel.load(dir.toString());
    assertEquals(bestAlpha, ((LeakyReLU) ((PipelineModel) reloaded.bestModel()).stages()[1]).getAlpha());
    RowAssertions.assertSameRows(cvModel.transform(data), reloaded.transform(data));
  }
}
