package sparkactivations.functions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
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
        Vectors.sparse(200, IntStream.range(0, 70).map(i -> 2 * i).toArray(),
            IntStream.range(0, 70).mapToDouble(i -> i - 35.5).toArray())};
    for (Vector v : vectors) {
      UnsafeRow mine = v instanceof SparseVector
          ? InternalActivation.vectorRow((byte) 0, v.size(), ((SparseVector) v).indices().clone(),
              ((SparseVector) v).values().clone(), ((SparseVector) v).numActives())
          : InternalActivation.vectorRow((byte) 1, 0, null, v.toArray().clone(), v.size());
      assertEquals(sparkWritten(v), mine, v.toString());
      assertEquals(v, UDT.deserialize(mine));
    }
  }

  /** The struct Spark writes for {@code v}, left inside the row that holds it (at an offset in its bytes). */
  private static UnsafeRow sparkWrittenInside(Vector v) {
    UnsafeRow outer = ((UnsafeRow) WRITER.apply(new GenericInternalRow(new Object[] {UDT.serialize(v)}))).copy();
    return outer.getStruct(0, 4);
  }

  /** The vector {@code f} makes of {@code v}, computed on Vector objects with the kernel. */
  private static Vector expected(Vector v, ActivationFunction f, double alpha) {
    if (v instanceof SparseVector && f.mapsZeroToZero()) {
      SparseVector sv = (SparseVector) v;
      List<Integer> idx = new ArrayList<>();
      List<Double> vals = new ArrayList<>();
      for (int k = 0; k < sv.indices().length; k++) {
        double y = f.value(sv.values()[k], alpha);
        if (Double.doubleToRawLongBits(y) != 0L) {
          idx.add(sv.indices()[k]);
          vals.add(y);
        }
      }
      return Vectors.sparse(sv.size(), idx.stream().mapToInt(Integer::intValue).toArray(),
          vals.stream().mapToDouble(Double::doubleValue).toArray());
    }
    double[] out = v.toArray().clone();
    for (int i = 0; i < out.length; i++) {
      out[i] = f.value(out[i], alpha);
    }
    return Vectors.dense(out);
  }

  /**
   * Sparse vectors whose activation drops none, some or all entries, with more than 64 entries
   * (so that the arrays' null-bit headers shrink when entries go), odd and even counts kept, and
   * signed zeros and NaN among the values.
   */
  @Test
  void sparseAndDenseRowsReadInPlaceAreSparksRows() {
    Random rnd = new Random(5);
    List<Vector> vectors = new ArrayList<>();
    for (int n : new int[] {0, 1, 2, 3, 7, 63, 64, 65, 70, 129, 200}) {
      for (double negativeShare : new double[] {0.0, 0.1, 0.5, 0.9, 1.0}) {
        int[] idx = IntStream.range(0, n).map(i -> 3 * i + 1).toArray();
        double[] vals = new double[n];
        for (int k = 0; k < n; k++) {
          double m = 0.1 + rnd.nextDouble() * 3;
          vals[k] = rnd.nextDouble() < negativeShare ? -m : m;
        }
        if (n > 4) {
          vals[1] = -0.0;
          vals[2] = 0.0;
          vals[3] = Double.NaN;
        }
        vectors.add(Vectors.sparse(3 * n + 2, idx, vals));
        vectors.add(Vectors.dense(vals));
      }
    }
    for (ActivationFunction f : ActivationFunction.values()) {
      double alpha = f.defaultAlpha();
      for (Vector v : vectors) {
        Vector want = expected(v, f, alpha);
        for (UnsafeRow in : new UnsafeRow[] {sparkWritten(v), sparkWrittenInside(v)}) {
          InternalRow got = InternalActivation.vector(in, f, alpha);
          assertEquals(sparkWritten(want), got, f + " on " + v);
          assertArrayEquals(want.toArray(), UDT.deserialize(got).toArray(), f + " on " + v);
        }
      }
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

  /**
   * elu, selu and celu work in arrays the thread keeps from row to row, up to a size: vectors
   * growing, longer than what is kept, and shorter again all give the per-value kernel's bits.
   */
  @Test
  void exponentialUnitsOnVectorsOfChangingLengths() {
    Random rnd = new Random(11);
    for (ActivationFunction f : new ActivationFunction[] {ActivationFunction.ELU, ActivationFunction.SELU,
        ActivationFunction.CELU}) {
      for (int n : new int[] {3, 500, 20_000, 17, 40_000, 1}) {
        double[] vals = new double[n];
        for (int k = 0; k < n; k++) {
          vals[k] = 4 * rnd.nextGaussian();
        }
        Vector v = Vectors.dense(vals);
        Vector want = expected(v, f, 0.7);
        assertArrayEquals(want.toArray(), UDT.deserialize(InternalActivation.vector(sparkWritten(v), f, 0.7)).toArray(),
            f + " on " + n + " values");
      }
    }
  }
}
