package sparkactivations.pipelines;

/** The classifier at the end of a pipeline built by {@link PerceptronPipelines}. */
public enum ClassifierKind {
  /**
   * MLlib's {@code MultilayerPerceptronClassifier}: sigmoid hidden layers, softmax output,
   * L-BFGS. The spec's activation is an {@code Activation} stage applied to the features before
   * it. The default.
   */
  MULTILAYER_PERCEPTRON,
  /**
   * {@link FeedForwardClassifier}: the spec's activation (or {@code prelu}) in the network's
   * hidden layers, so there is no separate activation stage.
   */
  FEED_FORWARD
}
