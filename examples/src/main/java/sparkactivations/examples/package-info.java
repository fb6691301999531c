/**
 * spark-submit jobs. Each job's {@code main} only parses its arguments and builds the session,
 * then calls a public {@code run(SparkSession, Options)}; bad arguments print the usage and exit
 * with status 2, a problem with the input or output paths prints one line and exits with
 * status 1.
 */
package sparkactivations.examples;
