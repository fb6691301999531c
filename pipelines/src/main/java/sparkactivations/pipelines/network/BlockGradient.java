package sparkactivations.pipelines.network;

import dev.ludovic.netlib.blas.BLAS;

/**
 * Forward and backward pass of the network over {@link StackedBlock}s, the layer products done
 * by BLAS {@code dgemm} on whole blocks. One instance per task: it owns the buffers, sized for
 * the largest block it has seen. The loss on the output layer is an {@link OutputLoss}.
 *
 * <p>Results are added to an accumulator laid out as {@code [gradient (numParams), loss sum,
 * weight sum]}; the gradient and loss are sums over rows of the row's weight times its loss, not
 * yet divided by the weight sum.
 */
public final class BlockGradient {

  private final NetworkTopology net;
  private final OutputLoss loss;
  private final BLAS blas = BLAS.getInstance();
  private final int last;
  private double[][] z;
  private double[][] a;
  private double[][] delta;
  private int capacity;
  /** For the dead-unit pass: per hidden layer, per unit, whether any output was non-zero. */
  private boolean[][] alive;

  public BlockGradient(NetworkTopology net, OutputLoss loss) {
    this.net = net;
    this.loss = loss;
    this.last = net.numLayers() - 1;
  }

  /** Index of the loss sum in an accumulator. */
  public static int lossIndex(NetworkTopology net) {
    return net.numParams();
  }

  /** Index of the weight sum (the row count when every weight is 1) in an accumulator. */
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
    acc[lossIndex(net)] += outputLoss(block);
    acc[countIndex(net)] += weightSum(block);
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
  }

  /** Loss of {@code block} at {@code params} (no gradient), added to {@code acc}. */
  public void addLoss(StackedBlock block, double[] params, double[] acc) {
    forward(block.features, block.rows, params);
    acc[lossIndex(net)] += outputLoss(block);
    acc[countIndex(net)] += weightSum(block);
  }

  /** The weighted loss of the rows of the block just forwarded; {@code delta[last]} set. */
  private double outputLoss(StackedBlock block) {
    int k = net.outputSize();
    double[] zl = z[last];
    double[] d = delta[last];
    double sum = 0.0;
    for (int r = 0; r < block.rows; r++) {
      sum += loss.row(zl, d, r * k, k, block.labels[r], block.weights[r]);
    }
    return sum;
  }

  private static double weightSum(StackedBlock block) {
    double sum = 0.0;
    for (int r = 0; r < block.rows; r++) {
      sum += block.weights[r];
    }
    return sum;
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
    double[] y = new double[n];
    double[] w = new double[n];
    long[] keys = new long[n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(block.features, chosen[i] * dim, x, i * dim, dim);
      y[i] = block.labels[chosen[i]];
      w[i] = block.weights[chosen[i]];
      keys[i] = block.rowKeys[chosen[i]];
    }
    add(new StackedBlock(n, dim, x, y, w, keys, block.validation), params, acc);
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
}
