package sparkactivations.pipelines;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.attribute.NominalAttribute;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import sparkactivations.transformers.Activation;

/**
 * Builds the standard pipeline from a {@link PerceptronSpec}:
 * {@code [VectorAssembler] -> [StandardScaler] -> Activation -> classifier}. The classifier's
 * input layer is the feature vector's size (from the columns' vector size metadata, or the
 * number of assembled numeric columns, or, when no metadata says, one pass over the data) and its
 * output layer the number of label classes (from the label's nominal metadata or the largest
 * label + 1). Labels must be class indices 0, 1, ...; use {@code StringIndexer} for other labels.
 *
 * <p>Intermediate columns: {@code features} when columns are assembled, then
 * {@code <features>_scaled} and {@code <features>_activated}.
 */
public final class PerceptronPipelines {

  /** Name of the vector column that {@code VectorAssembler} writes when feature columns are given. */
  public static final String ASSEMBLED_COL = "features";

  private PerceptronPipelines() {}

  /**
   * The unfitted pipeline for {@code spec}, with layer sizes taken from {@code data}.
   *
   * @throws IllegalArgumentException for an invalid spec, a missing or mistyped column, labels
   *     that are not class indices, or an intermediate column that exists already
   */
  public static Pipeline build(PerceptronSpec spec, Dataset<?> data) {
    return build(spec, layers(spec, data), data.schema());
  }

  /** The full layer sizes for {@code spec} on {@code data}: input, hidden layers, classes. */
  public static int[] layers(PerceptronSpec spec, Dataset<?> data) {
    spec.validate();
    checkColumns(spec, data.schema());
    int[] hidden = spec.getHiddenLayers();
    int[] layers = new int[hidden.length + 2];
    layers[0] = inputSize(spec, data);
    System.arraycopy(hidden, 0, layers, 1, hidden.length);
    layers[layers.length - 1] = numClasses(spec, data);
    return layers;
  }

  /** The size of the feature vector the classifier sees. */
  public static int inputSize(PerceptronSpec spec, Dataset<?> data) {
    spec.validate();
    checkColumns(spec, data.schema());
    if (spec.getFeaturesCol() != null) {
      return vectorSize(data, spec.getFeaturesCol());
    }
    int size = 0;
    for (String c : spec.getFeatureCols()) {
      size += data.schema().apply(c).dataType() instanceof VectorUDT ? vectorSize(data, c) : 1;
    }
    return size;
  }

  /**
   * The number of label classes: the label's nominal metadata when it has some, else the largest
   * label + 1.
   *
   * @throws IllegalArgumentException when a label is null, negative, not a whole number, or when
   *     there are fewer than two classes
   */
  public static int numClasses(PerceptronSpec spec, Dataset<?> data) {
    String name = spec.getLabelCol();
    StructField field = field(data.schema(), name, "label column");
    if (!(field.dataType() instanceof NumericType)) {
      throw new IllegalArgumentException("Label column '" + name + "' has type " + field.dataType().simpleString()
          + "; it must be numeric class indices 0, 1, ... (use StringIndexer for other labels).");
    }
    Column label = col(quote(name)).cast(DataTypes.DoubleType);
    Row stats = data.agg(
        count(lit(1)),
        count(label),
        min(label),
        max(label),
        sum(when(isnan(label).or(label.notEqual(floor(label))), 1).otherwise(0))).head();
    long rows = stats.getLong(0);
    long nonNull = stats.getLong(1);
    if (rows == 0) {
      throw new IllegalArgumentException("Label column '" + name + "': the data set has no rows.");
    }
    if (nonNull < rows) {
      throw new IllegalArgumentException("Label column '" + name + "' has " + (rows - nonNull)
          + " null labels; every row needs a class index 0, 1, ...");
    }
    long nonIntegral = stats.getLong(4);
    double lo = stats.getDouble(2);
    double hi = stats.getDouble(3);
    if (nonIntegral > 0 || Double.isInfinite(hi) || Double.isInfinite(lo)) {
      throw new IllegalArgumentException("Label column '" + name + "' has " + Math.max(nonIntegral, 1)
          + " labels that are not whole numbers (min " + lo + ", max " + hi
          + "); it must hold class indices 0, 1, ... (use StringIndexer for other labels).");
    }
    if (lo < 0) {
      throw new IllegalArgumentException("Label column '" + name + "' has negative labels (min " + lo
          + "); class indices start at 0.");
    }
    if (hi >= Integer.MAX_VALUE) {
      throw new IllegalArgumentException("Label column '" + name + "' has label " + hi
          + ", too large for a class index.");
    }
    int classes = (int) hi + 1;
    Attribute attr = Attribute.fromStructField(field);
    if (attr instanceof NominalAttribute && ((NominalAttribute) attr).getNumValues().isDefined()) {
      int declared = (Integer) ((NominalAttribute) attr).getNumValues().get();
      if (classes > declared) {
        throw new IllegalArgumentException("Label column '" + name + "' declares " + declared
            + " classes in its metadata but holds label " + hi + ".");
      }
      classes = declared;
    }
    if (classes < 2) {
      throw new IllegalArgumentException("Label column '" + name + "' has only class 0; a classifier needs at least two classes.");
    }
    return classes;
  }

