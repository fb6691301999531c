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
  /** The fixed part of a vector's row: its null bits and four 8-byte slots. */
  private static final int FIXED = UnsafeRow.calculateBitSetWidthInBytes(4) + 4 * 8;

  private InternalActivation() {}

  /**
   * {@code f} on every entry of a vector. A sparse vector stays sparse when {@code f(0) = 0}:
   * only its stored values are computed, and entries that become {@code +0.0} are dropped.
   * Otherwise the result is dense.
   */
  public static InternalRow vector(InternalRow v, ActivationFunction f, double alpha) {
    boolean dense = v.getByte(0) == DENSE;
    if (v instanceof UnsafeRow && (dense || f.mapsZeroToZero())) {
      return dense ? unsafeDense((UnsafeRow) v, f, alpha) : unsafeSparse((UnsafeRow) v, f, alpha);
    }
    double[] values = v.getArray(3).toDoubleArray();
    if (dense) {
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
   * A dense vector read from an UnsafeRow, the usual case: a copy of the row's bytes (one
   * allocation that the JIT need not zero first, one memcpy) with the values replaced where they
   * lie. The projection above copies an UnsafeRow in one piece too.
   */
  private static UnsafeRow unsafeDense(UnsafeRow v, ActivationFunction f, double alpha) {
    byte[] buffer = copyOf(v);
    long values = Platform.BYTE_ARRAY_OFFSET + arrayOffset(buffer, 3);
    int n = (int) Platform.getLong(buffer, values);
    applyInPlace(f, buffer, values + UnsafeArrayData.calculateHeaderPortionInBytes(n), n, alpha);
    return rowOver(buffer, buffer.length);
  }

  /**
   * A sparse vector read from an UnsafeRow, for {@code f(0) = 0}, written once: the row is laid
   * out for all n entries, {@code f} computed from the input straight into its values, and the
   * entries that are {@code +0.0} dropped in place; when some are, the values move down to where
   * an array of fewer entries puts them. The bytes are those {@link #vectorRow} writes.
   */
  private static UnsafeRow unsafeSparse(UnsafeRow v, ActivationFunction f, double alpha) {
    Object inBase = v.getBaseObject();
    long inIndices = v.getBaseOffset() + (int) (v.getLong(2) >> 32);
    long inValues = v.getBaseOffset() + (int) (v.getLong(3) >> 32);
    int n = (int) Platform.getLong(inBase, inValues);
    byte[] buffer = new byte[FIXED + arrayBytes(n, 4) + arrayBytes(n, 8)];
    long base = Platform.BYTE_ARRAY_OFFSET;
    long indices = base + FIXED + UnsafeArrayData.calculateHeaderPortionInBytes(n);
    long values = base + FIXED + arrayBytes(n, 4) + UnsafeArrayData.calculateHeaderPortionInBytes(n);
    applyTo(f, inBase, inValues + UnsafeArrayData.calculateHeaderPortionInBytes(n), buffer, values, n, alpha);
    long from = inIndices + UnsafeArrayData.calculateHeaderPortionInBytes(n);
    int kept = 0;
    for (int k = 0; k < n; k++) {
      long bits = Platform.getLong(buffer, values + 8L * k);
      Platform.putInt(buffer, indices + 4L * kept, Platform.getInt(inBase, from + 4L * k));
      Platform.putLong(buffer, values + 8L * kept, bits);
      kept += (int) ((bits | -bits) >>> 63);
    }
    int indicesBytes = arrayBytes(kept, 4);
    int valuesAt = FIXED + indicesBytes;
    if (kept < n) {
      // Fewer entries: a shorter (or equal) null-bit header, fewer indices, and the values start
      // earlier. Every move goes down, so each may overlap its source; whatever lies between the
      // kept data and the new places is cleared, as a fresh writer would leave it.
      long newIndices = base + FIXED + UnsafeArrayData.calculateHeaderPortionInBytes(kept);
      Platform.copyMemory(buffer, indices, buffer, newIndices, 4L * kept);
      long newValues = base + valuesAt + UnsafeArrayData.calculateHeaderPortionInBytes(kept);
      Platform.copyMemory(buffer, values, buffer, newValues, 8L * kept);
      Platform.setMemory(buffer, newIndices + 4L * kept, newValues - (newIndices + 4L * kept), (byte) 0);
    }
    Platform.putLong(buffer, base + FIXED, kept);
    Platform.putLong(buffer, base + valuesAt, kept);
    long slots = base + UnsafeRow.calculateBitSetWidthInBytes(4);
    Platform.putByte(buffer, slots, SPARSE);
    Platform.putInt(buffer, slots + 8, v.getInt(1));
    Platform.putLong(buffer, slots + 16, ((long) FIXED << 32) | indicesBytes);
    int valuesBytes = arrayBytes(kept, 8);
    Platform.putLong(buffer, slots + 24, ((long) valuesAt << 32) | valuesBytes);
    return rowOver(buffer, valuesAt + valuesBytes);
  }

  /** The bytes of an UnsafeRow, copied into an array of their own. */
  private static byte[] copyOf(UnsafeRow v) {
    int n = v.getSizeInBytes();
    Object base = v.getBaseObject();
    if (base instanceof byte[]) {
      // Arrays.copyOfRange allocates without clearing what it copies over at once.
      int from = (int) (v.getBaseOffset() - Platform.BYTE_ARRAY_OFFSET);
      return Arrays.copyOfRange((byte[]) base, from, from + n);
    }
    byte[] copy = new byte[n];
    Platform.copyMemory(base, v.getBaseOffset(), copy, Platform.BYTE_ARRAY_OFFSET, n);
    return copy;
  }

  /** Where field {@code ordinal}'s variable-length data starts in a row of four fields held in {@code bytes}. */
  private static int arrayOffset(byte[] bytes, int ordinal) {
    return (int) (Platform.getLong(bytes, Platform.BYTE_ARRAY_OFFSET + UnsafeRow.calculateBitSetWidthInBytes(4)
        + 8L * ordinal) >> 32);
  }

  private static UnsafeRow rowOver(byte[] buffer, int sizeInBytes) {
    UnsafeRow row = new UnsafeRow(4);
    row.pointTo(buffer, sizeInBytes);
    return row;
  }

  /**
   * A vector's struct as an UnsafeRow, laid out as Spark's UnsafeRowWriter lays it out (null
   * bits, four 8-byte slots, then the arrays), in one allocation: {@code n} entries of
   * {@code values} and, for a sparse vector, of {@code indices}. The projection above copies it
   * in one piece.
   */
  static UnsafeRow vectorRow(byte type, int size, int[] indices, double[] values, int n) {
    int indicesBytes = type == SPARSE ? arrayBytes(n, 4) : 0;
    int valuesBytes = arrayBytes(n, 8);
    byte[] buffer = new byte[FIXED + indicesBytes + valuesBytes];
    long base = Platform.BYTE_ARRAY_OFFSET;
    long slots = base + UnsafeRow.calculateBitSetWidthInBytes(4);
    Platform.putByte(buffer, slots, type);
    if (type == SPARSE) {
      Platform.putInt(buffer, slots + 8, size);
      Platform.putLong(buffer, slots + 16, ((long) FIXED << 32) | indicesBytes);
      writeArray(indices, Platform.INT_ARRAY_OFFSET, 4, n, buffer, base + FIXED);
    } else {
      Platform.putLong(buffer, base, (1L << 1) | (1L << 2));   // size and indices are null
    }
    Platform.putLong(buffer, slots + 24, ((long) (FIXED + indicesBytes) << 32) | valuesBytes);
    writeArray(values, Platform.DOUBLE_ARRAY_OFFSET, 8, n, buffer, base + FIXED + indicesBytes);
    return rowOver(buffer, buffer.length);
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
   * {@link ActivationFunction#apply} does on arrays.
   */
  static void applyInPlace(ActivationFunction f, Object base, long offset, int n, double alpha) {
    applyTo(f, base, offset, base, offset, n, alpha);
  }

  /**
   * Writes {@code f} of the {@code n} doubles at {@code from} in {@code in} to {@code to} in
   * {@code out} (which may be the same place), through one small method per function whose loop
   * has the kernel inlined. Apart, each loop is compiled on its own profile and stays small enough
   * to inline into its caller; in one method with all of them, whether ReLU's loop got inlined
   * and optimised depended on which functions a JVM happened to run first (measured: 60% more CPU
   * time for {@code relu} in some runs of the benchmark). The loops count an int, not an address,
   * which the JIT optimises further: ReLU's loop over 64 values ran several times faster so in a
   * microbenchmark.
   */
  static void applyTo(ActivationFunction f, Object in, long from, Object out, long to, int n, double alpha) {
    switch (f) {
      case RELU: relu(in, from, out, to, n); return;
      case LEAKY_RELU: leakyRelu(in, from, out, to, n, alpha); return;
      case ELU: case SELU: case CELU: exponentialUnit(f, in, from, out, to, n, alpha); return;
      case GELU: gelu(in, from, out, to, n); return;
      case SILU: silu(in, from, out, to, n); return;
      case SOFTPLUS: softplus(in, from, out, to, n); return;
      case RELU6: relu6(in, from, out, to, n); return;
      case SIGMOID: sigmoid(in, from, out, to, n); return;
      case TANH: tanh(in, from, out, to, n); return;
      default: throw new AssertionError(f);
    }
  }

  /** ReLU on the raw bits, branch-free. */
  private static void relu(Object in, long from, Object out, long to, int n) {
    for (int i = 0; i < n; i++) { long o = 8L * i; Platform.putLong(out, to + o, ActivationKernel.reluBits(Platform.getLong(in, from + o))); }
  }

  private static void leakyRelu(Object in, long from, Object out, long to, int n, double alpha) {
    for (int i = 0; i < n; i++) { long o = 8L * i; Platform.putLong(out, to + o, ActivationKernel.leakyReluBits(Platform.getLong(in, from + o), alpha)); }
  }

  /**
   * elu, selu and celu compute a vector in passes over an array (ActivationKernel's elu on arrays
   * says why): two copies cost less than the branches they save. The arrays are the task
   * thread's own, reused from row to row.
   */
  private static void exponentialUnit(ActivationFunction f, Object in, long from, Object out, long to, int n,
      double alpha) {
    Scratch scratch = SCRATCH.get().fit(n);
    double[] values = scratch.values;
    Platform.copyMemory(in, from, values, Platform.DOUBLE_ARRAY_OFFSET, 8L * n);
    if (f == ActivationFunction.ELU) {
      ActivationKernel.elu(values, values, n, alpha, scratch.positions);
    } else if (f == ActivationFunction.SELU) {
      ActivationKernel.selu(values, values, n, scratch.positions);
    } else {
      ActivationKernel.celu(values, values, n, alpha, scratch.positions);
    }
    Platform.copyMemory(values, Platform.DOUBLE_ARRAY_OFFSET, out, to, 8L * n);
  }

  private static void gelu(Object in, long from, Object out, long to, int n) {
    for (int i = 0; i < n; i++) { long o = 8L * i; Platform.putDouble(out, to + o, ActivationKernel.gelu(Platform.getDouble(in, from + o))); }
  }

  private static void silu(Object in, long from, Object out, long to, int n) {
    for (int i = 0; i < n; i++) { long o = 8L * i; Platform.putDouble(out, to + o, ActivationKernel.silu(Platform.getDouble(in, from + o))); }
  }

  private static void softplus(Object in, long from, Object out, long to, int n) {
    for (int i = 0; i < n; i++) { long o = 8L * i; Platform.putDouble(out, to + o, ActivationKernel.softplus(Platform.getDouble(in, from + o))); }
  }

  private static void relu6(Object in, long from, Object out, long to, int n) {
    for (int i = 0; i < n; i++) { long o = 8L * i; Platform.putDouble(out, to + o, ActivationKernel.relu6(Platform.getDouble(in, from + o))); }
  }

  private static void sigmoid(Object in, long from, Object out, long to, int n) {
    for (int i = 0; i < n; i++) { long o = 8L * i; Platform.putDouble(out, to + o, ActivationKernel.sigmoid(Platform.getDouble(in, from + o))); }
  }

  private static void tanh(Object in, long from, Object out, long to, int n) {
    for (int i = 0; i < n; i++) { long o = 8L * i; Platform.putDouble(out, to + o, ActivationKernel.tanh(Platform.getDouble(in, from + o))); }
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

  /** Each thread's working arrays for the passes of elu, selu and celu. */
  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  /**
   * A vector's values and the kernel's lists of positions, grown to the longest vector seen up to
   * {@link #KEPT} values; a longer one gets arrays of its own, so that a thread does not hold on to
   * the space of one huge vector.
   */
  private static final class Scratch {
    static final int KEPT = 1 << 14;

    double[] values = new double[0];
    int[] positions = new int[0];

    Scratch fit(int n) {
      if (n > KEPT) {
        Scratch own = new Scratch();
        own.values = new double[n];
        own.positions = new int[3 * n];
        return own;
      }
      if (values.length < n) {
        int size = Math.min(KEPT, Math.max(n, 2 * values.length));
        values = new double[size];
        positions = new int[3 * size];
      }
      return this;
    }
  }
}
