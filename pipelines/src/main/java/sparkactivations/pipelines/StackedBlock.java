package sparkactivations.pipelines;

import java.io.Serializable;

/**
 * Up to {@code blockSize} training rows stacked column by column: row {@code r}'s features are
 * {@code features[r * dim .. (r + 1) * dim)}, so the block is the {@code dim x rows} column-major
 * matrix the layer products take. {@code rowKeys} identify rows by content, for sampling that
 * does not depend on how the data is partitioned.
 */
final class StackedBlock implements Serializable {

  private static final long serialVersionUID = 1L;

  final int rows;
  final int dim;
  final double[] features;
  final int[] labels;
  final long[] rowKeys;

  StackedBlock(int rows, int dim, double[] features, int[] labels, long[] rowKeys) {
    this.rows = rows;
    this.dim = dim;
    this.features = features;
    this.labels = labels;
    this.rowKeys = rowKeys;
  }
}
