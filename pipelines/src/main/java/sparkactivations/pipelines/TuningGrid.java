package sparkactivations.pipelines;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import sparkactivations.pipelines.network.NetworkTopology;
import sparkactivations.transformers.ActivationFunction;

/**
 * The candidates {@link PerceptronTuning} tries: every activation function with every hidden
 * layer list, and for functions that take an alpha every alpha. An empty list means the base
 * spec's value. When no alphas are given, a function that takes one uses the base spec's alpha
 * if it sets one, else its own default. Also how candidates are scored: method, folds or train
 * ratio, metric and seed.
 */
public final class TuningGrid implements Serializable {

  private static final long serialVersionUID = 1L;

  private final List<String> activations = new ArrayList<>();
  private final List<Double> alphas = new ArrayList<>();
  private final List<int[]> hiddenLayers = new ArrayList<>();
  private TuningMethod method = TuningMethod.CROSS_VALIDATION;
  private int numFolds = 3;
  private double trainRatio = 0.75;
  private String metricName = "accuracy";
  private long seed = 42L;
  private int parallelism = 1;

  /** Activation functions to try, by PyTorch name (default: the base spec's). */
  public TuningGrid setActivations(String... names) {
    activations.clear();
    activations.addAll(Arrays.asList(names));
    return this;
  }

  public List<String> getActivations() {
    return Collections.unmodifiableList(activations);
  }

  /** Alphas to try with the functions that take one (default: see the class comment). */
  public TuningGrid setAlphas(double... values) {
    alphas.clear();
    for (double a : values) {
      alphas.add(a);
    }
    return this;
  }

  public List<Double> getAlphas() {
    return Collections.unmodifiableList(alphas);
  }

  /** Hidden layer lists to try, e.g. {@code {64}, {64, 32}} (default: the base spec's). */
  public TuningGrid setHiddenLayers(int[]... values) {
    hiddenLayers.clear();
    for (int[] v : values) {
      hiddenLayers.add(v == null ? null : v.clone());
    }
    return this;
  }

  public List<int[]> getHiddenLayers() {
    List<int[]> copy = new ArrayList<>();
    for (int[] v : hiddenLayers) {
      copy.add(v == null ? null : v.clone());
    }
    return copy;
  }

  /** Cross-validation or one train/validation split (default {@link TuningMethod#CROSS_VALIDATION}). */
  public TuningGrid setMethod(TuningMethod value) {
    method = value;
    return this;
  }

  public TuningMethod getMethod() {
    return method;
  }

  /** Folds of cross-validation, at least 2 (default 3). */
  public TuningGrid setNumFolds(int value) {
    numFolds = value;
    return this;
  }

  public int getNumFolds() {
    return numFolds;
  }

  /** Share of rows used for training by a train/validation split, in (0, 1) (default 0.75). */
  public TuningGrid setTrainRatio(double value) {
    trainRatio = value;
    return this;
  }

  public double getTrainRatio() {
    return trainRatio;
  }

  /**
   * The metric of {@code MulticlassClassificationEvaluator} that ranks the candidates
   * (default {@code "accuracy"}; e.g. {@code "f1"}, the weighted F1).
   */
  public TuningGrid setMetricName(String value) {
    metricName = value;
    return this;
  }

  public String getMetricName() {
    return metricName;
  }

  /** Seed of the folds or of the split (default 42). */
  public TuningGrid setSeed(long value) {
    seed = value;
    return this;
  }

  public long getSeed() {
    return seed;
  }

  /** Candidates fitted at once (default 1). */
  public TuningGrid setParallelism(int value) {
    parallelism = value;
    return this;
  }

  public int getParallelism() {
    return parallelism;
  }

  /**
   * The candidates on top of {@code base}, in order: hidden layers outermost, then functions,
   * then alphas.
   *
   * @throws IllegalArgumentException for an unknown function, an alpha a function refuses, a bad
   *     layer size, or a bad scoring setting
   */
  public List<PerceptronSpec> candidates(PerceptronSpec base) {
    base.validate();
    checkScoring();
    List<String> functions = activations.isEmpty() ? Collections.singletonList(base.getActivation()) : activations;
    List<int[]> hiddens = hiddenLayers.isEmpty() ? Collections.singletonList(base.getHiddenLayers()) : hiddenLayers;
    List<PerceptronSpec> out = new ArrayList<>();
    for (int[] hidden : hiddens) {
      for (String f : functions) {
        // prelu is the network's own (its alpha is the initial slope); the spec checks the classifier.
        boolean prelu = NetworkTopology.PRELU.equals(f);
        if (!prelu && !ActivationFunction.isValidName(f)) {
          throw new IllegalArgumentException("Tuning grid: activation '" + f + "' is unknown; valid functions are: "
              + String.join(", ", ActivationFunction.names()) + " (and prelu with FEED_FORWARD).");
        }
        boolean usesAlpha = prelu || ActivationFunction.forName(f).usesAlpha();
        double defaultAlpha = prelu ? FeedForwardParamSet.PRELU_INIT : ActivationFunction.forName(f).defaultAlpha();
        List<Double> as;
        if (!usesAlpha) {
          as = Collections.singletonList(null);
        } else if (!alphas.isEmpty()) {
          as = alphas;
        } else {
          as = Collections.singletonList(base.hasAlpha() ? base.getAlpha() : defaultAlpha);
        }
        for (Double a : as) {
          PerceptronSpec c = base.copy().setActivation(f).setHiddenLayers(hidden).clearAlpha();
          if (a != null) {
            c.setAlpha(a);
          }
          try {
            out.add(c.validate());
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Tuning grid: candidate " + describe(c) + " is invalid: "
                + e.getMessage(), e);
          }
        }
      }
    }
    return out;
  }

  private void checkScoring() {
    if (method == null) {
      throw new IllegalArgumentException("Tuning grid: method is null; use " + Arrays.toString(TuningMethod.values()) + ".");
    }
    if (method == TuningMethod.CROSS_VALIDATION && numFolds < 2) {
      throw new IllegalArgumentException("Tuning grid: numFolds is " + numFolds + "; cross-validation needs at least 2.");
    }
    if (method == TuningMethod.TRAIN_VALIDATION_SPLIT && !(trainRatio > 0 && trainRatio < 1)) {
      throw new IllegalArgumentException("Tuning grid: trainRatio is " + trainRatio + "; it must lie strictly between 0 and 1.");
    }
    if (parallelism < 1) {
      throw new IllegalArgumentException("Tuning grid: parallelism is " + parallelism + "; it must be at least 1.");
    }
  }

  static String describe(PerceptronSpec c) {
    return c.getActivation() + (c.hasAlpha() ? "(alpha=" + c.getAlpha() + ")" : "")
        + " hidden=" + Arrays.toString(c.getHiddenLayers());
  }
}
