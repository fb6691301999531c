package sparkactivations.pipelines;

/** The classifier at the end of a pipeline built by {@link PerceptronPipelines}. */
public enum ClassifierKind {
  /**
   * MLlib's {@code MultilayerPerceptronClassifier}: sigmoid hidden layers, softmax output,
   * L-BFGS. The default.
   */
  MULTILAYER_PERCEPTRON
}
