package sparkactivations.pipelines;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
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
import sparkactivations.transformers.Activation;

class PerceptronPipelinesTest {

  private final SparkSession spark = TestSpark.session();
  private final Dataset<Row> clusters = Clusters.of(spark, 3, 20, 1L);

  private static PerceptronSpec columns() {
    return new PerceptronSpec().setFeatureCols("x0", "x1", "x2").setHiddenLayers(5, 4).setMaxIter(30);
  }

  @Test
  void layerSizesComeFromTheFeatureCountAndTheLargestLabel() {
    assertArrayEquals(new int[] {3, 5, 4, 3}, PerceptronPipelines.layers(columns(), clusters));
    Dataset<Row> four = Clusters.of(spark, 4, 5, 2L);
    assertArrayEquals(new int[] {3, 5, 4, 4}, PerceptronPipelines.layers(columns(), four));
    assertArrayEquals(new int[] {3, 3}, PerceptronPipelines.layers(columns().setHiddenLayers(), clusters));
  }

  @Test
  void inputSizeComesFromVectorMetadataOrFromTheData() {
    assertEquals(3, PerceptronPipelines.inputSize(new PerceptronSpec().setFeaturesCol("vec"), clusters));
    // No metadata: the size is read from the vectors themselves.
    assertEquals(3, PerceptronPipelines.inputSize(new PerceptronSpec().setFeaturesCol("bare"), clusters));
    // Metadata wins over the data: a column that declares 7 is taken at its word.
    Dataset<Row> declared = clusters.withColumn("vec",
        col("vec").as("vec", new org.apache.spark.ml.attribute.AttributeGroup("vec", 7).toMetadata()));
    assertEquals(7, PerceptronPipelines.inputSize(new PerceptronSpec().setFeaturesCol("vec"), declared));
    // Assembled columns: numbers count 1, vectors their size.
    assertEquals(1 + 3 + 3, PerceptronPipelines.inputSize(new PerceptronSpec().setFeatureCols("x0", "vec", "bare"), clusters));
  }

