package sparkactivations.pipelines.network;

import java.io.Serializable;

/**
 * Up to {@code blockSize} training rows stacked column by column: row {@code r}'s features are
 * {@code features[r * dim .. (r + 1) * dim)}, so the block is the {@code dim x rows} column-major
 * matrix the layer products take. Labels are class indices (as doubles) or regression targets;
 * each row has a weight. {@code rowKeys} identify rows by content, for sampling that does not
 * depend on how the data is partitioned. A block holds training rows, or only held-out
 * validation rows.
 */
public final class StackedBlock implements Serializable {

  private static final long serialVersionUID = 2L;

  public final int rows;
  public final int dim;
  public final double[] features;
  public final double[] labels;
  public final double[] weights;
  public final long[] rowKeys;
  public final boolean validation;

  public StackedBlock(int rows, int dim, double[] features, double[] labels, double[] weights, long[] rowKeys,
      boolean validation) {
    this.rows = rows;
    this.dim = dim;
    this.features = features;
    this.labels = labels;
    this.weights = weights;
    this.rowKeys = rowKeys;
    this.validation = validation;
  }
}
