package sparkactivations.pipelines;

/** How {@link PerceptronTuning} scores each candidate of a grid. */
public enum TuningMethod {
  /** MLlib's {@code CrossValidator}: the metric is the mean over {@code numFolds} folds. */
  CROSS_VALIDATION,
  /** MLlib's {@code TrainValidationSplit}: one split, {@code trainRatio} of the rows to train. */
  TRAIN_VALIDATION_SPLIT
}
