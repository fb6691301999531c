package sparkactivations.examples;

import java.io.PrintStream;
import org.apache.spark.sql.SparkSession;

/** What every job's {@code main} does around its {@code run}: parse, build the session, report. */
final class JobLauncher {

  /** Exit status for arguments the job cannot run with. */
  static final int USAGE = 2;
  /** Exit status for a {@link JobException}. */
  static final int FAILED = 1;

  interface Parser<O> {
    O parse(String[] args) throws UsageException;
  }

  interface Runner<O> {
    void run(SparkSession spark, O options);
  }

  private JobLauncher() {}

  /**
   * Parses {@code args}, then runs the job on the session spark-submit (or the system properties)
   * configure, and returns the exit status: 0, {@link #USAGE} or {@link #FAILED}.
   */
  static <O> int launch(String appName, String usage, String[] args, Parser<O> parser, Runner<O> runner,
      PrintStream err) {
    if (java.util.Arrays.asList(args).contains("--help")) {
      System.out.println(usage);
      return 0;
    }
    O options;
    try {
      options = parser.parse(args);
    } catch (UsageException e) {
      err.println(appName + ": " + e.getMessage());
      err.println(usage);
      return USAGE;
    }
    SparkSession spark = SparkSession.builder().appName(appName).getOrCreate();
    try {
      runner.run(spark, options);
      return 0;
    } catch (JobException e) {
      err.println(appName + ": " + e.getMessage());
      return FAILED;
    } finally {
      spark.stop();
    }
  }

  /** Ends the JVM with {@code status} unless it is 0, so that spark-submit reports it. */
  static void exit(int status) {
    if (status != 0) {
      System.exit(status);
    }
  }
}
