package sparkactivations.transformers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.junit.jupiter.api.Test;

/** The vector path on many generated vectors, without Spark: dense and sparse, every function. */
class VectorActivationTest {

  private static final double[] SPECIALS = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
      -0.0, 0.0, 1e-300, -1e-300, 1e300, -1e300};

  @Test
  void everyFunctionHasAReferenceFormula() {
    assertEquals(ActivationFunction.values().length, ReferenceFormulas.size());
  }

  @Test
  void randomVectorsDenseAndSparseAgreeAndMatchTheReference() {
    Random rnd = new Random(2024);
    int vectors = 0;
    for (int trial = 0; trial < 3000; trial++) {
      int size = rnd.nextInt(40);
      double[] dense = new double[size];
      for (int i = 0; i < size; i++) {
        int kind = rnd.nextInt(10);
        dense[i] = kind < 4 ? 0.0 : kind == 9 ? SPECIALS[rnd.nextInt(SPECIALS.length)] : rnd.nextGaussian() * 3;
      }
      SparseVector sparse = (SparseVector) Vectors.dense(dense).toSparse();
      for (ActivationFunction f : ActivationFunction.values()) {
        double alpha = f.usesAlpha() ? 0.05 + rnd.nextDouble() * 2 : Double.NaN;
        Vector fromDense = ColumnActivation.apply(Vectors.dense(dense), f, alpha);
        Vector fromSparse = ColumnActivation.apply(sparse, f, alpha);
        assertTrue(fromDense instanceof DenseVector);
        assertEquals(size, fromDense.size());
        assertEquals(size, fromSparse.size());
        // Bit for bit: the sparse path's unstored zeros are exactly f(0).
        assertArrayEquals(fromDense.toArray(), fromSparse.toArray(), 0.0, f + " " + Arrays.toString(dense));
        for (int i = 0; i < size; i++) {
          double x = dense[i];
          double y = fromDense.apply(i);
          if (Math.abs(x) < 10) {
            assertTrue(ReferenceFormulas.agrees(ReferenceFormulas.value(f.functionName(), x, alpha), y),
                f + "(" + x + ") = " + y);
          } else {
            assertEquals(Double.valueOf(f.value(x, alpha)), Double.valueOf(y));
          }
        }
        if (f.mapsZeroToZero()) {
          assertTrue(fromSparse instanceof SparseVector, f + " keeps sparse vectors sparse");
          SparseVector out = (SparseVector) fromSparse;
          assertTrue(out.numActives() <= sparse.numActives(), "never more stored values than the input");
          assertTrue(Arrays.stream(out.indices()).allMatch(i -> Arrays.binarySearch(sparse.indices(), i) >= 0),
              "only the input's stored positions");
          for (double v : out.values()) {
            assertTrue(Double.doubleToRawLongBits(v) != 0L, "no stored +0.0");
          }
        } else {
          assertTrue(fromSparse instanceof DenseVector, f + " (f(0) != 0) returns dense vectors");
        }
        vectors++;
      }
    }
    assertTrue(vectors > 30000);
  }

  @Test
  void reluOfAMillionWideSparseVectorTouchesOnlyItsValues() {
    Vector v = Vectors.sparse(1_000_000, new int[] {3, 500_000, 999_999}, new double[] {-1.0, 2.5, -0.5});
    SparseVector relu = (SparseVector) ColumnActivation.apply(v, ActivationFunction.RELU, Double.NaN);
    assertEquals(1_000_000, relu.size());
    assertArrayEquals(new int[] {500_000}, relu.indices());
    assertArrayEquals(new double[] {2.5}, relu.values(), 0.0);
    SparseVector elu = (SparseVector) ColumnActivation.apply(v, ActivationFunction.ELU, 1.0);
    assertArrayEquals(new int[] {3, 500_000, 999_999}, elu.indices());
    assertArrayEquals(new double[] {Math.exp(-1) - 1, 2.5, Math.exp(-0.5) - 1}, elu.values(), 1e-15);
  }

  @Test
  void emptyVectors() {
    for (ActivationFunction f : ActivationFunction.values()) {
      double alpha = f.usesAlpha() ? 0.5 : Double.NaN;
      assertEquals(0, ColumnActivation.apply(Vectors.dense(new double[0]), f, alpha).size());
      assertEquals(0, ColumnActivation.apply(Vectors.sparse(0, new int[0], new double[0]), f, alpha).size());
      Vector noValues = ColumnActivation.apply(Vectors.sparse(4, new int[0], new double[0]), f, alpha);
      double f0 = ReferenceFormulas.value(f.functionName(), 0.0, alpha);
      assertArrayEquals(new double[] {f0, f0, f0, f0}, noValues.toArray(), 1e-15, f.functionName());
    }
  }

  @Test
  void inputVectorIsNotModified() {
    double[] values = {-1, 2, -3};
    Vector dense = Vectors.dense(values.clone());
    SparseVector sparse = (SparseVector) Vectors.sparse(5, new int[] {0, 2, 4}, values.clone());
    for (ActivationFunction f : ActivationFunction.values()) {
      ColumnActivation.apply(dense, f, 0.5);
      ColumnActivation.apply(sparse, f, 0.5);
    }
    assertArrayEquals(values, dense.toArray(), 0.0);
    assertArrayEquals(values, sparse.values(), 0.0);
  }
}
