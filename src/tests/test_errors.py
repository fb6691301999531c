"""JVM errors reach Python as PySpark's own exceptions, with the JVM's message intact, in a classic
session and from a Spark Connect server alike. A transformed DataFrame is analysed lazily over
Spark Connect, so each test asks for its columns, which is where the error comes."""

import pytest
from py4j.protocol import Py4JJavaError
from pyspark.errors import IllegalArgumentException
from pyspark.ml.linalg import Vectors

from sparkactivations.transformers import ELU, Activation, LeakyReLU, ReLU

VALID = "relu, leaky_relu, elu, selu, celu, gelu, silu, softplus, relu6, sigmoid, tanh"


@pytest.fixture(scope="module")
def df(spark):
    return spark.createDataFrame([(1, "a", Vectors.dense([1.0]))], ["id", "s", "v"])


def raised(call):
    with pytest.raises(IllegalArgumentException) as info:
        call()
    assert not isinstance(info.value, Py4JJavaError)
    return str(info.value)


def test_unknown_function_fails_when_set_with_the_jvm_message():
    message = raised(lambda: Activation(function="Relu"))
    assert f"Unknown activation function 'Relu' (names are lower case: 'relu'); valid functions are: {VALID}." in message
    stage = Activation()
    raised(lambda: stage.setFunction("swish"))
    assert stage.getFunction() == "relu", "a refused value must not be kept"


def test_bad_column_type(df):
    for stage in (ReLU(inputCol="s"), Activation(inputCol="s", function="tanh")):
        message = raised(lambda: stage.transform(df).columns)
        assert ("Input column 's' has type string; an activation accepts vector (dense or sparse), "
                "double, float, array<double> or array<float>.") in message


def test_missing_column(df):
    message = raised(lambda: ELU(inputCol="nope").transform(df).columns)
    assert "Input column 'nope' does not exist. Available columns: id, s, v." in message


def test_non_finite_alpha():
    stage = LeakyReLU()
    message = raised(lambda: stage.setAlpha(float("nan")))
    assert f"{stage.uid}: alpha must be finite, got NaN." in message
    message = raised(lambda: Activation(function="elu", alpha=float("inf")))
    assert "alpha must be finite, got Infinity." in message


def test_conflicting_columns(df):
    stage = Activation(inputCol="v", inputCols=["v"], outputCols=["w"])
    message = raised(lambda: stage.transform(df).columns)
    assert f"Activation {stage.uid}: both inputCol and inputCols are set; set only one." in message


def test_existing_output_column(df):
    message = raised(lambda: ReLU(inputCol="v", outputCol="s").transform(df).columns)
    assert "Output column 's' already exists; choose a new name." in message


def test_perceptron_pipelines_over_spark_connect_say_what_to_use_instead(monkeypatch, spark):
    import sparkactivations.transformers as transformers
    from sparkactivations.pipelines import PerceptronPipelines, PerceptronSpec

    # What pyspark.sql.utils.is_remote() says in a Spark Connect client (and does in connect mode).
    monkeypatch.setattr(transformers, "is_remote", lambda: True)
    with pytest.raises(NotImplementedError) as info:
        PerceptronPipelines.layers(PerceptronSpec(featuresCol="v"), spark.range(1))
    message = str(info.value)
    assert message.startswith("sparkactivations.pipelines.PerceptronPipelines, PerceptronTuning and PerceptronSpec "
                              "need a classic SparkSession"), message
    assert "Spark Connect client" in message and "CrossValidator" in message
