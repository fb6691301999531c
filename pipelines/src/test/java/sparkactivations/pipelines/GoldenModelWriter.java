package sparkactivations.pipelines;

import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import sparkactivations.testing.TestSpark;

/**
 * Writes this release's golden models for the Spark version it runs on into the source tree
 * ({@code src/test/resources/golden/<release>/spark-<version>/}). Not part of the test run (its
 * name does not end in Test); run it once per Spark line when a release changes what it saves:
 * <pre>
 * mvn -B -ntp [-Pspark-3.5] -pl pipelines -am test -Dtest=GoldenModelWriter -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
class GoldenModelWriter {

  @Test
  void write() throws java.io.IOException {
    SparkSession spark = TestSpark.session();
    String release = System.getProperty("project.version").replace("-SNAPSHOT", "");
    Path dir = Paths.get("src", "test", "resources", "golden", release, "spark-" + spark.version());
    Dataset<Row> data = GoldenModels.data(spark).cache();
    data.coalesce(1).write().mode("overwrite").parquet(dir.resolve("input").toString());
    for (GoldenModels.Kind kind : GoldenModels.Kind.values()) {
      Transformer model = kind.fit(data);
      ((MLWritable) model).write().overwrite().save(dir.resolve(kind.dir).resolve("model").toString());
      model.transform(data).select("id", kind.outputs).coalesce(1)
          .write().mode("overwrite").parquet(dir.resolve(kind.dir).resolve("expected").toString());
    }
    System.out.println("golden models written to " + dir.toAbsolutePath());
  }
}
