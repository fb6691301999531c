package sparkactivations.pipelines;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.ml.PipelineModel;

/** What {@link PerceptronTuning#tune} found: the best model, refitted on all the data, and every candidate's metric. */
public final class TuningResult {

  private final PipelineModel bestModel;
  private final List<TuningCandidate> candidates;
  private final int bestIndex;
  private final String metricName;

  TuningResult(PipelineModel bestModel, List<TuningCandidate> candidates, int bestIndex, String metricName) {
    this.bestModel = bestModel;
    this.candidates = Collections.unmodifiableList(new ArrayList<>(candidates));
    this.bestIndex = bestIndex;
    this.metricName = metricName;
  }

  /** The best candidate's pipeline, fitted on all the rows given to the search. */
  public PipelineModel bestModel() {
    return bestModel;
  }

  /** Every candidate, in grid order (see {@link TuningGrid#candidates}). */
  public List<TuningCandidate> candidates() {
    return candidates;
  }

  /** The index of the best candidate in {@link #candidates()}. */
  public int bestIndex() {
    return bestIndex;
  }

  public TuningCandidate best() {
    return candidates.get(bestIndex);
  }

  /** The evaluator metric that ranked the candidates. */
  public String metricName() {
    return metricName;
  }
}
