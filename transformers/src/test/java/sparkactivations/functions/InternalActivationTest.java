package sparkactivations.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection$;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.types.DataType;
import org.junit.jupiter.api.Test;
import sparkactivations.transformers.ActivationFunction;

/**
 * The vector rows written by hand are byte for byte those Spark's own writer makes, so that equal
 * vectors stay equal for grouping, joins and distinct.
 */
class InternalActivationTest {

  private static final VectorUDT UDT = new VectorUDT();
  private static final UnsafeProjection WRITER = UnsafeProjection$.MODULE$.create(new DataType[] {UDT.sqlType()});

  /** The struct Spark writes for {@code v}. */
  private static UnsafeRow sparkWritten(Vector v) {
    return (UnsafeRow) WRITER.apply(new GenericInternalRow(new Object[] {UDT.serialize(v)})).getStruct(0, 4).copy();
  }

  @Test
  void handWrittenRowsAreSparksRows() {
    Vector[] vectors = {Vectors.dense(1, -2, 3), Vectors.dense(new double[0]), Vectors.sparse(10, new int[] {1, 4},
        new double[] {2, -3}), Vectors.sparse(5, new int[0], new double[0]), Vectors.dense(new double[70]),
        Vectors.sparse(200, java.util.stream.IntStream.range(0, 70).map(i -> 2 * i).toArray(),
            java.util.stream.IntStream.range(0, 70).mapToDouble(i -> i - 35.5).toArray())};
    for (Vector v : vectors) {
      UnsafeRow mine = v instanceof SparseVector
          ? InternalActivation.vectorRow((byte) 0, v.size(), ((SparseVector) v).indices().clone(),
              ((SparseVector) v).values().clone(), ((SparseVector) v).numActives())
          : InternalActivation.vectorRow((byte) 1, 0, null, v.toArray().clone(), v.size());
      assertEquals(sparkWritten(v), mine, v.toString());
      assertEquals(v, UDT.deserialize(mine));
    }
  }

  @Test
  void everyPathGivesSparksRow() {
    Vector sparse = Vectors.sparse(10, new int[] {1, 4, 7}, new double[] {2, -3, 0.5});
    Vector dense = Vectors.dense(1, -2, 3, -0.0);
    for (ActivationFunction f : ActivationFunction.values()) {
      double alpha = f.defaultAlpha();
      for (Vector v : new Vector[] {sparse, dense}) {
        InternalRow fromUnsafe = InternalActivation.vector(sparkWritten(v), f, alpha);
        InternalRow fromGeneric = InternalActivation.vector(UDT.serialize(v), f, alpha);
        Vector expected = UDT.deserialize(fromGeneric);
        assertEquals(sparkWritten(expected), fromUnsafe, f + " on " + v);
        assertEquals(sparkWritten(expected), fromGeneric, f + " on " + v);
      }
    }
  }
}
