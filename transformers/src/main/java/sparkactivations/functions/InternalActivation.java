package sparkactivations.functions;

import java.util.Arrays;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeArrayData;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.array.ByteArrayMethods;
import sparkactivations.transformers.ActivationFunction;
import sparkactivations.transformers.ActivationKernel;

/**
 * The activations on Spark's internal forms, one row at a time: a vector as VectorUDT stores it
 * (struct&lt;type:tinyint, size:int, indices:array&lt;int&gt;, values:array&lt;double&gt;&gt;) and arrays of
 * doubles or floats, read and written as primitive arrays, with no Vector objects and no boxing.
 * {@link ActivationExpression}'s generated code calls these methods. Not part of the public API.
 */
public final class InternalActivation {

  private static final byte SPARSE = 0;
  private static final byte DENSE = 1;

  private InternalActivation() {}

  /**
   * {@code f} on every entry of a vector. A sparse vector stays sparse when {@code f(0) = 0}:
   * only its stored values are computed, and entries that become {@code +0.0} are dropped.
   * Otherwise the result is dense.
   */
  public static InternalRow vector(InternalRow v, ActivationFunction f, double alpha) {
    if (v.getByte(0) == DENSE && v instanceof UnsafeRow) {
      // The usual case: a copy of the row's bytes (one allocation, one memcpy) with the values
      // replaced where they lie; the projection above copies an UnsafeRow in one piece too.
      UnsafeRow out = ((UnsafeRow) v).copy();
      UnsafeArrayData values = out.getArray(3);
      applyInPlace(f, values.getBaseObject(), values.getBaseOffset() + UnsafeArrayData.calculateHeaderPortionInBytes(
          values.numElements()), values.numElements(), alpha);
      return out;
    }
    double[] values = v.getArray(3).toDoubleArray();
    if (v.getByte(0) == DENSE) {
      f.apply(values, values, values.length, alpha);
      return vectorRow(DENSE, 0, null, values, values.length);
    }
    int size = v.getInt(1);
    int[] indices = v.getArray(2).toIntArray();
    if (!f.mapsZeroToZero()) {
      double[] out = new double[size];
      Arrays.fill(out, f.value(0.0, alpha));
      for (int k = 0; k < indices.length; k++) {
        out[indices[k]] = f.value(values[k], alpha);
      }
      return vectorRow(DENSE, 0, null, out, size);
    }
    int n = values.length;
    f.apply(values, values, n, alpha);
    return vectorRow(SPARSE, size, indices, values, dropPositiveZeros(indices, values, n));
  }

  /**
   * A vector's struct as an UnsafeRow, laid out as Spark's UnsafeRowWriter lays it out (null
   * bits, four 8-byte slots, then the arrays), in one allocation: {@code n} entries of
   * {@code values} and, for a sparse vector, of {@code indices}. The projection above copies it
   * in one piece.
   */
  static UnsafeRow vectorRow(byte type, int size, int[] indices, double[] values, int n) {
    int fixed = UnsafeRow.calculateBitSetWidthInBytes(4) + 4 * 8;
    int indicesBytes = type == SPARSE ? arrayBytes(n, 4) : 0;
    int valuesBytes = arrayBytes(n, 8);
    byte[] buffer = new byte[fixed + indicesBytes + valuesBytes];
    long base = Platform.BYTE_ARRAY_OFFSET;
    long slots = base + UnsafeRow.calculateBitSetWidthInBytes(4);
    Platform.putByte(buffer, slots, type);
    if (type == SPARSE) {
      Platform.putInt(buffer, slots + 8, size);
      Platform.putLong(buffer, slots + 16, ((long) fixed << 32) | indicesBytes);
      writeArray(indices, Platform.INT_ARRAY_OFFSET, 4, n, buffer, base + fixed);
    } else {
      Platform.putLong(buffer, base, (1L << 1) | (1L << 2));   // size and indices are null
    }
    Platform.putLong(buffer, slots + 24, ((long) (fixed + indicesBytes) << 32) | valuesBytes);
    writeArray(values, Platform.DOUBLE_ARRAY_OFFSET, 8, n, buffer, base + fixed + indicesBytes);
    UnsafeRow row = new UnsafeRow(4);
    row.pointTo(buffer, buffer.length);
    return row;
  }

  /** The bytes of an UnsafeArrayData of {@code n} primitives: header, then the values, padded to words. */
  private static int arrayBytes(int n, int elementSize) {
    return UnsafeArrayData.calculateHeaderPortionInBytes(n)
        + (int) ByteArrayMethods.roundNumberOfBytesToNearestWord((long) elementSize * n);
  }

  /** An UnsafeArrayData of {@code n} primitives without nulls, written at {@code at}. */
  private static void writeArray(Object array, long arrayOffset, int elementSize, int n, byte[] buffer, long at) {
    Platform.putLong(buffer, at, n);
    Platform.copyMemory(array, arrayOffset, buffer, at + UnsafeArrayData.calculateHeaderPortionInBytes(n),
        (long) elementSize * n);
  }