  /** The pipeline for {@code spec} with the given full layer sizes, checked against {@code schema}. */
  static Pipeline build(PerceptronSpec spec, int[] layers, StructType schema) {
    spec.validate();
    checkColumns(spec, schema);
    Columns cols = Columns.of(spec);
    List<String> taken = new ArrayList<>(Arrays.asList(schema.fieldNames()));
    List<PipelineStage> stages = new ArrayList<>();
    if (spec.getFeatureCols() != null) {
      requireNew(taken, cols.features);
      stages.add(new VectorAssembler().setInputCols(spec.getFeatureCols()).setOutputCol(cols.features));
    }
    String current = cols.features;
    if (spec.getStandardize()) {
      requireNew(taken, cols.scaled);
      stages.add(new StandardScaler().setInputCol(current).setOutputCol(cols.scaled)
          .setWithMean(spec.getCenter()).setWithStd(true));
      current = cols.scaled;
    }
    requireNew(taken, cols.activated);
    Activation activation = new Activation().setFunction(spec.getActivation())
        .setInputCol(current).setOutputCol(cols.activated);
    if (spec.hasAlpha()) {
      activation.setAlpha(spec.getAlpha());
    }
    stages.add(activation);
    requireNew(taken, spec.getPredictionCol());
    stages.add(classifier(spec, layers, cols.activated));
    return new Pipeline().setStages(stages.toArray(new PipelineStage[0]));
  }

  private static PipelineStage classifier(PerceptronSpec spec, int[] layers, String featuresCol) {
    switch (spec.getClassifier()) {
      case MULTILAYER_PERCEPTRON:
        return new MultilayerPerceptronClassifier()
            .setLayers(layers)
            .setMaxIter(spec.getMaxIter())
            .setTol(spec.getTol())
            .setSeed(spec.getSeed())
            .setFeaturesCol(featuresCol)
            .setLabelCol(spec.getLabelCol())
            .setPredictionCol(spec.getPredictionCol());
      default:
        throw new IllegalArgumentException("Unsupported classifier " + spec.getClassifier());
    }
  }

  private static void checkColumns(PerceptronSpec spec, StructType schema) {
    if (spec.getFeaturesCol() != null) {
      StructField f = field(schema, spec.getFeaturesCol(), "features column");
      if (!(f.dataType() instanceof VectorUDT)) {
        throw new IllegalArgumentException("Features column '" + f.name() + "' has type "
            + f.dataType().simpleString() + "; it must be a vector (use featureCols for numeric columns).");
      }
    } else {
      for (String c : spec.getFeatureCols()) {
        StructField f = field(schema, c, "feature column");
        if (!(f.dataType() instanceof NumericType) && !(f.dataType() instanceof VectorUDT)) {
          throw new IllegalArgumentException("Feature column '" + c + "' has type " + f.dataType().simpleString()
              + "; feature columns must be numeric or vectors.");
        }
      }
    }
    field(schema, spec.getLabelCol(), "label column");
  }

  private static StructField field(StructType schema, String name, String what) {
    if (!Arrays.asList(schema.fieldNames()).contains(name)) {
      throw new IllegalArgumentException("The " + what + " '" + name + "' does not exist. Available columns: "
          + String.join(", ", schema.fieldNames()) + ".");
    }
    return schema.apply(name);
  }

  private static void requireNew(List<String> taken, String name) {
    if (taken.contains(name)) {
      throw new IllegalArgumentException("Column '" + name + "' already exists, but the pipeline writes it; "
          + "rename or drop it first.");
    }
    taken.add(name);
  }

  /** The size metadata of a vector column, or one pass over the data when it has none. */
  private static int vectorSize(Dataset<?> data, String name) {
    int size = AttributeGroup.fromStructField(data.schema().apply(name)).size();
    if (size >= 0) {
      return size;
    }
    Column sizes = functions.udf((UDF1<Vector, Integer>) v -> v == null ? null : v.size(), DataTypes.IntegerType)
        .apply(col(quote(name)));
    Row r = data.agg(min(sizes), max(sizes)).head();
    if (r.isNullAt(0)) {
      throw new IllegalArgumentException("Features column '" + name
          + "' has no size metadata and no non-null vector to take the size from.");
    }
    if (r.getInt(0) != r.getInt(1)) {
      throw new IllegalArgumentException("Features column '" + name + "' holds vectors of different sizes ("
          + r.getInt(0) + " to " + r.getInt(1) + "); the classifier needs one input size.");
    }
    return r.getInt(0);
  }

  private static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  /** The vector columns the pipeline reads and writes. */
  private static final class Columns {
    final String features;
    final String scaled;
    final String activated;

    private Columns(String features) {
      this.features = features;
      this.scaled = features + "_scaled";
      this.activated = features + "_activated";
    }

    static Columns of(PerceptronSpec spec) {
      return new Columns(spec.getFeaturesCol() != null ? spec.getFeaturesCol() : ASSEMBLED_COL);
    }
  }
}
