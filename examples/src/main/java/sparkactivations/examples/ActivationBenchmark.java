package sparkactivations.examples;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import sparkactivations.transformers.Activation;
import sparkactivations.transformers.ELU;
import sparkactivations.transformers.LeakyReLU;
import sparkactivations.transformers.ReLU;
import sparkactivations.transformers.UnaryActivation;

/**
 * Times the SQL functions and the stages against three baselines on the same cached DataFrames,
 * in one JVM: the vector column selected unchanged (pass-through: reading and writing the rows,
 * the floor for anything), an identity vector UDF (the floor for any per-row vector UDF:
 * deserialise, call, serialise) and the SQL route a user has without this library,
 * {@code array_to_vector(transform(vector_to_array(v), x -> greatest(x, 0)))}. Every variant is
 * run once per round, in a new random order each round, so that machine noise and garbage
 * collections fall on all of them alike; the tables show medians and
 * ratios, of the elapsed time and of the CPU time the tasks used (Spark's {@code executorCpuTime},
 * summed over a run's tasks), which other work on a shared machine disturbs much less. Output goes
 * to Spark's {@code noop} sink, so each row is computed and nothing stored. Before timing, the
 * variants that compute the same function are checked to give the same vectors on the first rows.
 *
 * <p>Options: {@code --dense-rows N} (300000), {@code --sparse-rows N} (300000),
 * {@code --sparse-sql-rows N} (2000: the slice the SQL route runs on for sparse data),
 * {@code --runs N} (11: timed rounds), {@code --warmup N} (5: untimed rounds first, while the JIT
 * compiles and the heap settles), {@code --master URL} (local[*]).
 */
public final class ActivationBenchmark {

  static final int DENSE_WIDTH = 64;
  static final int SPARSE_WIDTH = 100_000;
  static final int SPARSE_VALUES = 32;
  private static final String PASS = "pass-through (v as is)";
  private static final String IDENTITY = "identity UDF (baseline)";
  private static final String SQL = "SQL route (greatest(x, 0))";

  /** Numbers each timed query, so that its job group is its own. */
  private static final AtomicLong RUNS = new AtomicLong();

  private ActivationBenchmark() {}

  public static void main(String[] args) {
    Map<String, String> opts = new LinkedHashMap<>();
    opts.put("--dense-rows", "300000");
    opts.put("--sparse-rows", "300000");
    opts.put("--sparse-sql-rows", "2000");
    opts.put("--runs", "11");
    opts.put("--warmup", "5");
    opts.put("--master", "local[*]");
    for (int i = 0; i < args.length; i += 2) {
      if (!opts.containsKey(args[i]) || i + 1 >= args.length) {
        System.err.println("usage: ActivationBenchmark [--dense-rows N] [--sparse-rows N] [--sparse-sql-rows N]"
            + " [--runs N] [--warmup N] [--master URL]");
        System.exit(2);
      }
      opts.put(args[i], args[i + 1]);
    }
    SparkSession spark = SparkSession.builder().master(opts.get("--master")).appName("ActivationBenchmark")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4").getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
    try {
      int runs = Integer.parseInt(opts.get("--runs"));
      int warmup = Integer.parseInt(opts.get("--warmup"));
      run(spark, "dense, " + DENSE_WIDTH + " wide", vectors(spark, Long.parseLong(opts.get("--dense-rows")), false),
          runs, warmup, Long.MAX_VALUE, System.out);
      run(spark, "sparse, " + SPARSE_WIDTH + " wide, " + SPARSE_VALUES + " values",
          vectors(spark, Long.parseLong(opts.get("--sparse-rows")), true), runs, warmup,
          Long.parseLong(opts.get("--sparse-sql-rows")), System.out);
    } finally {
      spark.stop();
    }
  }

  /** A cached frame of generated vectors in column {@code v}, about half of the values negative. */
  static Dataset<Row> vectors(SparkSession spark, long rows, boolean sparse) {
    StructType schema = new StructType(new StructField[] {
        new StructField("v", SQLDataTypes.VectorType(), false, Metadata.empty())});
    MapPartitionsFunction<Long, Row> make = ids -> {
      List<Row> out = new ArrayList<>();
      Random rnd = null;
      while (ids.hasNext()) {
        long id = ids.next();
        if (rnd == null) {
          rnd = new Random(id);
        }
        out.add(RowFactory.create(sparse ? sparseVector(rnd) : denseVector(rnd)));
      }
      return out.iterator();
    };
    Dataset<Row> df = spark.range(0, rows, 1, 4).as(Encoders.LONG()).mapPartitions(make, Encoders.row(schema));
    df = df.cache();
    df.count();
    return df;
  }

  private static Vector denseVector(Random rnd) {
    double[] v = new double[DENSE_WIDTH];
    for (int i = 0; i < v.length; i++) {
      v[i] = rnd.nextGaussian();
    }
    return Vectors.dense(v);
  }

  private static Vector sparseVector(Random rnd) {
    int[] idx = rnd.ints(0, SPARSE_WIDTH).distinct().limit(SPARSE_VALUES).sorted().toArray();
    double[] v = new double[idx.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = rnd.nextGaussian();
    }
    return Vectors.sparse(SPARSE_WIDTH, idx, v);
  }