  @Test
  void nominalLabelMetadataGivesTheNumberOfClasses() {
    Metadata six = NominalAttribute.defaultAttr().withNumValues(6).toMetadata();
    Dataset<Row> labelled = clusters.withColumn("label", col("label").as("label", six));
    assertEquals(6, PerceptronPipelines.numClasses(columns(), labelled));
    Metadata two = NominalAttribute.defaultAttr().withNumValues(2).toMetadata();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PerceptronPipelines.numClasses(columns(), clusters.withColumn("label", col("label").as("label", two))));
    assertTrue(e.getMessage().contains("declares 2 classes") && e.getMessage().contains("2.0"), e.getMessage());
  }

  @Test
  void integerLabelsAreAccepted() {
    Dataset<Row> ints = clusters.withColumn("label", col("label").cast("int"));
    assertEquals(3, PerceptronPipelines.numClasses(columns(), ints));
  }

  @Test
  void stagesAreAssemblerScalerActivationClassifier() {
    PerceptronSpec spec = columns().setActivation("leaky_relu").setAlpha(0.2).setSeed(7).setTol(1e-4);
    PipelineStage[] stages = PerceptronPipelines.build(spec, clusters).getStages();
    assertEquals(4, stages.length);
    VectorAssembler assembler = (VectorAssembler) stages[0];
    assertEquals(Arrays.asList("x0", "x1", "x2"), Arrays.asList(assembler.getInputCols()));
    assertEquals("features", assembler.getOutputCol());
    StandardScaler scaler = (StandardScaler) stages[1];
    assertEquals("features", scaler.getInputCol());
    assertTrue(scaler.getWithMean() && scaler.getWithStd());
    Activation activation = (Activation) stages[2];
    assertEquals("leaky_relu", activation.getFunction());
    assertEquals(0.2, activation.getAlpha());
    assertEquals("features_scaled", activation.getInputCol());
    MultilayerPerceptronClassifier mlp = (MultilayerPerceptronClassifier) stages[3];
    assertArrayEquals(new int[] {3, 5, 4, 3}, mlp.getLayers());
    assertEquals("features_activated", mlp.getFeaturesCol());
    assertEquals(30, mlp.getMaxIter());
    assertEquals(7L, mlp.getSeed());
    assertEquals(1e-4, mlp.getTol());
  }

  @Test
  void aVectorColumnWithoutStandardisationGoesStraightToTheActivation() {
    PerceptronSpec spec = new PerceptronSpec().setFeaturesCol("vec").setStandardize(false).setActivation("tanh");
    PipelineStage[] stages = PerceptronPipelines.build(spec, clusters).getStages();
    assertEquals(2, stages.length);
    Activation activation = (Activation) stages[0];
    assertEquals("vec", activation.getInputCol());
    assertEquals("vec_activated", activation.getOutputCol());
    assertFalse(activation.isSet(activation.alpha()), "no alpha set: the function's default applies");
    assertArrayEquals(new int[] {3, 64, 3}, ((MultilayerPerceptronClassifier) stages[1]).getLayers());
  }

  @Test
  void theFittedPipelineSeparatesClustersAndSurvivesSaveAndLoad() throws Exception {
    Pipeline pipeline = PerceptronPipelines.build(columns().setActivation("elu"), clusters);
    PipelineModel model = pipeline.fit(clusters);
    Dataset<Row> predicted = model.transform(clusters);
    // The clusters are 8 standard deviations apart: a working pipeline gets (almost) all right.
    long right = predicted.where(col("prediction").equalTo(col("label"))).count();
    assertTrue(right >= 57, right + " of 60 right");
    MultilayerPerceptronClassificationModel mlp = (MultilayerPerceptronClassificationModel) model.stages()[3];
    assertEquals(3, mlp.numFeatures());
    assertEquals(3, mlp.numClasses());

    String path = TestSpark.tempDir("perceptron-pipeline").resolve("model").toString();
    model.write().save(path);
    Dataset<Row> reloaded = PipelineModel.load(path).transform(clusters);
    RowAssertions.assertSameRows(predicted.select("id", "prediction", "probability"),
        reloaded.select("id", "prediction", "probability"));
  }

  // --- refused specs and data --------------------------------------------------------------------

  private static String refused(PerceptronSpec spec, Dataset<Row> data) {
    return assertThrows(IllegalArgumentException.class, () -> PerceptronPipelines.build(spec, data)).getMessage();
  }

  private static void assertMentions(String message, String... parts) {
    for (String p : parts) {
      assertTrue(message.contains(p), "'" + message + "' should mention '" + p + "'");
    }
  }

  @Test
  void aSpecWithoutFeaturesOrWithBothIsRefused() {
    assertMentions(refused(new PerceptronSpec(), clusters), "neither featuresCol nor featureCols");
    assertMentions(refused(new PerceptronSpec().setFeaturesCol("vec").setFeatureCols("x0"), clusters),
        "both featuresCol ('vec') and featureCols [x0]", "exactly one");
    assertMentions(refused(new PerceptronSpec().setFeatureCols(), clusters), "featureCols is empty");
  }

  @Test
  void everyProblemOfASpecIsListed() {
    String m = refused(columns().setActivation("swish").setHiddenLayers(8, 0).setMaxIter(0).setTol(-1), clusters);
    assertMentions(m, "activation 'swish' is unknown", "relu, leaky_relu", "hiddenLayers [8, 0]",
        "size 0", "maxIter is 0", "tol is -1.0");
    assertMentions(refused(columns().setActivation("celu").setAlpha(0.0), clusters), "celu must not be 0");
    assertMentions(refused(columns().setActivation("elu").setAlpha(Double.NaN), clusters), "must be finite", "NaN");
  }

  @Test
  void missingOrMistypedColumnsAreNamed() {
    assertMentions(refused(columns().setFeatureCols("x0", "nope"), clusters),
        "feature column 'nope' does not exist", "x0, x1, x2");
    assertMentions(refused(new PerceptronSpec().setFeaturesCol("x0"), clusters),
        "'x0' has type double", "must be a vector");
    assertMentions(refused(columns().setLabelCol("target"), clusters), "label column 'target' does not exist");
    Dataset<Row> named = clusters.withColumn("label", col("label").cast("string"));
    assertMentions(refused(columns(), named), "'label' has type string", "StringIndexer");
    Dataset<Row> withText = clusters.withColumn("word", lit("a"));
    assertMentions(refused(columns().setFeatureCols("x0", "word"), withText), "'word' has type string");
  }

  @Test
  void labelsThatAreNotClassIndicesAreRefused() {
    assertMentions(refused(columns(), clusters.withColumn("label", col("label").plus(0.5))),
        "not whole numbers", "min 0.5, max 2.5");
    assertMentions(refused(columns(), clusters.withColumn("label", col("label").minus(1))),
        "negative labels (min -1.0)");
    assertMentions(refused(columns(), clusters.withColumn("label",
        when(col("id").equalTo(3L), lit(null).cast("double")).otherwise(col("label")))), "1 null labels");
    assertMentions(refused(columns(), clusters.withColumn("label", lit(0.0))), "only class 0");
    assertMentions(refused(columns(), clusters.where(col("id").lt(0L))), "no rows");
  }

  @Test
  void columnsThePipelineWritesMustNotExist() {
    assertMentions(refused(columns(), clusters.withColumn("features", col("vec"))), "'features' already exists");
    assertMentions(refused(new PerceptronSpec().setFeaturesCol("vec"), clusters.withColumn("vec_scaled", col("vec"))),
        "'vec_scaled' already exists");
    assertMentions(refused(columns(), clusters.withColumn("prediction", lit(1.0))), "'prediction' already exists");
  }

  @Test
  void vectorsOfDifferentSizesWithoutMetadataAreRefused() {
    StructType schema = new StructType(new StructField[] {
        new StructField("v", SQLDataTypes.VectorType(), true, Metadata.empty()),
        new StructField("label", DataTypes.DoubleType, false, Metadata.empty())});
    List<Row> rows = Arrays.asList(RowFactory.create(Vectors.dense(1, 2), 0.0),
        RowFactory.create(Vectors.sparse(3, new int[] {0}, new double[] {1}), 1.0));
    Dataset<Row> ragged = spark.createDataFrame(rows, schema);
    assertMentions(refused(new PerceptronSpec().setFeaturesCol("v"), ragged), "different sizes (2 to 3)");
  }
}
