"""The SQL functions from Python (sparkactivations.functions and spark.sql): every function on
every column type against the NumPy formulas of reference.py and against the stages, bit for bit;
names, generated against interpreted code, registration and the errors."""

import contextlib
import io

import pyspark
import pytest
from pyspark.sql import functions as F
from pyspark.sql.utils import AnalysisException

from sparkactivations import functions as AF
from sparkactivations.transformers import FUNCTION_NAMES, Activation, default_alpha
from test_values import COLUMNS, SCHEMA, check_output, rows

SPARK_4 = int(pyspark.__version__.split(".")[0]) >= 4
CALLS = [(f, None) for f in FUNCTION_NAMES] + [("leaky_relu", 0.3), ("elu", 2.0), ("celu", 0.5)]


@pytest.fixture(scope="module")
def df(spark):
    if SPARK_4:
        # Spark loads the jar's SparkSessionExtensionsProvider by itself.
        assert spark.catalog.functionExists("relu")
    else:
        # PySpark 3.5 builds its JVM session without service-loaded extensions; the column
        # functions register the SQL functions when missing.
        AF.relu("v")
    assert all(spark.catalog.functionExists(f) for f in FUNCTION_NAMES if f != "tanh")
    # Behind a shuffle, so that the projections run in generated code, not in the optimiser.
    return spark.createDataFrame(rows(), SCHEMA).repartition(2).cache()


def column_call(f, col, alpha):
    if f == "tanh":
        return AF.activation(col, "tanh")
    fn = getattr(AF, f)
    return fn(col) if alpha is None else fn(col, alpha)


@pytest.mark.parametrize("f, alpha", CALLS, ids=[f"{f}-{a}" for f, a in CALLS])
def test_every_function_on_every_column_type(df, f, alpha):
    in_force = alpha if alpha is not None else default_alpha(f)
    in_force = None if in_force != in_force else in_force  # NaN: no alpha
    via_api = df.select("*", *[column_call(f, c, alpha).alias(c + "_fn") for c in COLUMNS])
    for c in COLUMNS:
        assert via_api.schema[c + "_fn"].dataType == df.schema[c].dataType
    check_output(df, via_api, {c: c + "_fn" for c in COLUMNS}, f, in_force)

    # The same through SQL text and through the stage, value for value.
    args = "" if alpha is None else f", {alpha!r}"
    calls = [f"activation({c}, '{f}'{args}) AS {c}_fn" for c in COLUMNS]
    via_sql = df.selectExpr("*", *calls)
    stage = Activation(function=f, inputCols=COLUMNS, outputCols=[c + "_fn" for c in COLUMNS])
    if alpha is not None:
        stage.setAlpha(alpha)
    expected = sorted(via_api.collect())
    assert sorted(via_sql.collect()) == expected
    assert sorted(stage.transform(df).collect()) == expected


def test_names_and_explain(spark, df):
    out = df.select(AF.relu("v"), AF.leaky_relu(F.col("d"), 0.1), AF.activation("a", "gelu"))
    assert out.columns == ["relu(v)", "leaky_relu(d, 0.1)", "activation(a, 'gelu')"]
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        out.explain()
    plan = printed.getvalue()
    assert "relu(v#" in plan and "udf" not in plan.lower()
    assert df.selectExpr("elu(d)").columns == ["elu(d, 1.0)"]


def test_generated_and_interpreted_code_agree(spark, df):
    select = [f"{f}({c})" for f in ("relu", "elu", "gelu", "sigmoid") for c in COLUMNS]
    expected = df.selectExpr("id", *select).collect()
    try:
        spark.conf.set("spark.sql.codegen.wholeStage", "false")
        spark.conf.set("spark.sql.codegen.factoryMode", "NO_CODEGEN")
        assert df.selectExpr("id", *select).collect() == expected
    finally:
        spark.conf.unset("spark.sql.codegen.wholeStage")
        spark.conf.unset("spark.sql.codegen.factoryMode")


def test_register_adds_them_to_a_session(spark, connect):
    # Over Spark Connect every session of the server has them already; register checks that it does.
    other = spark if connect else spark.newSession()
    AF.register(other)
    AF.register(other)
    assert other.sql("SELECT relu(-1D) AS r, activation(2D, 'relu6') AS s").first() == (0.0, 2.0)
    # Spark's own tanh is untouched.
    assert spark.sql("SELECT tanh(0D)").first()[0] == 0.0


@pytest.mark.parametrize("call, fragments", [
    (lambda: AF.relu("s"), ["DATATYPE_MISMATCH", "relu", "argument 1 (x)", "string", "array<float>"]),
    (lambda: AF.leaky_relu("d", float("nan")), ["leaky_relu", "argument 2 (alpha)", "finite"]),
    (lambda: AF.activation("d", "swish"), ["activation", "argument 2 (name)", "'swish'", "relu, leaky_relu"]),
    (lambda: AF.elu("d", float("inf")), ["elu", "finite"]),
    (lambda: F.call_function("relu", F.col("d"), F.lit(1.0)), ["WRONG_NUM_ARGS", "`relu` requires 1 (x) parameters", "actual number is 2"]),
    (lambda: F.call_function("elu", F.col("d"), F.col("d")), ["elu", "argument 2 (alpha)", "constant"]),
])
def test_bad_calls_fail_at_analysis(df, call, fragments):
    with pytest.raises(AnalysisException) as err:
        df.withColumn("s", F.lit("x")).select(call()).columns  # analysed here (lazily over Spark Connect)
    for fragment in fragments:
        assert fragment in str(err.value)


def test_alpha_must_be_a_number():
    with pytest.raises(TypeError):
        AF.elu("d", "1.0")


def test_a_vector_columns_size_and_names_carry_over_where_the_session_has_the_extension(spark):
    from pyspark.ml.linalg import Vectors

    names = ["a", "b", "c"]
    group = {"ml_attr": {"attrs": {"numeric": [{"idx": i, "name": n} for i, n in enumerate(names)]},
                         "num_attrs": 3}}
    src = spark.createDataFrame([(Vectors.dense([-1.0, 2.0, -3.0]),)], ["v"]) \
        .select(F.col("v").alias("v", metadata=group))
    out = src.select(AF.relu("v").alias("r"), AF.relu(AF.elu("v")).alias("nested"), F.col("v"))
    fields = {f.name: f.metadata for f in out.schema.fields}
    assert out.head()["r"].toArray().tolist() == [0.0, 2.0, 0.0]
    if SPARK_4:
        # Spark 4 sessions (classic and Spark Connect) load the extension, whose analyzer rule
        # gives the result the input's size and attribute names, as the stages do.
        for name in ("r", "nested"):
            attr = fields[name]["ml_attr"]
            assert attr["num_attrs"] == 3
            assert [a["name"] for a in attr["attrs"]["numeric"]] == names
    else:
        # PySpark 3.5's classic session has the functions (registered on first use), not the
        # extension's rule: only the stages keep the metadata there.
        assert "ml_attr" not in fields["r"]
