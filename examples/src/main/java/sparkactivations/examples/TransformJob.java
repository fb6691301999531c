package sparkactivations.examples;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import sparkactivations.transformers.Activation;
import sparkactivations.transformers.ActivationFunction;

/**
 * Applies one activation to a column of a parquet or CSV data set and writes parquet with every
 * row and every input column, plus the output column.
 *
 * <p>Parquet input: the column may be a vector, double, float or array of double or float, and
 * the output has its type. CSV input (with a header line) is read as text, so the other columns
 * come out exactly as written; the input column holds vectors in Spark's text form, dense
 * {@code [1.0,-2.0,0.0]} or sparse {@code (3,[0,1],[1.0,-2.0])}, and an empty field is a null
 * vector. The output column is then a vector.
 */
public final class TransformJob {

  static final String USAGE = String.join("\n",
      "Usage: TransformJob --input PATH --input-col NAME --output PATH [options]",
      "  --input PATH          the data set to read",
      "  --format FORMAT       parquet or csv (csv: with a header; the column holds vectors",
      "                        written as [1.0,-2.0] or (3,[0],[1.0])) (default: parquet)",
      "  --input-col NAME      the column to activate",
      "  --output-col NAME     the column to write (default: <input-col>_<function>)",
      "  --function NAME       one of " + String.join(", ", ActivationFunction.names()) + " (default: relu)",
      "  --alpha A             the function's alpha (default: the function's own)",
      "  --output PATH         where to write the result (parquet)",
      "  --mode MODE           error or overwrite, when the output exists (default: error)",
      "  --help                print this text");

  private TransformJob() {}

  public static void main(String[] args) {
    JobLauncher.exit(JobLauncher.launch("TransformJob", USAGE, args, Options::parse,
        (spark, options) -> run(spark, options, System.out), System.err));
  }

  /** The job's options, with their defaults. */
  public static final class Options {
    public String input;
    public String format = "parquet";
    public String inputCol;
    public String outputCol;
    public String function = "relu";
    /** null for the function's own alpha. */
    public Double alpha;
    public String output;
    public String mode = "error";

    /** @throws UsageException for an unknown option or an invalid value, naming it */
    public static Options parse(String[] args) throws UsageException {
      JobArguments a = JobArguments.parse(args,
          new String[] {"input", "format", "input-col", "output-col", "function", "alpha", "output", "mode"},
          new String[0]);
      Options o = new Options();
      o.input = a.required("input");
      o.inputCol = a.required("input-col");
      o.output = a.required("output");
      o.format = a.string("format", o.format);
      if (!Arrays.asList("parquet", "csv").contains(o.format)) {
        throw new UsageException("--format must be parquet or csv, got '" + o.format + "'");
      }
      o.function = a.string("function", o.function);
      if (!ActivationFunction.isValidName(o.function)) {
        throw new UsageException("--function '" + o.function + "' is unknown; use one of "
            + String.join(", ", ActivationFunction.names()));
      }
      o.alpha = a.number("alpha");
      if (o.alpha != null) {
        try {
          ActivationFunction.forName(o.function).checkAlpha(o.alpha);
        } catch (IllegalArgumentException e) {
          throw new UsageException("--alpha: " + e.getMessage());
        }
      }
      o.outputCol = a.string("output-col", o.inputCol + "_" + o.function);
      o.mode = a.string("mode", o.mode);
      if (!Arrays.asList("error", "overwrite").contains(o.mode)) {
        throw new UsageException("--mode must be error or overwrite, got '" + o.mode + "'");
      }
      return o;
    }
  }

  public static long run(SparkSession spark, Options options) {
    return run(spark, options, System.out);
  }

  /** Runs the job and returns the number of rows written, which it also prints. */
  public static long run(SparkSession spark, Options o, PrintStream out) {
    JobPaths.requireInput(spark, o.input);
    if (new org.apache.hadoop.fs.Path(o.input).equals(new org.apache.hadoop.fs.Path(o.output))) {
      throw new JobException("--output " + o.output + " is the input; write to another path");
    }
    if (o.mode.equals("error")) {
      JobPaths.requireAbsent(spark, o.output, "output");
    }
    Dataset<Row> in = read(spark, o);
    Activation activation = new Activation().setFunction(o.function).setOutputCol(o.outputCol);
    if (o.alpha != null) {
      activation.setAlpha(o.alpha);
    }
    Dataset<Row> result;
    try {
      if (o.format.equals("csv")) {
        // The text column stays as it was; its parsed form only feeds the activation.
        String parsed = o.outputCol + "__parsed";
        Dataset<Row> withVectors = in.withColumn(parsed, parser(o.inputCol).apply(functions.col(quote(o.inputCol))));
        result = activation.setInputCol(parsed).transform(withVectors).drop(parsed);
      } else {
        result = activation.setInputCol(o.inputCol).transform(in);
      }
    } catch (IllegalArgumentException e) {
      throw new JobException(e.getMessage(), e);
    }
    result.write().mode(o.mode.equals("overwrite") ? SaveMode.Overwrite : SaveMode.ErrorIfExists).parquet(o.output);
    long rows = spark.read().parquet(o.output).count();
    out.println(String.format(Locale.ROOT, "wrote %d rows to %s: %s = %s(%s)", rows, o.output, o.outputCol,
        o.function, o.inputCol));
    return rows;
  }

  private static Dataset<Row> read(SparkSession spark, Options o) {
    Dataset<Row> in = o.format.equals("csv")
        ? spark.read().option("header", "true").option("inferSchema", "false").option("mode", "FAILFAST").csv(o.input)
        : spark.read().parquet(o.input);
    if (!Arrays.asList(in.columns()).contains(o.inputCol)) {
      throw new JobException("input column '" + o.inputCol + "' is not in " + o.input + "; its columns are: "
          + String.join(", ", in.columns()));
    }
    if (Arrays.asList(in.columns()).contains(o.outputCol)) {
      throw new JobException("output column '" + o.outputCol + "' is already in " + o.input
          + "; choose another --output-col");
    }
    StructField f = in.schema().apply(o.inputCol);
    if (o.format.equals("csv") && f.dataType() != DataTypes.StringType) {
      throw new JobException("input column '" + o.inputCol + "' has type " + f.dataType().simpleString());
    }
    return in;
  }

  /** Spark's vector text form to a vector; an empty or missing field is null. */
  private static org.apache.spark.sql.expressions.UserDefinedFunction parser(String column) {
    return functions.udf((UDF1<String, Vector>) text -> {
      if (text == null || text.trim().isEmpty()) {
        return null;
      }
      try {
        return org.apache.spark.mllib.linalg.Vectors.parse(text.trim()).asML();
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("column '" + column + "': '" + text
            + "' is not a vector like [1.0,-2.0] or (3,[0,1],[1.0,-2.0])", e);
      }
    }, SQLDataTypes.VectorType());
  }

  private static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }
}
