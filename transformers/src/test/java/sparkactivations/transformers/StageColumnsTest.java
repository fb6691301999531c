package sparkactivations.transformers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import sparkactivations.testing.RowAssertions;
import sparkactivations.testing.TestData;
import sparkactivations.testing.TestSpark;

/** The stages on every column type through Spark, against the reference formulas. */
class StageColumnsTest {

  private static final String[] INPUTS = {"dense", "sparse", "x", "f", "arr", "farr"};

  private final SparkSession spark = TestSpark.session();

  static Stream<Arguments> stages() {
    List<Arguments> out = new ArrayList<>();
    out.add(Arguments.of("ReLU", (Supplier<Transformer>) ReLU::new, "relu", Double.NaN));
    out.add(Arguments.of("LeakyReLU default", (Supplier<Transformer>) LeakyReLU::new, "leaky_relu", 0.01));
    out.add(Arguments.of("LeakyReLU 0.3", (Supplier<Transformer>) () -> new LeakyReLU().setAlpha(0.3), "leaky_relu", 0.3));
    out.add(Arguments.of("ELU default", (Supplier<Transformer>) ELU::new, "elu", 1.0));
    out.add(Arguments.of("ELU 0.7", (Supplier<Transformer>) () -> new ELU().setAlpha(0.7), "elu", 0.7));
    for (ActivationFunction f : ActivationFunction.values()) {
      double alpha = f.usesAlpha() ? 1.7 : Double.NaN;
      out.add(Arguments.of("Activation " + f.functionName(), (Supplier<Transformer>) () -> {
        Activation a = new Activation().setFunction(f.functionName());
        return f.usesAlpha() ? a.setAlpha(1.7) : a;
      }, f.functionName(), alpha));
    }
    out.add(Arguments.of("Activation leaky_relu default alpha",
        (Supplier<Transformer>) () -> new Activation().setFunction("leaky_relu"), "leaky_relu", 0.01));
    return out.stream();
  }

