package sparkactivations.examples;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/** Checks and small writes on job paths, through Hadoop's file systems (local, HDFS, S3, ...). */
final class JobPaths {

  private JobPaths() {}

  /** @throws JobException naming {@code path} when nothing matches it */
  static void requireInput(SparkSession spark, String path) {
    try {
      Path p = new Path(path);
      FileStatus[] found = fs(spark, p).globStatus(p);
      if (found == null || found.length == 0) {
        throw new JobException("input path does not exist: " + path);
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new JobException("cannot read input path " + path + ": " + e.getMessage(), e);
    }
  }

  /** @throws JobException naming {@code path} when it exists already */
  static void requireAbsent(SparkSession spark, String path, String what) {
    if (exists(spark, path)) {
      throw new JobException(what + " exists already: " + path + " (remove it or choose another path)");
    }
  }

  static boolean exists(SparkSession spark, String path) {
    try {
      Path p = new Path(path);
      return fs(spark, p).exists(p);
    } catch (IOException | IllegalArgumentException e) {
      throw new JobException("cannot check path " + path + ": " + e.getMessage(), e);
    }
  }

  /** Writes {@code text} as UTF-8 to a new file at {@code path}. */
  static void writeText(SparkSession spark, String path, String text) {
    try {
      Path p = new Path(path);
      try (OutputStream out = fs(spark, p).create(p, false)) {
        out.write(text.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new JobException("cannot write " + path + ": " + e.getMessage(), e);
    }
  }

  private static FileSystem fs(SparkSession spark, Path p) throws IOException {
    return p.getFileSystem(spark.sparkContext().hadoopConfiguration());
  }
}
