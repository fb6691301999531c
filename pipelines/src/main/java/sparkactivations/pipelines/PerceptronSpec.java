package sparkactivations.pipelines;

import java.io.Serializable;
import java.util.Arrays;
import sparkactivations.pipelines.network.NetworkTopology;
import sparkactivations.transformers.ActivationFunction;

/**
 * What {@link PerceptronPipelines} builds: where the features are, whether they are
 * standardised, which activation is applied to them, and the classifier's hidden layers and
 * training settings. The input and output layer sizes are not part of the spec; they come from
 * the data.
 *
 * <p>Features are either one vector column ({@link #setFeaturesCol}) or several numeric or vector
 * columns that a {@code VectorAssembler} joins ({@link #setFeatureCols}); exactly one of the two
 * must be set. Setters return {@code this}; {@link #validate()} reports every problem the spec has
 * on its own, before any data is looked at.
 */
public final class PerceptronSpec implements Serializable {

  private static final long serialVersionUID = 1L;

  private String featuresCol;
  private String[] featureCols;
  private String labelCol = "label";
  private String predictionCol = "prediction";
  private boolean standardize = true;
  private boolean center = true;
  private String activation = ActivationFunction.RELU.functionName();
  private Double alpha;
  private int[] hiddenLayers = {64};
  private int maxIter = 100;
  private double tol = 1e-6;
  private long seed = 42L;
  private ClassifierKind classifier = ClassifierKind.MULTILAYER_PERCEPTRON;

  /** A vector column holding the features. Not set by default. */
  public PerceptronSpec setFeaturesCol(String value) {
    featuresCol = value;
    return this;
  }

  public String getFeaturesCol() {
    return featuresCol;
  }

  /** Numeric or vector columns assembled into the features, in this order. Not set by default. */
  public PerceptronSpec setFeatureCols(String... value) {
    featureCols = value == null ? null : value.clone();
    return this;
  }

  public String[] getFeatureCols() {
    return featureCols == null ? null : featureCols.clone();
  }

  /** The label column: class indices 0, 1, ... as numbers (default {@code "label"}). */
  public PerceptronSpec setLabelCol(String value) {
    labelCol = value;
    return this;
  }

  public String getLabelCol() {
    return labelCol;
  }

  /** The classifier's prediction column (default {@code "prediction"}). */
  public PerceptronSpec setPredictionCol(String value) {
    predictionCol = value;
    return this;
  }

  public String getPredictionCol() {
    return predictionCol;
  }

  /** Whether a {@code StandardScaler} scales the features to unit variance (default true). */
  public PerceptronSpec setStandardize(boolean value) {
    standardize = value;
    return this;
  }

  public boolean getStandardize() {
    return standardize;
  }

  /**
   * Whether standardisation also subtracts the mean (default true), so that the activation
   * sees values on both sides of zero. Centering makes sparse vectors dense.
   */
  public PerceptronSpec setCenter(boolean value) {
    center = value;
    return this;
  }

  public boolean getCenter() {
    return center;
  }

  /**
   * The activation, by PyTorch name (default {@code "relu"}): applied to the (standardised)
   * features before MLlib's perceptron, or in the hidden layers of {@link FeedForwardClassifier}
   * (which also takes {@code "prelu"}).
   */
  public PerceptronSpec setActivation(String value) {
    activation = value;
    return this;
  }

  public String getActivation() {
    return activation;
  }

  /** The activation's alpha; not set by default, meaning the function's own default. */
  public PerceptronSpec setAlpha(double value) {
    alpha = value;
    return this;
  }

  /** Forgets a set alpha, so the function's own default applies again. */
  public PerceptronSpec clearAlpha() {
    alpha = null;
    return this;
  }

  public boolean hasAlpha() {
    return alpha != null;
  }

  /** The alpha in force: the one set, or the function's default (NaN for functions without one). */
  public double getAlpha() {
    if (alpha != null) {
      return alpha;
    }
    return NetworkTopology.PRELU.equals(activation) ? FeedForwardParamSet.PRELU_INIT
        : ActivationFunction.forName(activation).defaultAlpha();
  }

  /** Sizes of the classifier's hidden layers, input side first (default {@code 64}); may be empty. */
  public PerceptronSpec setHiddenLayers(int... value) {
    hiddenLayers = value == null ? null : value.clone();
    return this;
  }

  public int[] getHiddenLayers() {
    return hiddenLayers == null ? null : hiddenLayers.clone();
  }

  /** The classifier's maximum number of iterations (default 100). */
  public PerceptronSpec setMaxIter(int value) {
    maxIter = value;
    return this;
  }

  public int getMaxIter() {
    return maxIter;
  }

  /** The classifier's convergence tolerance (default 1e-6). */
  public PerceptronSpec setTol(double value) {
    tol = value;
    return this;
  }

  public double getTol() {
    return tol;
  }

