package sparkactivations.pipelines.network;

import java.util.Collections;
import java.util.Iterator;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import sparkactivations.pipelines.optim.DifferentiableObjective;

/**
 * The training objective over the cached training blocks: the weighted mean of the
 * {@link OutputLoss} plus {@code regParam / 2 * ||weights||^2} (biases and slopes not
 * penalised); and the loss on the held-out validation blocks. Each evaluation
 * broadcasts the parameters once, computes per-partition sums of loss and gradient, and combines
 * them with {@code treeAggregate}; the data never leaves the executors.
 */
public final class DistributedObjective implements DifferentiableObjective {

  private final JavaRDD<StackedBlock> blocks;
  private final NetworkTopology net;
  private final OutputLoss loss;
  private final double regParam;
  private final double miniBatchFraction;
  private final JavaSparkContext jsc;

  public DistributedObjective(JavaRDD<StackedBlock> blocks, NetworkTopology net, OutputLoss loss, double regParam,
      double miniBatchFraction) {
    this.blocks = blocks;
    this.net = net;
    this.loss = loss;
    this.regParam = regParam;
    this.miniBatchFraction = miniBatchFraction;
    this.jsc = JavaSparkContext.fromSparkContext(blocks.context());
  }

  @Override
  public double evaluate(double[] x, long draw, double[] grad) {
    double[] sums = sums(x, draw);
    int p = net.numParams();
    double count = sums[BlockGradient.countIndex(net)];
    if (count == 0 && draw < 0) {
      throw new IllegalArgumentException("The training data has no rows (or only rows of weight 0, or only "
          + "held-out validation rows).");
    }
    if (count == 0) {
      // An empty mini-batch: no data term, only the penalty.
      java.util.Arrays.fill(grad, 0.0);
      return addPenalty(x, grad, 0.0);
    }
    for (int i = 0; i < p; i++) {
      grad[i] = sums[i] / count;
    }
    return addPenalty(x, grad, sums[BlockGradient.lossIndex(net)] / count);
  }

  private double addPenalty(double[] x, double[] grad, double loss) {
    if (regParam == 0.0) {
      return loss;
    }
    double sq = 0.0;
    for (int i = 0; i < net.numParams(); i++) {
      if (net.isPenalised(i)) {
        sq += x[i] * x[i];
        grad[i] += regParam * x[i];
      }
    }
    return loss + 0.5 * regParam * sq;
  }

  /** Summed gradient, loss and row count; {@code draw < 0} for all rows. */
  public double[] sums(double[] x, long draw) {
    Broadcast<double[]> bw = jsc.broadcast(x);
    NetworkTopology topology = net;
    OutputLoss outputLoss = loss;
    double fraction = miniBatchFraction;
    try {
      JavaRDD<double[]> partials = blocks.mapPartitions((Iterator<StackedBlock> it) -> {
        double[] params = bw.value();
        BlockGradient g = new BlockGradient(topology, outputLoss);
        double[] acc = BlockGradient.newAccumulator(topology);
        while (it.hasNext()) {
          StackedBlock b = it.next();
          if (b.validation) {
            continue;
          }
          if (draw < 0) {
            g.add(b, params, acc);
          } else {
            g.addSample(b, fraction, draw, params, acc);
          }
        }
        return Collections.singletonList(acc).iterator();
      });
      return partials.treeAggregate(BlockGradient.newAccumulator(net), DistributedObjective::addInto,
          DistributedObjective::addInto, 2);
    } finally {
      bw.destroy();
    }
  }

  /**
   * The weighted mean loss (no penalty) on the validation blocks, and their weight sum:
   * {@code {loss, weight}}.
   */
  public double[] validationLoss(double[] x) {
    Broadcast<double[]> bw = jsc.broadcast(x);
    NetworkTopology topology = net;
    OutputLoss outputLoss = loss;
    try {
      JavaRDD<double[]> partials = blocks.mapPartitions((Iterator<StackedBlock> it) -> {
        BlockGradient g = new BlockGradient(topology, outputLoss);
        double[] acc = BlockGradient.newAccumulator(topology);
        while (it.hasNext()) {
          StackedBlock b = it.next();
          if (b.validation) {
            g.addLoss(b, bw.value(), acc);
          }
        }
        return Collections.singletonList(acc).iterator();
      });
      double[] sums = partials.treeAggregate(BlockGradient.newAccumulator(net), DistributedObjective::addInto,
          DistributedObjective::addInto, 2);
      double weight = sums[BlockGradient.countIndex(net)];
      return new double[] {weight > 0 ? sums[BlockGradient.lossIndex(net)] / weight : Double.NaN, weight};
    } finally {
      bw.destroy();
    }
  }

  /** Per hidden layer, the fraction of units that output exactly zero on every training row. */
  public double[] deadUnitFractions(double[] x) {
    Broadcast<double[]> bw = jsc.broadcast(x);
    NetworkTopology topology = net;
    OutputLoss outputLoss = loss;
    int hidden = net.numLayers() - 2;
    try {
      JavaRDD<double[]> flags = blocks.mapPartitions((Iterator<StackedBlock> it) -> {
        BlockGradient g = new BlockGradient(topology, outputLoss);
        while (it.hasNext()) {
          StackedBlock b = it.next();
          if (!b.validation) {
            g.markAlive(b, bw.value());
          }
        }
        return Collections.singletonList(flatten(g.aliveFlags())).iterator();
      });
      double[] alive = flags.treeAggregate(new double[totalHidden(net)], DistributedObjective::maxInto,
          DistributedObjective::maxInto, 2);
      double[] fractions = new double[hidden];
      int off = 0;
      for (int h = 1; h <= hidden; h++) {
        int units = net.size(h);
        int dead = 0;
        for (int j = 0; j < units; j++) {
          if (alive[off + j] == 0.0) {
            dead++;
          }
        }
        fractions[h - 1] = (double) dead / units;
        off += units;
      }
      return fractions;
    } finally {
      bw.destroy();
    }
  }

  private static int totalHidden(NetworkTopology net) {
    int n = 0;
    for (int h = 1; h < net.numLayers() - 1; h++) {
      n += net.size(h);
    }
    return n;
  }

  private static double[] flatten(double[][] perLayer) {
    int n = 0;
    for (double[] l : perLayer) {
      n += l.length;
    }
    double[] out = new double[n];
    int off = 0;
    for (double[] l : perLayer) {
      System.arraycopy(l, 0, out, off, l.length);
      off += l.length;
    }
    return out;
  }

  private static double[] addInto(double[] acc, double[] other) {
    for (int i = 0; i < acc.length; i++) {
      acc[i] += other[i];
    }
    return acc;
  }

  private static double[] maxInto(double[] acc, double[] other) {
    for (int i = 0; i < acc.length; i++) {
      acc[i] = Math.max(acc[i], other[i]);
    }
    return acc;
  }
}