  /**
   * Times every variant on {@code data} and prints the two tables to {@code out}; returns each
   * variant's median elapsed time per row, in microseconds. First checks that the variants of
   * each group in {@link #SAME} give the same vectors on the first rows.
   */
  static Map<String, Double> run(SparkSession spark, String label, Dataset<Row> data, int runs, int warmup,
      long sqlRowLimit, PrintStream out) {
    // Densifying a 100,000-wide vector per row makes the SQL route thousands of times slower on
    // sparse data; it runs on a slice there, and the table compares time per row.
    long rows = data.count();
    long sqlRows = Math.min(rows, sqlRowLimit);
    Dataset<Row> sqlSlice = sqlRows < rows ? data.limit((int) sqlRows).cache() : data;
    sqlSlice.count();
    Map<String, Function<Dataset<Row>, Dataset<Row>>> variants = variants();
    checkAgreement(data, variants, SAME, (int) Math.min(sqlRows, 64));

    Map<String, List<Double>> seconds = new LinkedHashMap<>();
    Map<String, List<Double>> cpuSeconds = new LinkedHashMap<>();
    for (String name : variants.keySet()) {
      seconds.put(name, new ArrayList<>());
      cpuSeconds.put(name, new ArrayList<>());
    }
    TaskCpuTime cpu = new TaskCpuTime();
    spark.sparkContext().addSparkListener(cpu);
    try {
      Random shuffle = new Random(42);
      for (int round = -warmup; round < runs; round++) {
        // A new order each round: a young-generation collection falls on whichever run happens to
        // fill the heap, and in a fixed order that would be the run after the same wasteful one.
        List<String> order = new ArrayList<>(variants.keySet());
        Collections.shuffle(order, shuffle);
        for (String name : order) {
          // Unique to this run: Spark lists a group's jobs across the whole application.
          String group = label + " / " + name + " / " + round + " / " + RUNS.incrementAndGet();
          spark.sparkContext().setJobGroup(group, group, false);
          long start = System.nanoTime();
          variants.get(name).apply(name.equals(SQL) ? sqlSlice : data).write().format("noop").mode("overwrite").save();
          double s = (System.nanoTime() - start) / 1e9;
          spark.sparkContext().clearJobGroup();
          double c = cpu.seconds(group, spark.sparkContext().statusTracker().getJobIdsForGroup(group));
          if (round >= 0) {
            seconds.get(name).add(s);
            cpuSeconds.get(name).add(c);
          }
        }
      }
    } finally {
      spark.sparkContext().removeSparkListener(cpu);
    }
    out.printf(Locale.ROOT, "%n%s: %,d rows (SQL route: %,d), median of %d runs after %d warm-up rounds,"
        + " Spark %s%n", label, rows, sqlRows, runs, warmup, spark.version());
    Map<String, Double> elapsed = print("elapsed time", seconds, rows, sqlRows, out);
    print("CPU time of the tasks", cpuSeconds, rows, sqlRows, out);
    return elapsed;
  }

  /** The variants, by name: each maps the input frame (column {@code v}) to its output column. */
  static Map<String, Function<Dataset<Row>, Dataset<Row>>> variants() {
    UserDefinedFunction identity = functions.udf((UDF1<Vector, Vector>) v -> v, SQLDataTypes.VectorType());
    Column sqlRoute = org.apache.spark.ml.functions.array_to_vector(functions.transform(
        org.apache.spark.ml.functions.vector_to_array(functions.col("v"), "float64"),
        x -> functions.greatest(x, functions.lit(0.0))));
    Map<String, Function<Dataset<Row>, Dataset<Row>>> variants = new LinkedHashMap<>();
    variants.put(PASS, d -> d.select(functions.col("v").as("out")));
    variants.put(IDENTITY, d -> d.select(identity.apply(functions.col("v")).as("out")));
    variants.put(SQL, d -> d.select(sqlRoute.as("out")));
    variants.put("relu(v)", d -> d.selectExpr("relu(v) AS out"));
    variants.put("leaky_relu(v)", d -> d.selectExpr("leaky_relu(v) AS out"));
    variants.put("elu(v)", d -> d.selectExpr("elu(v) AS out"));
    variants.put("gelu(v)", d -> d.selectExpr("gelu(v) AS out"));
    // The stages' kernel in a vector UDF, as the stages ran before they used the expressions.
    UserDefinedFunction reluUdf = kernelUdf(new ReLU());
    UserDefinedFunction eluUdf = kernelUdf(new ELU());
    variants.put("relu, UDF of the kernel", d -> d.select(reluUdf.apply(functions.col("v")).as("out")));
    variants.put("elu, UDF of the kernel", d -> d.select(eluUdf.apply(functions.col("v")).as("out")));
    // The stages compute through the same expressions as the SQL functions.
    variants.put("ReLU", d -> new ReLU().setInputCol("v").setOutputCol("out").transform(d).select("out"));
    variants.put("LeakyReLU", d -> new LeakyReLU().setInputCol("v").setOutputCol("out").transform(d).select("out"));
    variants.put("ELU", d -> new ELU().setInputCol("v").setOutputCol("out").transform(d).select("out"));
    variants.put("Activation(gelu)", d -> new Activation().setFunction("gelu").setInputCol("v").setOutputCol("out")
        .transform(d).select("out"));
    return variants;
  }

