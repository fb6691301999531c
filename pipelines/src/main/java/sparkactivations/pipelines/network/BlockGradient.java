package sparkactivations.pipelines.network;

import dev.ludovic.netlib.blas.BLAS;

/**
 * Forward and backward pass of the network over {@link StackedBlock}s, the layer products done
 * by BLAS {@code dgemm} on whole blocks. One instance per task: it owns the buffers, sized for
 * the largest block it has seen. Softmax output with cross-entropy loss.
 *
 * <p>Results are added to an accumulator laid out as {@code [gradient (numParams), loss sum,
 * row count]}; the gradient and loss are sums over rows, not yet divided by the row count.
 */
public final class BlockGradient {

  private final NetworkTopology net;
  private final BLAS blas = BLAS.getInstance();
  private final int last;
  private double[][] z;
  private double[][] a;
  private double[][] delta;
  private int capacity;
  /** For the dead-unit pass: per hidden layer, per unit, whether any output was non-zero. */
  private boolean[][] alive;

  public BlockGradient(NetworkTopology net) {
    this.net = net;
    this.last = net.numLayers() - 1;
  }

  /** Index of the loss sum in an accumulator. */
  public static int lossIndex(NetworkTopology net) {
    return net.numParams();
  }

  /** Index of the row count in an accumulator. */
  public static int countIndex(NetworkTopology net) {
    return net.numParams() + 1;
  }

  public static double[] newAccumulator(NetworkTopology net) {
    return new double[net.numParams() + 2];
  }

  private void ensureCapacity(int rows) {
    if (rows <= capacity) {
      return;
    }
    z = new double[last + 1][];
    a = new double[last + 1][];
    delta = new double[last + 1][];
    for (int l = 1; l <= last; l++) {
      z[l] = new double[net.size(l) * rows];
      a[l] = new double[net.size(l) * rows];
      delta[l] = new double[net.size(l) * rows];
    }
    capacity = rows;
  }

  /** Loss and gradient of {@code block} at {@code params}, added to {@code acc}. */
  public void add(StackedBlock block, double[] params, double[] acc) {
    int rows = block.rows;
    forward(block.features, rows, params);
    double[] p = a[last];
    double[] d = delta[last];
    int k = net.outputSize();
    double loss = 0.0;
    for (int r = 0; r < rows; r++) {
      int col = r * k;
      int y = block.labels[r];
      loss += softmaxCrossEntropy(z[last], p, col, k, y);
      for (int j = 0; j < k; j++) {
        d[col + j] = p[col + j];
      }
      d[col + y] -= 1.0;
    }
    for (int l = last; l >= 1; l--) {
      double[] in = l == 1 ? block.features : a[l - 1];
      int out = net.size(l);
      int inSize = net.size(l - 1);
      // dW_l += delta_l * in^T
      blas.dgemm("N", "T", out, inSize, rows, 1.0, delta[l], 0, out, in, 0, inSize, 1.0, acc, net.weightOffset(l), out);
      int b = net.biasOffset(l);
      double[] dl = delta[l];
      for (int r = 0; r < rows; r++) {
        int col = r * out;
        for (int j = 0; j < out; j++) {
          acc[b + j] += dl[col + j];
        }
      }
      if (l > 1) {
        // dLoss/da_{l-1} = W_l^T * delta_l, then through the activation.
        blas.dgemm("T", "N", inSize, rows, out, 1.0, params, net.weightOffset(l), out, dl, 0, out, 0.0,
            delta[l - 1], 0, inSize);
        net.backward(l - 1, z[l - 1], delta[l - 1], rows, params, acc);
      }
    }
    acc[lossIndex(net)] += loss;
    acc[countIndex(net)] += rows;
  }

  /**
   * Loss and gradient of the rows of {@code block} that a mini-batch draw selects: row key mixed
   * with {@code draw} below {@code fraction}. The choice depends on row content only.
   */
  public void addSample(StackedBlock block, double fraction, long draw, double[] params, double[] acc) {
    int n = 0;
    int[] chosen = new int[block.rows];
    for (int r = 0; r < block.rows; r++) {
      if (selected(block.rowKeys[r], draw, fraction)) {
        chosen[n++] = r;
      }
    }
    if (n == 0) {
      return;
    }
    if (n == block.rows) {
      add(block, params, acc);
      return;
    }
    int dim = block.dim;
    double[] x = new double[n * dim];
    int[] y = new int[n];
    long[] keys = new long[n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(block.features, chosen[i] * dim, x, i * dim, dim);
      y[i] = block.labels[chosen[i]];
      keys[i] = block.rowKeys[chosen[i]];
    }
    add(new StackedBlock(n, dim, x, y, keys), params, acc);
  }

  public static boolean selected(long rowKey, long draw, double fraction) {
    long h = TrainingRowStacker.mix(rowKey ^ TrainingRowStacker.mix(draw));
    double u = (h >>> 11) * 0x1.0p-53;
    return u < fraction;
  }

  /** Records which hidden units give a non-zero output on some row of {@code block}. */
  public void markAlive(StackedBlock block, double[] params) {
    if (alive == null) {
      alive = new boolean[last][];
      for (int h = 1; h < last; h++) {
        alive[h] = new boolean[net.size(h)];
      }
    }
    forward(block.features, block.rows, params);
    for (int h = 1; h < last; h++) {
      int units = net.size(h);
      double[] ah = a[h];
      boolean[] flags = alive[h];
      for (int r = 0; r < block.rows; r++) {
        for (int j = 0; j < units; j++) {
          if (ah[r * units + j] != 0.0) {
            flags[j] = true;
          }
        }
      }
    }
  }

  /** Per hidden layer, per unit: 1 when the unit was non-zero on some row so far, else 0. */
  public double[][] aliveFlags() {
    double[][] out = new double[last][];
    for (int h = 1; h < last; h++) {
      out[h] = new double[net.size(h)];
      for (int j = 0; j < out[h].length; j++) {
        out[h][j] = alive != null && alive[h][j] ? 1.0 : 0.0;
      }
    }
    out[0] = new double[0];
    return out;
  }

  private void forward(double[] x, int rows, double[] params) {
    ensureCapacity(rows);
    for (int l = 1; l <= last; l++) {
      double[] in = l == 1 ? x : a[l - 1];
      int out = net.size(l);
      double[] zl = z[l];
      int b = net.biasOffset(l);
      for (int r = 0; r < rows; r++) {
        System.arraycopy(params, b, zl, r * out, out);
      }
      blas.dgemm("N", "N", out, rows, net.size(l - 1), 1.0, params, net.weightOffset(l), out, in, 0,
          net.size(l - 1), 1.0, zl, 0, out);
      if (l < last) {
        net.activate(l, zl, a[l], rows, params);
      }
    }
  }

  /**
   * Writes the softmax of {@code z[col .. col+k)} to {@code p} and returns {@code -log p[y]},
   * computed as {@code logsumexp(z) - z[y]} so that it stays finite for large logits.
   */
  public static double softmaxCrossEntropy(double[] z, double[] p, int col, int k, int y) {
    double max = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < k; j++) {
      max = Math.max(max, z[col + j]);
    }
    double sum = 0.0;
    for (int j = 0; j < k; j++) {
      double e = Math.exp(z[col + j] - max);
      p[col + j] = e;
      sum += e;
    }
    for (int j = 0; j < k; j++) {
      p[col + j] /= sum;
    }
    return Math.log(sum) + max - z[col + y];
  }
}
