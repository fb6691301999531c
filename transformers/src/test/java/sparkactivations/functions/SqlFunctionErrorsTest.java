package sparkactivations.functions;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import sparkactivations.testing.TestData;
import sparkactivations.testing.TestSpark;
import sparkactivations.transformers.ActivationFunction;

/**
 * Bad calls fail while the query is analysed, before any job, naming the function, the argument,
 * what was found and what is accepted.
 */
class SqlFunctionErrorsTest {

  private final Dataset<Row> data = TestData.mixed(TestSpark.session(), 3, 1L)
      .selectExpr("*", "'a' AS s", "cast(id AS int) AS i", "named_struct('v', x) AS st");

  private static void assertMessage(Throwable e, String... fragments) {
    for (String f : fragments) {
      assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' lacks '" + f + "'");
    }
  }

  /** {@code selectExpr} analyses at once: the error comes before any action. */
  private void assertRefused(String expr, String... fragments) {
    Executable analyse = () -> data.selectExpr(expr);
    assertMessage(assertThrows(AnalysisException.class, analyse), fragments);
  }

  @Test
  void wrongInputTypeNamesFunctionArgumentTypeAndTheAcceptedTypes() {
    assertRefused("relu(s)", "DATATYPE_MISMATCH", "\"relu(s)\"", "relu", "argument 1 (x)", "string", ActivationFunctions.ACCEPTED_TYPES);
    assertRefused("leaky_relu(i, 0.1)", "leaky_relu", "argument 1 (x)", "int", "vector");
    assertRefused("activation(st, 'gelu')", "activation", "argument 1 (x)", "struct<v:double>", "array<float>");
    assertRefused("sigmoid(id)", "sigmoid", "bigint");
    // The Column functions meet the same check when the query is analysed.
    assertMessage(assertThrows(AnalysisException.class, () -> data.select(ActivationFunctions.elu(col("s")))),
        "elu", "argument 1 (x)", "string", ActivationFunctions.ACCEPTED_TYPES);
  }

  @Test
  void alphaMustBeAFiniteConstantNumber() {
    assertRefused("leaky_relu(x, x)", "leaky_relu", "argument 2 (alpha)", "constant number", "non-constant double");
    assertRefused("elu(x, 'big')", "elu", "argument 2 (alpha)", "constant number", "string");
    assertRefused("celu(x, NULL)", "celu", "argument 2 (alpha)", "NULL");
    assertRefused("leaky_relu(x, double('NaN'))", "leaky_relu", "argument 2 (alpha)", "finite", "NaN");
    assertRefused("elu(x, double('Infinity'))", "elu", "argument 2 (alpha)", "finite", "Infinity");
    assertRefused("activation(x, 'celu', 0)", "activation", "argument 3 (alpha)", "must not be 0");
    assertRefused("activation(x, 'elu', x)", "activation", "argument 3 (alpha)", "constant number");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ActivationFunctions.leaky_relu(col("x"), Double.NaN));
    assertMessage(e, "leaky_relu", "finite", "NaN");
    assertMessage(assertThrows(IllegalArgumentException.class,
        () -> ActivationFunctions.activation(col("x"), "celu", 0.0)), "celu", "must not be 0");
  }

  @Test
  void wrongNumberOfArguments() {
    assertRefused("relu(x, 0.1)", "WRONG_NUM_ARGS", "`relu` requires 1 (x) parameters", "actual number is 2");
    assertRefused("relu()", "`relu` requires 1 (x) parameters", "actual number is 0");
    assertRefused("leaky_relu(x, 0.1, 0.2)", "`leaky_relu` requires 1 or 2 (x [, alpha]) parameters",
        "actual number is 3");
    assertRefused("activation(x)", "`activation` requires 2 or 3 (x, name [, alpha]) parameters",
        "actual number is 1");
    assertRefused("activation(x, 'elu', 1, 2)", "actual number is 4");
  }

  @Test
  void unknownOrNonConstantNameListsTheValidOnes() {
    String valid = String.join(", ", ActivationFunction.names());
    assertRefused("activation(x, 'swish')", "activation", "argument 2 (name)", "'swish'", valid);
    assertRefused("activation(x, 'ReLU')", "names are lower case");
    assertRefused("activation(x, s)", "activation", "argument 2 (name)", "constant string", valid);
    assertRefused("activation(x, 1)", "argument 2 (name)", "constant string");
    assertMessage(assertThrows(IllegalArgumentException.class,
        () -> ActivationFunctions.activation(col("x"), "swish")), "'swish'", valid);
  }
}
