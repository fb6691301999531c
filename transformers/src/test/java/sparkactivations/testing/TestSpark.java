package sparkactivations.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;

/** The one SparkSession of a test JVM: {@code local[2]}, no UI, loopback only. */
public final class TestSpark {

  private static SparkSession spark;

  private TestSpark() {}

  public static synchronized SparkSession session() {
    if (spark == null) {
      spark = SparkSession.builder()
          .master("local[2]")
          .appName("spark-activations-tests")
          .config("spark.ui.enabled", "false")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.sql.shuffle.partitions", "4")
          .config("spark.sql.streaming.forceDeleteTempCheckpointLocation", "true")
          .getOrCreate();
      spark.sparkContext().setLogLevel("WARN");
    }
    return spark;
  }

  /** A new empty directory under the build's temporary space. */
  public static Path tempDir(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code data} written as parquet to a new directory, read back as a file stream with its schema. */
  public static Dataset<Row> fileStream(Dataset<Row> data, String prefix) {
    Path dir = tempDir(prefix).resolve("input");
    data.write().parquet(dir.toString());
    return session().readStream().schema(data.schema()).parquet(dir.toString());
  }

  /** Runs {@code stream} into a memory sink until it has read all its input; what it wrote there. */
  public static Dataset<Row> runToMemory(Dataset<Row> stream, String prefix) throws TimeoutException {
    String name = prefix + "_" + Math.abs(System.nanoTime());
    StreamingQuery q = stream.writeStream().format("memory").queryName(name).outputMode("append").start();
    try {
      q.processAllAvailable();
    } finally {
      q.stop();
    }
    return session().table(name);
  }
}
