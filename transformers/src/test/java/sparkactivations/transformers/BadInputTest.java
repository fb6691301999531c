package sparkactivations.transformers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;
import org.apache.spark.ml.Transformer;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import sparkactivations.testing.TestData;
import sparkactivations.testing.TestSpark;

/** Every bad input fails in transformSchema (and so in transform, before any job) with a clear message. */
class BadInputTest {

  private final Dataset<Row> data = TestData.mixed(TestSpark.session(), 3, 1L)
      .selectExpr("*", "'a' as s", "cast(id as int) as i", "named_struct('v', x) as st");
  private final StructType schema = data.schema();

  /** Fails in transformSchema and in transform, with a message containing every fragment. */
  private void assertRefused(Supplier<Transformer> stage, String... fragments) {
    Transformer t = stage.get();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.transformSchema(schema));
    for (String f : fragments) {
      assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' lacks '" + f + "'");
    }
    assertEquals(e.getMessage(), assertThrows(IllegalArgumentException.class, () -> t.transform(data)).getMessage());
  }

  @Test
  void missingInputColumnIsNamedWithTheColumnsThereAre() {
    assertRefused(() -> new ReLU().setInputCol("features"), "'features'", "does not exist",
        "id, dense, sparse, x, f, arr, farr, s, i, st");
    assertRefused(() -> new Activation().setInputCols("x", "nope").setOutputCols("a", "b"), "'nope'", "Available");
  }

  @Test
  void unsupportedTypesNameColumnTypeAndWhatIsAccepted() {
    assertRefused(() -> new ELU().setInputCol("s"), "'s'", "string", ColumnActivation.ACCEPTED_TYPES);
    assertRefused(() -> new LeakyReLU().setInputCol("i"), "'i'", "int", "vector");
    assertRefused(() -> new Activation().setInputCol("st"), "'st'", "struct<v:double>", "array<float>");
    assertRefused(() -> new Activation().setInputCols("x", "id").setOutputCols("a", "b"), "'id'", "bigint");
  }

  @Test
  void existingOrRepeatedOutputColumn() {
    assertRefused(() -> new ReLU().setInputCol("x").setOutputCol("dense"), "'dense'", "already exists");
    assertRefused(() -> new Activation().setInputCols("x", "f").setOutputCols("o", "o"), "'o'", "more than once");
  }

  @Test
  void singleAndMultiColumnParamsMisused() {
    assertRefused(() -> new Activation().setInputCol("x").setInputCols("x", "f").setOutputCols("a", "b"),
        "both inputCol and inputCols");
    assertRefused(() -> new Activation().setInputCol("x").setOutputCols("a"), "outputCols", "outputCol with inputCol");
    assertRefused(() -> new Activation().setInputCols("x").setOutputCol("a"), "outputCols with inputCols");
    assertRefused(() -> new Activation().setInputCols("x", "f"), "outputCols is not");
    assertRefused(() -> new Activation().setInputCols("x", "f").setOutputCols("a"), "inputCols has 2", "outputCols has 1");
    assertRefused(Activation::new, "neither inputCol nor inputCols");
  }

  @Test
  void unknownFunctionListsTheValidOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Activation().setFunction("swish"));
    assertTrue(e.getMessage().contains("'swish'"));
    assertTrue(e.getMessage().contains(String.join(", ", ActivationFunction.names())), e.getMessage());
  }

  @Test
  void nonFiniteAlphaIsRefusedWhenSet() {
    for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
      assertTrue(assertThrows(IllegalArgumentException.class, () -> new LeakyReLU().setAlpha(bad))
          .getMessage().contains("finite"));
      assertThrows(IllegalArgumentException.class, () -> new ELU().setAlpha(bad));
      assertThrows(IllegalArgumentException.class, () -> new Activation().setAlpha(bad));
    }
  }

  @Test
  void celuRefusesAZeroAlpha() {
    assertRefused(() -> new Activation().setFunction("celu").setAlpha(0.0).setInputCol("x"), "celu", "must not be 0");
  }

  @Test
  void alphaIsIgnoredByFunctionsWithoutOne() {
    Activation a = new Activation().setFunction("relu").setAlpha(0.5).setInputCol("x").setOutputCol("o");
    assertEquals(0.5, a.getAlpha());
    a.transformSchema(schema);
    assertTrue(Double.isNaN(new Activation().getAlpha()), "relu has no alpha");
    assertEquals(0.01, new Activation().setFunction("leaky_relu").getAlpha());
  }
}