  /** Groups of variants that compute the same function, and so must give the same vectors. */
  static final String[][] SAME = {
      {PASS, IDENTITY},
      {"relu(v)", SQL, "relu, UDF of the kernel", "ReLU"},
      {"leaky_relu(v)", "LeakyReLU"},
      {"elu(v)", "elu, UDF of the kernel", "ELU"},
      {"gelu(v)", "Activation(gelu)"}};

  /**
   * Fails unless, on the first {@code sampleRows} rows of {@code data}, every variant of each group
   * gives the vectors the group's first one gives (equal as vectors: the SQL route's dense result
   * equals a sparse one with the same values), so that the tables compare the same work.
   */
  static void checkAgreement(Dataset<Row> data, Map<String, Function<Dataset<Row>, Dataset<Row>>> variants,
      String[][] groups, int sampleRows) {
    Dataset<Row> sample = data.limit(sampleRows);
    for (String[] group : groups) {
      List<Row> expected = variants.get(group[0]).apply(sample).collectAsList();
      for (int k = 1; k < group.length; k++) {
        List<Row> actual = variants.get(group[k]).apply(sample).collectAsList();
        for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
          Object want = i < expected.size() ? expected.get(i).get(0) : "no row";
          Object got = i < actual.size() ? actual.get(i).get(0) : "no row";
          if (!want.equals(got)) {
            throw new IllegalStateException(String.format(Locale.ROOT,
                "benchmark variants %s and %s differ on row %d: %s against %s", group[0], group[k], i, want, got));
          }
        }
      }
    }
  }

  /** One table: the median per row of each variant, and its ratios to the baselines; returns the medians. */
  private static Map<String, Double> print(String what, Map<String, List<Double>> seconds, long rows, long sqlRows,
      PrintStream out) {
    Map<String, Double> perRow = new LinkedHashMap<>();
    for (Map.Entry<String, List<Double>> e : seconds.entrySet()) {
      long n = e.getKey().equals(SQL) ? sqlRows : rows;
      perRow.put(e.getKey(), median(e.getValue()) / n * 1e6);
    }
    double pass = perRow.get(PASS);
    double base = perRow.get(IDENTITY);
    double sql = perRow.get(SQL);
    out.printf(Locale.ROOT, "%-28s %11s %12s %12s %12s%n", what, "us per row", "vs identity",
        "vs pass", "SQL / this");
    for (Map.Entry<String, Double> e : perRow.entrySet()) {
      double m = e.getValue();
      out.printf(Locale.ROOT, "%-28s %11.3f %11.2fx %11.2fx %11.2fx%n", e.getKey(), m, m / base, m / pass,
          sql / m);
    }
    return perRow;
  }

  /**
   * Sums the CPU time of the tasks of each job group. Listener events arrive on Spark's listener
   * thread after the job has returned; {@link #seconds} waits until the end of each of the
   * group's jobs has come, which follows the ends of all their tasks.
   */
  static final class TaskCpuTime extends SparkListener {
    private final Map<Integer, String> stageGroups = new ConcurrentHashMap<>();
    private final Map<String, Long> nanos = new ConcurrentHashMap<>();
    private final Set<Integer> endedJobs = ConcurrentHashMap.newKeySet();

    @Override
    public void onStageSubmitted(SparkListenerStageSubmitted event) {
      String group = event.properties() == null ? null : event.properties().getProperty("spark.jobGroup.id");
      if (group != null) {
        stageGroups.put(event.stageInfo().stageId(), group);
      }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd event) {
      String group = stageGroups.get(event.stageId());
      if (group != null && event.taskMetrics() != null) {
        nanos.merge(group, event.taskMetrics().executorCpuTime(), Long::sum);
      }
    }

    @Override
    public void onJobEnd(SparkListenerJobEnd event) {
      endedJobs.add(event.jobId());
    }

    /** The tasks' CPU time of the jobs {@code jobIds} of {@code group}, once all have ended. */
    double seconds(String group, int[] jobIds) {
      Set<Integer> waiting = new HashSet<>();
      for (int id : jobIds) {
        waiting.add(id);
      }
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (!endedJobs.containsAll(waiting)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Spark's listener did not report the end of jobs " + waiting);
        }
        try {
          Thread.sleep(2);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
      return nanos.getOrDefault(group, 0L) / 1e9;
    }
  }

  /** A vector UDF applying a stage's function through the kernel, as the stages used to. */
  private static UserDefinedFunction kernelUdf(UnaryActivation<?> stage) {
    scala.Function1<Vector, Vector> f = stage.createTransformFunc();
    return functions.udf((UDF1<Vector, Vector>) f::apply, SQLDataTypes.VectorType());
  }

  static double median(List<Double> xs) {
    double[] a = xs.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(a);
    return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
  }
}
