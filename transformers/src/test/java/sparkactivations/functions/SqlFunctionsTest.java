package sparkactivations.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.SparkSessionExtensions;
import org.apache.spark.sql.catalyst.FunctionIdentifier;
import org.apache.spark.sql.catalyst.analysis.FunctionRegistry;
import org.apache.spark.sql.catalyst.analysis.FunctionRegistry$;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import sparkactivations.testing.RowAssertions;
import sparkactivations.testing.TestData;
import sparkactivations.testing.TestSpark;
import sparkactivations.transformers.Activation;
import sparkactivations.transformers.ActivationFunction;
import sparkactivations.transformers.ReferenceFormulas;

/**
 * The SQL functions and the Column functions on every column type: against the kernel (exactly),
 * the reference formulas and the stages; with and without generated code; in streams and in a
 * saved {@code SQLTransformer}.
 */
class SqlFunctionsTest {

  private static final String[] INPUTS = {"dense", "sparse", "x", "f", "arr", "farr"};

  private final SparkSession spark = TestSpark.session();

  /** One case per call form: SQL text, the Column function, the function and the alpha in force. */
  static Stream<Arguments> calls() {
    List<Arguments> out = new ArrayList<>();
    for (ActivationFunction f : ActivationFunction.values()) {
      String name = f.functionName();
      if (f != ActivationFunction.TANH) {
        out.add(Arguments.of(name + "(%s)", f, f.defaultAlpha()));
      }
      out.add(Arguments.of("activation(%s, '" + name + "')", f, f.defaultAlpha()));
      if (f.usesAlpha()) {
        out.add(Arguments.of(name + "(%s, 0.3)", f, 0.3));
        out.add(Arguments.of("activation(%s, '" + name + "', 1.7)", f, 1.7));
      }
    }
    return out.stream();
  }