  private static Transformer withColumns(Transformer t, String in, String out) {
    if (t instanceof Activation) {
      return ((Activation) t).setInputCol(in).setOutputCol(out);
    }
    return ((UnaryActivation<?>) t).setInputCol(in).setOutputCol(out);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stages")
  void everyColumnTypeMatchesTheReference(String label, Supplier<Transformer> make, String function, double alpha) {
    Dataset<Row> data = TestData.mixed(spark, 80, 41L);
    List<Row> inputs = RowAssertions.rowsById(data);
    for (String in : INPUTS) {
      Dataset<Row> out = withColumns(make.get(), in, "out").transform(data);
      assertEquals(data.schema().apply(in).dataType(), out.schema().apply("out").dataType(), "output type of " + in);
      List<Row> rows = RowAssertions.rowsById(out);
      assertEquals(inputs.size(), rows.size(), "no row lost or added");
      int nonNull = 0;
      for (int r = 0; r < rows.size(); r++) {
        Object x = inputs.get(r).getAs(in);
        Object y = rows.get(r).getAs("out");
        RowAssertions.assertSameValue(x, rows.get(r).getAs(in), "input column passes through untouched");
        if (x == null) {
          assertNull(y, "null in, null out");
          continue;
        }
        nonNull++;
        checkValue(label + " on " + in + " row " + r, function, alpha, x, y);
      }
      assertTrue(nonNull > 50);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("stages")
  void transformSchemaDescribesTheOutput(String label, Supplier<Transformer> make, String function, double alpha) {
    Dataset<Row> data = TestData.mixed(spark, 5, 1L);
    for (String in : INPUTS) {
      Transformer t = withColumns(make.get(), in, "out");
      StructField predicted = t.transformSchema(data.schema()).apply("out");
      StructField actual = t.transform(data).schema().apply("out");
      assertEquals(predicted.dataType(), actual.dataType());
      assertEquals(predicted.metadata(), actual.metadata());
      assertEquals(predicted.nullable(), actual.nullable());
    }
  }

  private static void checkValue(String where, String function, double alpha, Object x, Object y) {
    if (x instanceof Vector) {
      Vector vx = (Vector) x;
      Vector vy = (Vector) y;
      assertEquals(vx.size(), vy.size(), where);
      boolean keepsSparse = ActivationFunction.forName(function).mapsZeroToZero();
      if (vx instanceof SparseVector && keepsSparse) {
        assertTrue(vy instanceof SparseVector, where + ": stays sparse");
        assertTrue(((SparseVector) vy).numActives() <= ((SparseVector) vx).numActives(), where);
      } else {
        assertTrue(vy instanceof DenseVector, where + ": dense");
      }
      double[] ax = vx.toArray();
      double[] ay = vy.toArray();
      for (int i = 0; i < ax.length; i++) {
        assertAgrees(where + "[" + i + "]", function, alpha, ax[i], ay[i]);
      }
    } else if (x instanceof Double) {
      assertAgrees(where, function, alpha, (Double) x, (Double) y);
    } else if (x instanceof Float) {
      float expected = (float) ReferenceFormulas.value(function, (Float) x, alpha);
      assertEquals(expected, (Float) y, 2 * Math.ulp(expected) + 1e-30f, where);
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
          assertTrue(ey instanceof Float, where);
          float expected = (float) ReferenceFormulas.value(function, (Float) ex, alpha);
          assertEquals(expected, (Float) ey, 2 * Math.ulp(expected) + 1e-30f, where);
        } else {
          assertAgrees(where + "[" + i + "]", function, alpha, (Double) ex, (Double) ey);
        }
      }
    }
  }

  private static void assertAgrees(String where, String function, double alpha, double x, double y) {
    double expected = ReferenceFormulas.value(function, x, alpha);
    assertTrue(ReferenceFormulas.agrees(expected, y), where + ": " + function + "(" + x + ") = " + y
        + ", expected " + expected);
  }

  // --- edge values through every column type ------------------------------------------------

  private static final double[] EDGE_X = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0,
      1e-300, -1e-300, 1e300, -1e300};
  /** Written by hand from the definitions (products as IEEE doubles round them). */
  private static final double[] RELU_EDGES = {Double.NaN, Double.POSITIVE_INFINITY, 0.0, -0.0, 1e-300, 0.0,
      1e300, 0.0};
  private static final double[] LEAKY_EDGES = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
      -0.0, 1e-300, -1e-300 * 0.01, 1e300, -1e300 * 0.01};
  private static final double[] ELU_EDGES = {Double.NaN, Double.POSITIVE_INFINITY, -1.0, -0.0, 1e-300, -1e-300,
      1e300, -1.0};

  @Test
  void edgeValuesInEveryColumnType() {
    StructType schema = new StructType(new StructField[] {
        new StructField("id", DataTypes.LongType, false, Metadata.empty()),
        new StructField("dense", SQLDataTypes.VectorType(), true, Metadata.empty()),
        new StructField("sparse", SQLDataTypes.VectorType(), true, Metadata.empty()),
        new StructField("arr", DataTypes.createArrayType(DataTypes.DoubleType), true, Metadata.empty()),
        new StructField("x", DataTypes.DoubleType, true, Metadata.empty())});
    int[] idx = {0, 1, 2, 3, 4, 5, 6, 7};
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < EDGE_X.length; i++) {
      rows.add(RowFactory.create((long) i, Vectors.dense(EDGE_X), Vectors.sparse(10, idx, EDGE_X),
          boxed(EDGE_X), EDGE_X[i]));
    }
    Dataset<Row> data = spark.createDataFrame(rows, schema);
    check(data, new ReLU(), RELU_EDGES);
    check(data, new LeakyReLU(), LEAKY_EDGES);
    check(data, new ELU(), ELU_EDGES);
    check(data, new Activation().setFunction("relu"), RELU_EDGES);
    check(data, new Activation().setFunction("elu"), ELU_EDGES);
  }

  private void check(Dataset<Row> data, Transformer stage, double[] expected) {
    for (String in : new String[] {"dense", "sparse", "arr", "x"}) {
      List<Row> rows = RowAssertions.rowsById(withColumns(stage.copy(new org.apache.spark.ml.param.ParamMap()),
          in, "out").transform(data));
      for (int r = 0; r < rows.size(); r++) {
        Object y = rows.get(r).getAs("out");
        double[] actual;
        if (y instanceof Vector) {
          actual = Arrays.copyOf(((Vector) y).toArray(), EDGE_X.length);
        } else if (y instanceof Double) {
          assertEquals(Double.valueOf(expected[r]), (Double) y, stage + " on x = " + EDGE_X[r]);
          continue;
        } else {
          scala.collection.Seq<?> s = (scala.collection.Seq<?>) y;
          actual = new double[s.length()];
          for (int i = 0; i < actual.length; i++) {
            actual[i] = (Double) s.apply(i);
          }
        }
        for (int i = 0; i < EDGE_X.length; i++) {
          // Double.equals: NaN equals NaN; -0.0 and 0.0 differ.
          assertEquals(Double.valueOf(expected[i]), Double.valueOf(actual[i]), stage + " on " + in + " at " + EDGE_X[i]);
        }
        if (y instanceof SparseVector) {
          assertArrayEquals(new double[] {0, 0}, Arrays.copyOfRange(((Vector) y).toArray(), 8, 10), 0.0);
        }
      }
    }
  }

  private static List<Double> boxed(double[] v) {
    List<Double> out = new ArrayList<>();
    for (double d : v) {
      out.add(d);
    }
    return out;
  }

  // --- metadata ------------------------------------------------------------------------------

  @Test
  void vectorSizeAndAttributeNamesAreKept() {
    Dataset<Row> data = TestData.mixed(spark, 10, 3L);
    Dataset<Row> sized = new ReLU().setInputCol("dense").setOutputCol("out").transform(data);
    AttributeGroup group = AttributeGroup.fromStructField(sized.schema().apply("out"));
    assertEquals(TestData.DENSE_SIZE, group.size());
    assertEquals("out", group.name());

    Dataset<Row> unsized = new ReLU().setInputCol("sparse").setOutputCol("out").transform(data);
    assertEquals(-1, AttributeGroup.fromStructField(unsized.schema().apply("out")).size(), "no size is invented");

    Dataset<Row> assembled = new VectorAssembler().setInputCols(new String[] {"x", "f"}).setOutputCol("xf")
        .setHandleInvalid("keep").transform(data);
    Dataset<Row> named = new Activation().setFunction("tanh").setInputCol("xf").setOutputCol("out")
        .transform(assembled);
    AttributeGroup names = AttributeGroup.fromStructField(named.schema().apply("out"));
    assertEquals(2, names.size());
    assertEquals("x", names.getAttr(0).name().get());
    assertEquals("f", names.getAttr(1).name().get());

    // A downstream VectorAssembler reads the size from the metadata, with no job to look at the data.
    Dataset<Row> downstream = new VectorAssembler().setInputCols(new String[] {"out", "x"}).setOutputCol("all")
        .transform(sized.withColumnRenamed("out", "o").withColumnRenamed("o", "out"));
    assertEquals(TestData.DENSE_SIZE + 1, AttributeGroup.fromStructField(downstream.schema().apply("all")).size());
  }

  @Test
  void nonVectorOutputsCarryNoMetadata() {
    Dataset<Row> data = TestData.mixed(spark, 5, 3L);
    for (String in : new String[] {"x", "f", "arr", "farr"}) {
      Dataset<Row> out = new ReLU().setInputCol(in).setOutputCol("out").transform(data);
      assertEquals(Metadata.empty(), out.schema().apply("out").metadata());
    }
  }

  @Test
  void multiColumnActivationWritesEveryOutputAtOnce() {
    Dataset<Row> data = TestData.mixed(spark, 40, 9L);
    Activation a = new Activation().setFunction("leaky_relu").setAlpha(0.2)
        .setInputCols(INPUTS).setOutputCols("o0", "o1", "o2", "o3", "o4", "o5");
    List<Row> multi = RowAssertions.rowsById(a.transform(data));
    for (int c = 0; c < INPUTS.length; c++) {
      List<Row> single = RowAssertions.rowsById(new LeakyReLU().setAlpha(0.2).setInputCol(INPUTS[c])
          .setOutputCol("o").transform(data));
      for (int r = 0; r < single.size(); r++) {
        RowAssertions.assertSameValue(single.get(r).getAs("o"), multi.get(r).getAs("o" + c), INPUTS[c] + " row " + r);
      }
    }
    assertEquals(data.columns().length + 6, a.transform(data).columns().length);
  }

  @Test
  void nonNullableInputGivesNonNullableOutput() {
    Dataset<Row> data = spark.range(5).selectExpr("id", "cast(id as double) - 2 as v");
    assertTrue(!data.schema().apply("v").nullable());
    Dataset<Row> out = new ReLU().setInputCol("v").setOutputCol("out").transform(data);
    assertTrue(!out.schema().apply("out").nullable());
    List<Row> rows = RowAssertions.rowsById(out);
    for (Row r : rows) {
      assertEquals(Math.max(0, r.getLong(0) - 2.0), r.getDouble(2), 0.0);
    }
  }

  @Test
  void aMillionWideSparseVectorStaysSparseThroughSpark() {
    StructType schema = new StructType(new StructField[] {
        new StructField("id", DataTypes.LongType, false, Metadata.empty()),
        new StructField("v", SQLDataTypes.VectorType(), true, Metadata.empty())});
    List<Row> rows = Arrays.asList(
        RowFactory.create(0L, Vectors.sparse(1_000_000, new int[] {7, 654_321, 999_999}, new double[] {-2, 3, -0.25})),
        RowFactory.create(1L, Vectors.sparse(1_000_000, new int[0], new double[0])));
    List<Row> out = RowAssertions.rowsById(new LeakyReLU().setAlpha(0.5).setInputCol("v").setOutputCol("o")
        .transform(spark.createDataFrame(rows, schema)));
    SparseVector first = (SparseVector) out.get(0).getAs("o");
    assertEquals(1_000_000, first.size());
    assertArrayEquals(new int[] {7, 654_321, 999_999}, first.indices());
    assertArrayEquals(new double[] {-1, 3, -0.125}, first.values(), 0.0);
    SparseVector second = (SparseVector) out.get(1).getAs("o");
    assertEquals(0, second.numActives());
    assertEquals(1_000_000, second.size());
  }
}
