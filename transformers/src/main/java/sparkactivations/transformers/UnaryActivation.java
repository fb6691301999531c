package sparkactivations.transformers;

import java.io.Serializable;
import java.util.Collections;
import org.apache.spark.ml.UnaryTransformer;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructType;
import scala.Function1;
import scala.reflect.api.TypeTags;

/**
 * A {@code UnaryTransformer} that applies one activation function to {@code inputCol}, written
 * to {@code outputCol} with the input's type (vector, double, float, array of double or float)
 * and, for vectors, its size metadata. Nulls stay null; no job runs in {@code transform}.
 *
 * @param <T> the concrete stage
 */
public abstract class UnaryActivation<T extends UnaryActivation<T>>
    extends UnaryTransformer<Vector, Vector, T> implements DefaultParamsWritable {

  private static final long serialVersionUID = 1L;
  private static final TypeTags.TypeTag<Vector> VECTOR = SparkBridge.typeTag(Vector.class);
  private final String uid;

  protected UnaryActivation(String uid) {
    // HasInputCol builds its params, reading uid(), before this constructor can set a field.
    super(VECTOR, announceUid(uid));
    this.uid = uid;
    UidDuringConstruction.done();
  }

  private static TypeTags.TypeTag<Vector> announceUid(String uid) {
    UidDuringConstruction.announce(uid);
    return VECTOR;
  }

  @Override
  public String uid() {
    return uid != null ? uid : UidDuringConstruction.pending();
  }

  /** The function this stage applies. */
  protected abstract ActivationFunction activationFunction();

  /** The function's alpha; NaN for a function without one. */
  protected double alphaInForce() {
    return Double.NaN;
  }

  @Override
  public Function1<Vector, Vector> createTransformFunc() {
    ActivationFunction f = activationFunction();
    double alpha = alphaInForce();
    return (Function1<Vector, Vector> & Serializable) v -> ColumnActivation.apply(v, f, alpha);
  }

  @Override
  public DataType outputDataType() {
    return SQLDataTypes.VectorType();
  }

  @Override
  public StructType transformSchema(StructType schema) {
    activationFunction().checkAlpha(alphaInForce());
    return ColumnActivation.transformSchema(schema, Collections.singletonList(getInputCol()),
        Collections.singletonList(getOutputCol()));
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    activationFunction().checkAlpha(alphaInForce());
    return ColumnActivation.transform(dataset, Collections.singletonList(getInputCol()),
        Collections.singletonList(getOutputCol()), activationFunction(), alphaInForce());
  }
}