  /** The Column function matching a SQL call of {@link #calls()}. */
  private static Column columnCall(String sql, ActivationFunction f, double alpha, Column x) {
    if (sql.startsWith("activation")) {
      return sql.contains(", 1.7") ? ActivationFunctions.activation(x, f.functionName(), alpha)
          : ActivationFunctions.activation(x, f.functionName());
    }
    boolean explicit = sql.contains(", 0.3");
    switch (f) {
      case RELU: return ActivationFunctions.relu(x);
      case LEAKY_RELU: return explicit ? ActivationFunctions.leaky_relu(x, alpha) : ActivationFunctions.leaky_relu(x);
      case ELU: return explicit ? ActivationFunctions.elu(x, alpha) : ActivationFunctions.elu(x);
      case SELU: return ActivationFunctions.selu(x);
      case CELU: return explicit ? ActivationFunctions.celu(x, alpha) : ActivationFunctions.celu(x);
      case GELU: return ActivationFunctions.gelu(x);
      case SILU: return ActivationFunctions.silu(x);
      case SOFTPLUS: return ActivationFunctions.softplus(x);
      case RELU6: return ActivationFunctions.relu6(x);
      case SIGMOID: return ActivationFunctions.sigmoid(x);
      default: throw new AssertionError(f);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("calls")
  void everyColumnTypeMatchesTheKernelTheReferenceAndTheStage(String sql, ActivationFunction f, double alpha) {
    Dataset<Row> data = TestData.mixed(spark, 60, 17L);
    List<Row> inputs = RowAssertions.rowsById(data);
    // On a local relation the optimiser evaluates the projections (interpreted); behind a
    // shuffle they run in generated code.
    List<String> sqlCols = new ArrayList<>();
    List<Column> apiCols = new ArrayList<>();
    Dataset<Row> viaStage = data;
    sqlCols.add("id");
    apiCols.add(col("id"));
    for (String in : INPUTS) {
      sqlCols.add(String.format(sql, in) + " AS " + in);
      apiCols.add(columnCall(sql, f, alpha, col(in)).as(in));
      Activation stage = new Activation().setFunction(f.functionName()).setInputCol(in).setOutputCol("out_" + in);
      viaStage = (f.usesAlpha() ? stage.setAlpha(alpha) : stage).transform(viaStage);
    }
    Dataset<Row> viaSql = shuffled(data).selectExpr(sqlCols.toArray(new String[0]));
    Dataset<Row> viaColumn = data.select(apiCols.toArray(new Column[0]));
    List<Row> rows = RowAssertions.rowsById(viaSql);
    RowAssertions.assertSameRows(rows, RowAssertions.rowsById(viaColumn));
    List<Row> stageRows = RowAssertions.rowsById(viaStage);
    for (String in : INPUTS) {
      assertEquals(data.schema().apply(in).dataType(), viaSql.schema().apply(in).dataType(), sql + " on " + in);
      assertEquals(data.schema().apply(in).nullable(), viaSql.schema().apply(in).nullable(), sql + " on " + in);
      for (int r = 0; r < rows.size(); r++) {
        Object y = rows.get(r).getAs(in);
        RowAssertions.assertSameValue(stageRows.get(r).getAs("out_" + in), y, sql + " on " + in + ": as the stage");
        check(sql + " on " + in + " row " + r, f, alpha, inputs.get(r).getAs(in), y);
      }
    }
  }

  /** {@code data} behind a shuffle, so that projections on it are not folded into a local relation. */
  static Dataset<Row> shuffled(Dataset<Row> data) {
    return data.repartition(2);
  }

  /** Exactly the kernel's value, and within the reference formulas' tolerance. */
  static void check(String where, ActivationFunction f, double alpha, Object x, Object y) {
    if (x == null) {
      assertNull(y, where + ": null in, null out");
    } else if (x instanceof Vector) {
      Vector vx = (Vector) x;
      Vector vy = (Vector) y;
      assertEquals(vx.size(), vy.size(), where);
      if (vx instanceof SparseVector && f.mapsZeroToZero()) {
        assertTrue(vy instanceof SparseVector, where + ": stays sparse");
        SparseVector sx = (SparseVector) vx;
        SparseVector sy = (SparseVector) vy;
        int kept = 0;
        for (int k = 0; k < sx.numActives(); k++) {
          kept += Double.doubleToRawLongBits(f.value(sx.values()[k], alpha)) != 0 ? 1 : 0;
        }
        assertEquals(kept, sy.numActives(), where + ": exactly the +0.0 results are dropped");
      } else {
        assertTrue(vy instanceof DenseVector, where + ": dense");
      }
      double[] ax = vx.toArray();
      double[] ay = vy.toArray();
      for (int i = 0; i < ax.length; i++) {
        checkDouble(where + "[" + i + "]", f, alpha, ax[i], ay[i]);
      }
    } else if (x instanceof Double) {
      checkDouble(where, f, alpha, (Double) x, (Double) y);
    } else if (x instanceof Float) {
      checkFloat(where, f, alpha, (Float) x, (Float) y);
    } else {
      scala.collection.Seq<?> sx = (scala.collection.Seq<?>) x;
      scala.collection.Seq<?> sy = (scala.collection.Seq<?>) y;
      assertEquals(sx.length(), sy.length(), where);
      for (int i = 0; i < sx.length(); i++) {
        Object ex = sx.apply(i);
        Object ey = sy.apply(i);
        if (ex == null) {
          assertNull(ey, where + ": a null element stays null");
        } else if (ex instanceof Float) {
          checkFloat(where + "[" + i + "]", f, alpha, (Float) ex, (Float) ey);
        } else {
          checkDouble(where + "[" + i + "]", f, alpha, (Double) ex, (Double) ey);
        }
      }
    }
  }

  private static void checkDouble(String where, ActivationFunction f, double alpha, double x, double y) {
    assertEquals(Double.doubleToLongBits(f.value(x, alpha)), Double.doubleToLongBits(y),
        where + ": kernel " + f.value(x, alpha) + ", got " + y);
    double reference = ReferenceFormulas.value(f.functionName(), x, alpha);
    assertTrue(ReferenceFormulas.agrees(reference, y), where + ": reference " + reference + ", got " + y);
  }

  private static void checkFloat(String where, ActivationFunction f, double alpha, float x, float y) {
    assertEquals(Float.floatToIntBits((float) f.value(x, alpha)), Float.floatToIntBits(y), where);
    float reference = (float) ReferenceFormulas.value(f.functionName(), x, alpha);
    assertEquals(reference, y, 2 * Math.ulp(reference) + 1e-30f, where);
  }

  @Test
  void generatedAndInterpretedCodeGiveTheSameRows() {
    Dataset<Row> data = shuffled(TestData.mixed(spark, 40, 5L));
    List<String> exprs = new ArrayList<>();
    exprs.add("id");
    int c = 0;
    for (String in : INPUTS) {
      for (String call : new String[] {"relu(%s)", "leaky_relu(%s, 0.2)", "elu(%s)", "gelu(%s)", "softplus(%s)",
          "activation(%s, 'tanh')", "celu(%s, 0.5)"}) {
        exprs.add(String.format(call, in) + " AS c" + c++);
      }
    }
    String[] select = exprs.toArray(new String[0]);
    Dataset<Row> generated = data.selectExpr(select);
    List<Row> expected = RowAssertions.rowsById(generated);
    // Read once the query has run, when adaptive execution has fixed the plan.
    String plan = generated.queryExecution().executedPlan().treeString();
    assertTrue(plan.matches("(?s).*\\*\\(\\d+\\) Project.*"), "whole-stage codegen covers the projection:\n" + plan);
    for (String[] conf : new String[][] {{"spark.sql.codegen.wholeStage", "false"},
        {"spark.sql.codegen.factoryMode", "NO_CODEGEN"}}) {
      spark.conf().set(conf[0], conf[1]);
      try {
        RowAssertions.assertSameRows(expected, RowAssertions.rowsById(data.selectExpr(select)));
      } finally {
        spark.conf().unset(conf[0]);
      }
    }
    spark.conf().set("spark.sql.codegen.wholeStage", "false");
    spark.conf().set("spark.sql.codegen.factoryMode", "NO_CODEGEN");
    try {
      RowAssertions.assertSameRows(expected, RowAssertions.rowsById(data.selectExpr(select)));
    } finally {
      spark.conf().unset("spark.sql.codegen.wholeStage");
      spark.conf().unset("spark.sql.codegen.factoryMode");
    }
  }

  @Test
  void columnNamesAndExplainShowTheFunctions() {
    Dataset<Row> data = TestData.mixed(spark, 3, 1L);
    assertEquals(Arrays.asList("relu(dense)", "leaky_relu(x, 0.01)", "leaky_relu(x, 0.1)", "activation(arr, 'gelu')",
        "elu(sparse, 0.5)"), Arrays.asList(data.selectExpr("relu(dense)", "leaky_relu(x)", "leaky_relu(x, 0.1)",
            "activation(arr, 'gelu')", "elu(sparse, 0.5)").columns()));
    Dataset<Row> api = data.select(ActivationFunctions.relu(col("dense")), ActivationFunctions.elu(col("x"), 0.5),
        ActivationFunctions.activation(col("f"), "tanh"));
    assertEquals(Arrays.asList("relu(dense)", "elu(x, 0.5)", "activation(f, 'tanh')"), Arrays.asList(api.columns()));
    String explained = api.queryExecution().explainString(org.apache.spark.sql.execution.ExtendedMode$.MODULE$);
    assertTrue(explained.contains("relu(dense#") && explained.contains("elu(x#"), explained);
    assertFalse(explained.toLowerCase(java.util.Locale.ROOT).contains("udf"), explained);
  }

  @Test
  void theFunctionsAreThereWithNoStepAndTanhStaysSparks() {
    for (String name : ActivationFunctions.sqlNames()) {
      assertTrue(spark.catalog().functionExists(name), name);
      assertFalse(FunctionRegistry$.MODULE$.builtin().functionExists(new FunctionIdentifier(name)),
          name + " must not shadow a Spark built-in");
    }
    assertFalse(Arrays.asList(ActivationFunctions.sqlNames()).contains("tanh"));
    Row r = spark.sql("SELECT tanh(0.5D), activation(0.5D, 'tanh')").first();
    assertEquals(Math.tanh(0.5), r.getDouble(0), 0.0);
    assertEquals(Math.tanh(0.5), r.getDouble(1), 0.0);
  }

  @Test
  void theExtensionAndRegisterAddEveryFunction() {
    SparkSessionExtensions extensions = new SparkSessionExtensions();
    new ActivationExtensions().apply(extensions);
    FunctionRegistry registry = extensions.registerFunctions(FunctionRegistry$.MODULE$.builtin().clone());
    // The names listed, not looked up: from Spark 4.2 a lookup wants a qualified name.
    Set<String> listed = new HashSet<>();
    scala.collection.Iterator<FunctionIdentifier> ids = registry.listFunction().iterator();
    while (ids.hasNext()) {
      listed.add(ids.next().funcName());
    }
    for (String name : ActivationFunctions.sqlNames()) {
      assertTrue(listed.contains(name), name);
    }
    SparkSession other = spark.newSession();
    ActivationFunctions.register(other);
    ActivationFunctions.register(other);
    assertEquals(0.0, other.sql("SELECT relu(-2D)").first().getDouble(0), 0.0);
    assertTrue(other.sql("DESCRIBE FUNCTION leaky_relu").collectAsList().toString().contains("0.01"));
  }

  @Test
  void streamsGiveTheBatchResult() throws Exception {
    Dataset<Row> data = TestData.mixed(spark, 30, 8L);
    assertFalse(spark.conf().get("spark.sql.codegen.wholeStage").equals("false"));
    String[] select = {"id", "relu(dense) AS a", "leaky_relu(sparse, 0.2) AS b", "elu(x) AS c", "gelu(f) AS d",
        "activation(arr, 'silu') AS e", "sigmoid(farr) AS g"};
    Dataset<Row> stream = TestSpark.fileStream(data, "functions-stream").selectExpr(select);
    assertTrue(stream.isStreaming());
    RowAssertions.assertSameRows(data.selectExpr(select), TestSpark.runToMemory(stream, "functions"));
  }

  @Test
  void aSavedSqlTransformerUsesTheFunctionsAfterLoading() throws Exception {
    Dataset<Row> data = TestData.mixed(spark, 20, 4L);
    SQLTransformer sql = new SQLTransformer().setStatement(
        "SELECT id, relu(dense) AS r, leaky_relu(sparse, 0.2) AS l, activation(arr, 'gelu', 1.0) AS g FROM __THIS__");
    PipelineModel model = new Pipeline().setStages(new PipelineStage[] {sql}).fit(data);
    String path = TestSpark.tempDir("functions-model").resolve("model").toString();
    model.write().overwrite().save(path);
    Dataset<Row> loaded = PipelineModel.load(path).transform(data);
    RowAssertions.assertSameRows(model.transform(data), loaded);
    RowAssertions.assertSameRows(data.selectExpr("id", "relu(dense) AS r", "leaky_relu(sparse, 0.2) AS l",
        "activation(arr, 'gelu') AS g"), loaded);
  }
}
