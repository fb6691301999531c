package sparkactivations.testing;

import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One configured stage and the data it is checked on by {@link AbstractStageHarnessTest}. The
 * data must have a unique {@code long} column {@code id}; for an estimator it is also the
 * training data.
 */
public final class StageCase {

  public final String name;
  public final PipelineStage stage;
  public final Dataset<Row> data;

  private StageCase(String name, PipelineStage stage, Dataset<Row> data) {
    this.name = name;
    this.stage = stage;
    this.data = data;
  }

  public static StageCase of(String name, PipelineStage stage, Dataset<Row> data) {
    return new StageCase(name, stage, data);
  }

  @Override
  public String toString() {
    return name;
  }
}