  /** The seed of the classifier's initial weights (default 42). */
  public PerceptronSpec setSeed(long value) {
    seed = value;
    return this;
  }

  public long getSeed() {
    return seed;
  }

  /** The classifier at the end of the pipeline (default {@link ClassifierKind#MULTILAYER_PERCEPTRON}). */
  public PerceptronSpec setClassifier(ClassifierKind value) {
    classifier = value;
    return this;
  }

  public ClassifierKind getClassifier() {
    return classifier;
  }

  /** An independent copy. */
  public PerceptronSpec copy() {
    PerceptronSpec c = new PerceptronSpec()
        .setFeaturesCol(featuresCol)
        .setFeatureCols(featureCols)
        .setLabelCol(labelCol)
        .setPredictionCol(predictionCol)
        .setStandardize(standardize)
        .setCenter(center)
        .setActivation(activation)
        .setHiddenLayers(hiddenLayers)
        .setMaxIter(maxIter)
        .setTol(tol)
        .setSeed(seed)
        .setClassifier(classifier);
    c.alpha = alpha;
    return c;
  }

  /**
   * Checks the spec on its own.
   *
   * @throws IllegalArgumentException listing every problem found, each with what was found and
   *     what is accepted
   */
  public PerceptronSpec validate() {
    StringBuilder problems = new StringBuilder();
    boolean one = featuresCol != null;
    boolean many = featureCols != null;
    if (one == many) {
      problem(problems, one
          ? "both featuresCol ('" + featuresCol + "') and featureCols " + Arrays.toString(featureCols)
              + " are set; set exactly one"
          : "neither featuresCol nor featureCols is set; set a vector column or a list of feature columns");
    }
    if (many) {
      if (featureCols.length == 0) {
        problem(problems, "featureCols is empty; name at least one column");
      }
      for (String c : featureCols) {
        if (c == null || c.isEmpty()) {
          problem(problems, "featureCols " + Arrays.toString(featureCols) + " has an empty name");
          break;
        }
      }
    }
    if (one && featuresCol.isEmpty()) {
      problem(problems, "featuresCol is empty");
    }
    if (labelCol == null || labelCol.isEmpty()) {
      problem(problems, "labelCol is not set");
    }
    if (predictionCol == null || predictionCol.isEmpty()) {
      problem(problems, "predictionCol is not set");
    }
    boolean prelu = NetworkTopology.PRELU.equals(activation);
    if (prelu && classifier != ClassifierKind.FEED_FORWARD) {
      problem(problems, "activation 'prelu' learns its slope, so it needs classifier FEED_FORWARD");
    } else if (prelu) {
      if (alpha != null && (Double.isNaN(alpha) || Double.isInfinite(alpha))) {
        problem(problems, "alpha for prelu must be finite, got " + alpha);
      }
    } else if (!ActivationFunction.isValidName(activation)) {
      problem(problems, "activation '" + activation + "' is unknown; valid functions are: "
          + String.join(", ", ActivationFunction.names())
          + (classifier == ClassifierKind.FEED_FORWARD ? ", prelu" : ""));
    } else if (alpha != null) {
      try {
        ActivationFunction.forName(activation).checkAlpha(alpha);
      } catch (IllegalArgumentException e) {
        problem(problems, e.getMessage());
      }
    }
    if (hiddenLayers == null) {
      problem(problems, "hiddenLayers is null; use an empty list for no hidden layer");
    } else {
      for (int size : hiddenLayers) {
        if (size < 1) {
          problem(problems, "hiddenLayers " + Arrays.toString(hiddenLayers)
              + " has a layer of size " + size + "; every layer needs at least 1 unit");
          break;
        }
      }
    }
    if (maxIter < 1) {
      problem(problems, "maxIter is " + maxIter + "; it must be at least 1");
    }
    if (!(tol >= 0) || Double.isInfinite(tol)) {
      problem(problems, "tol is " + tol + "; it must be finite and >= 0");
    }
    if (classifier == null) {
      problem(problems, "classifier is null; use " + Arrays.toString(ClassifierKind.values()));
    }
    if (problems.length() > 0) {
      throw new IllegalArgumentException("Invalid PerceptronSpec: " + problems);
    }
    return this;
  }

  private static void problem(StringBuilder problems, String text) {
    problems.append(problems.length() == 0 ? "" : "; ").append(text);
  }

  @Override
  public String toString() {
    return "PerceptronSpec(features=" + (featuresCol != null ? featuresCol : Arrays.toString(featureCols))
        + ", label=" + labelCol + ", standardize=" + standardize + (standardize ? ", center=" + center : "")
        + ", activation=" + activation + (alpha != null ? ", alpha=" + alpha : "")
        + ", hidden=" + Arrays.toString(hiddenLayers) + ", maxIter=" + maxIter + ", tol=" + tol
        + ", seed=" + seed + ", classifier=" + classifier + ")";
  }
}