  /** {@code f} on every element of an array of doubles; a null element stays null. */
  public static ArrayData doubles(ArrayData a, ActivationFunction f, double alpha) {
    int n = a.numElements();
    boolean nulls = hasNull(a, n);
    if (!nulls && a instanceof UnsafeArrayData) {
      UnsafeArrayData out = ((UnsafeArrayData) a).copy();
      applyInPlace(f, out.getBaseObject(), out.getBaseOffset() + UnsafeArrayData.calculateHeaderPortionInBytes(n),
          n, alpha);
      return out;
    }
    double[] values;
    if (nulls) {
      values = new double[n];
      for (int i = 0; i < n; i++) {
        values[i] = a.isNullAt(i) ? 0.0 : a.getDouble(i);
      }
    } else {
      values = a.toDoubleArray();
    }
    f.apply(values, values, n, alpha);
    UnsafeArrayData out = UnsafeArrayData.fromPrimitiveArray(values);
    return nulls ? withNulls(a, out, n) : out;
  }

  /** {@code f} on every element of an array of floats, computed in double; a null element stays null. */
  public static ArrayData floats(ArrayData a, ActivationFunction f, double alpha) {
    int n = a.numElements();
    boolean nulls = hasNull(a, n);
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = nulls && a.isNullAt(i) ? 0.0 : a.getFloat(i);
    }
    f.apply(values, values, n, alpha);
    float[] narrowed = new float[n];
    for (int i = 0; i < n; i++) {
      narrowed[i] = (float) values[i];
    }
    UnsafeArrayData out = UnsafeArrayData.fromPrimitiveArray(narrowed);
    return nulls ? withNulls(a, out, n) : out;
  }

  /**
   * Drops the entries of {@code values[0..n)} that are {@code +0.0} ({@code -0.0} is kept), with
   * their indices, moving the rest to the front in order; returns how many are kept. No branch per
   * value: the positions of the zeros are as unpredictable as the signs of the inputs, so every
   * entry is written at the next free place, which moves on only for one that is kept.
   */
  public static int dropPositiveZeros(int[] indices, double[] values, int n) {
    int j = 0;
    for (int k = 0; k < n; k++) {
      long bits = Double.doubleToRawLongBits(values[k]);
      indices[j] = indices[k];
      values[j] = values[k];
      j += (int) ((bits | -bits) >>> 63);
    }
    return j;
  }

  /**
   * Replaces the {@code n} doubles at {@code offset} in {@code base} by {@code f} of them, as
   * {@link ActivationFunction#apply} does on arrays: one loop per function, so that the kernel is
   * inlined rather than dispatched per value.
   */
  static void applyInPlace(ActivationFunction f, Object base, long offset, int n, double alpha) {
    long end = offset + 8L * n;
    switch (f) {
      case RELU:
        for (long a = offset; a < end; a += 8) { Platform.putDouble(base, a, ActivationKernel.relu(Platform.getDouble(base, a))); }
        return;
      case LEAKY_RELU:
        for (long a = offset; a < end; a += 8) { Platform.putDouble(base, a, ActivationKernel.leakyRelu(Platform.getDouble(base, a), alpha)); }
        return;
      case ELU:
        for (long a = offset; a < end; a += 8) { Platform.putDouble(base, a, ActivationKernel.elu(Platform.getDouble(base, a), alpha)); }
        return;
      case SELU:
        for (long a = offset; a < end; a += 8) { Platform.putDouble(base, a, ActivationKernel.selu(Platform.getDouble(base, a))); }
        return;
      case CELU:
        for (long a = offset; a < end; a += 8) { Platform.putDouble(base, a, ActivationKernel.celu(Platform.getDouble(base, a), alpha)); }
        return;
      case GELU:
        for (long a = offset; a < end; a += 8) { Platform.putDouble(base, a, ActivationKernel.gelu(Platform.getDouble(base, a))); }
        return;
      case SILU:
        for (long a = offset; a < end; a += 8) { Platform.putDouble(base, a, ActivationKernel.silu(Platform.getDouble(base, a))); }
        return;
      case SOFTPLUS:
        for (long a = offset; a < end; a += 8) { Platform.putDouble(base, a, ActivationKernel.softplus(Platform.getDouble(base, a))); }
        return;
      case RELU6:
        for (long a = offset; a < end; a += 8) { Platform.putDouble(base, a, ActivationKernel.relu6(Platform.getDouble(base, a))); }
        return;
      case SIGMOID:
        for (long a = offset; a < end; a += 8) { Platform.putDouble(base, a, ActivationKernel.sigmoid(Platform.getDouble(base, a))); }
        return;
      case TANH:
        for (long a = offset; a < end; a += 8) { Platform.putDouble(base, a, ActivationKernel.tanh(Platform.getDouble(base, a))); }
        return;
      default:
        throw new AssertionError(f);
    }
  }

  private static boolean hasNull(ArrayData a, int n) {
    for (int i = 0; i < n; i++) {
      if (a.isNullAt(i)) {
        return true;
      }
    }
    return false;
  }

  private static UnsafeArrayData withNulls(ArrayData in, UnsafeArrayData out, int n) {
    for (int i = 0; i < n; i++) {
      if (in.isNullAt(i)) {
        out.setNullAt(i);
      }
    }
    return out;
  }
}
