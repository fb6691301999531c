package sparkactivations.pipelines.network;

import java.io.Serializable;

/**
 * Up to {@code blockSize} training rows stacked column by column: row {@code r}'s features are
 * {@code features[r * dim .. (r + 1) * dim)}, so the block is the {@code dim x rows} column-major
 * matrix the layer products take. {@code rowKeys} identify rows by content, for sampling that
 * does not depend on how the data is partitioned.
 */
public final class StackedBlock implements Serializable {

  private static final long serialVersionUID = 1L;

  public final int rows;
  public final int dim;
  public final double[] features;
  public final int[] labels;
  public final long[] rowKeys;

  public StackedBlock(int rows, int dim, double[] features, int[] labels, long[] rowKeys) {
    this.rows = rows;
    this.dim = dim;
    this.features = features;
    this.labels = labels;
    this.rowKeys = rowKeys;
  }
}
