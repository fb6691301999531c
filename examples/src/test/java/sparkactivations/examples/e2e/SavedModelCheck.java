package sparkactivations.examples.e2e;

import java.util.List;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Loads models saved by {@code DigitsPipelineJob --model-out} in a fresh session, predicts the
 * rows of each one's {@code --predictions-out} again, and exits with 1 unless every prediction
 * equals the one the job wrote (and every probability agrees to 1e-12). Takes pairs of
 * directories, one pair per model. Run by {@code examples/src/test/e2e/standalone-cluster.sh}
 * through spark-submit.
 */
public final class SavedModelCheck {

  private SavedModelCheck() {}

  public static void main(String[] args) {
    if (args.length == 0 || args.length % 2 != 0) {
      System.err.println("Usage: SavedModelCheck MODEL_DIR PREDICTIONS_PARQUET [MODEL_DIR PREDICTIONS_PARQUET ...]");
      System.exit(2);
    }
    SparkSession spark = SparkSession.builder().appName("SavedModelCheck").getOrCreate();
    int status = 0;
    try {
      for (int i = 0; i < args.length; i += 2) {
        System.out.println("model " + args[i] + ":");
        status = Math.max(status, check(spark, args[i], args[i + 1]));
      }
    } finally {
      spark.stop();
    }
    System.exit(status);
  }

  static int check(SparkSession spark, String modelDir, String predictionsDir) {
    Dataset<Row> written = spark.read().parquet(predictionsDir);
    PipelineModel model = PipelineModel.load(modelDir);
    Dataset<Row> again = model.transform(written.drop("prediction", "probability"))
        .select("id", "prediction", "probability")
        .withColumnRenamed("prediction", "again_prediction")
        .withColumnRenamed("probability", "again_probability");
    List<Row> joined = written.select("id", "label", "prediction", "probability")
        .join(again, "id").collectAsList();
    long rows = written.count();
    long ids = written.select("id").distinct().count();
    int mismatches = 0;
    double worst = 0;
    for (Row r : joined) {
      double p = r.getDouble(2);
      double q = r.getDouble(4);
      Vector a = (Vector) r.get(3);
      Vector b = (Vector) r.get(5);
      for (int i = 0; i < a.size(); i++) {
        worst = Math.max(worst, Math.abs(a.apply(i) - b.apply(i)));
      }
      if (Double.compare(p, q) != 0 || a.size() != b.size()) {
        mismatches++;
        if (mismatches <= 5) {
          System.out.println("row " + r.getLong(0) + ": the job wrote " + p + ", the loaded model predicts " + q);
        }
      }
    }
    System.out.println("model check: " + rows + " rows written, " + ids + " distinct ids, " + joined.size()
        + " predicted again, " + mismatches + " different predictions, largest probability difference " + worst);
    boolean ok = rows > 0 && ids == rows && joined.size() == rows && mismatches == 0 && worst <= 1e-12;
    System.out.println(ok ? "model check passed" : "model check FAILED");
    return ok ? 0 : 1;
  }
}
