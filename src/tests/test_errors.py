"""JVM errors reach Python as PySpark's own exceptions, with the JVM's message intact."""

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
        message = raised(lambda: stage.transform(df))
        assert ("Input column 's' has type string; an activation accepts vector (dense or sparse), "
                "double, float, array<double> or array<float>.") in message


def test_missing_column(df):
    message = raised(lambda: ELU(inputCol="nope").transform(df))
    assert "Input column 'nope' does not exist. Available columns: id, s, v." in message


def test_non_finite_alpha():
    stage = LeakyReLU()
    message = raised(lambda: stage.setAlpha(float("nan")))
    assert f"{stage.uid}: alpha must be finite, got NaN." in message
    message = raised(lambda: Activation(function="elu", alpha=float("inf")))
    assert "alpha must be finite, got Infinity." in message


def test_conflicting_columns(df):
    stage = Activation(inputCol="v", inputCols=["v"], outputCols=["w"])
    message = raised(lambda: stage.transform(df))
    assert f"Activation {stage.uid}: both inputCol and inputCols are set; set only one." in message


def test_existing_output_column(df):
    message = raised(lambda: ReLU(inputCol="v", outputCol="s").transform(df))
    assert "Output column 's' already exists; choose a new name." in message


def test_a_spark_connect_session_is_refused_with_what_to_do(monkeypatch):
    import sparkactivations.transformers as transformers
    from sparkactivations.pipelines import FeedForwardClassifier, FeedForwardRegressor, PerceptronPipelines, PerceptronSpec

    # What pyspark.sql.utils.is_remote() says in a Spark Connect client.
    monkeypatch.setattr(transformers, "is_remote", lambda: True)
    for make, name in ((lambda: ReLU(inputCol="v"), "sparkactivations.transformers.ReLU"),
                       (lambda: Activation(function="gelu"), "sparkactivations.transformers.Activation"),
                       (lambda: FeedForwardClassifier(layers=[2, 3, 2]), "sparkactivations.pipelines.FeedForwardClassifier"),
                       (lambda: FeedForwardRegressor(layers=[2, 3, 1]), "sparkactivations.pipelines.FeedForwardRegressor"),
                       (lambda: PerceptronPipelines.layers(PerceptronSpec(featuresCol="v"), None), "sparkactivations.pipelines")):
        with pytest.raises(NotImplementedError) as info:
            make()
        message = str(info.value)
        assert message.startswith(f"{name} needs a classic SparkSession"), message
        assert "Spark Connect client" in message and "spark.jars = sparkactivations.jar_path()" in message
