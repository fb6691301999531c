"""FeedForwardRegressor from Python: it learns y = sin(x1) * x2, which no linear model can; its
predictions equal a forward pass written here in NumPy with an activation per hidden layer; weights
equal repeated rows; early stopping keeps the weights of the lowest held-out loss; models and
estimators saved in Python load on the JVM and the reverse; bad input is refused naming it."""

import math

import numpy as np
import pytest
from pyspark.errors import IllegalArgumentException
from pyspark.ml import Pipeline, PipelineModel
from pyspark.ml.evaluation import RegressionEvaluator
from pyspark.ml.feature import VectorAssembler
from pyspark.ml.linalg import Vectors
from pyspark.ml.regression import LinearRegression
from pyspark.sql import DataFrame
from pyspark.sql import functions as F

from reference import elu, leaky_relu
from sparkactivations.pipelines import FeedForwardRegressionModel, FeedForwardRegressor

NOISE = 0.05


def sine_frame(spark, n, seed, partitions=2):
    """y = sin(x1) * x2 + N(0, NOISE), x1 in [-3, 3], x2 in [-2, 2]; a weight in {0, 1, 2}; one row in
    four held out."""
    rng = np.random.default_rng(seed)
    x = np.column_stack([rng.uniform(-3, 3, n), rng.uniform(-2, 2, n)])
    y = np.sin(x[:, 0]) * x[:, 1] + NOISE * rng.standard_normal(n)
    w = rng.integers(0, 3, n).astype(float)
    rows = [(i, float(y[i]), float(x[i, 0]), float(x[i, 1]), Vectors.dense(x[i]), float(w[i]), bool(i % 4 == 0))
            for i in range(n)]
    return (spark.createDataFrame(rows, ["id", "label", "x1", "x2", "features", "weight", "held"])
            .repartition(partitions).cache())


def rmse(predictions):
    return RegressionEvaluator(metricName="rmse").evaluate(predictions)


def rows_of(df, *cols):
    return sorted(df.select("id", *cols).collect(), key=lambda r: r["id"])


def forward(layers, weights, hidden, points):
    """The network's linear output: per layer the out x in weight matrix stored column-major, then the bias."""
    a, off = points, 0
    for l in range(1, len(layers)):
        n_in, n_out = layers[l - 1], layers[l]
        w = weights[off:off + n_in * n_out].reshape(n_in, n_out)
        off += n_in * n_out
        b = weights[off:off + n_out]
        off += n_out
        z = a @ w + b
        a = hidden(l, z) if l < len(layers) - 1 else z
    assert off == len(weights), "weights has values the layout does not account for"
    return a[:, 0]


@pytest.fixture(scope="module")
def train(spark):
    return sine_frame(spark, 600, 1)


@pytest.fixture(scope="module")
def test(spark):
    return sine_frame(spark, 300, 2)


def test_learns_sine_times_x_where_linear_regression_cannot(train, test):
    linear = rmse(LinearRegression().fit(train).transform(test))
    model = FeedForwardRegressor(layers=[2, 24, 12, 1], activation="tanh", maxIter=250, seed=3).fit(train)
    assert isinstance(model, FeedForwardRegressionModel)
    network = rmse(model.transform(test))
    assert linear > 0.7, f"linear regression reached RMSE {linear}: the target is not as nonlinear as meant"
    assert network < 0.1, f"network test RMSE {network} (linear regression {linear})"


def test_predictions_are_a_forward_pass_with_per_layer_activations(train, test):
    model = FeedForwardRegressor(layers=[2, 5, 4, 1], hiddenActivations=["elu", "prelu"], alpha=0.3,
                                 loss="huber", epsilon=0.5, maxIter=15, seed=2).fit(train)
    slopes = model.slopes
    assert [len(s) for s in slopes] == [0, 1]
    rows = rows_of(model.transform(test), "features", "prediction")
    points = np.array([r["features"].toArray() for r in rows])

    def hidden(l, z):
        return elu(z, 0.3) if l == 1 else leaky_relu(z, slopes[1][0])

    expected = forward([2, 5, 4, 1], model.weights.toArray(), hidden, points)
    np.testing.assert_allclose([r["prediction"] for r in rows], expected, rtol=1e-9, atol=1e-12)


def test_weight_two_equals_the_row_given_twice(spark, train):
    rows = train.collect()
    repeated = spark.createDataFrame([r for r in rows for _ in range(int(r["weight"]))], train.schema).repartition(3)
    network = FeedForwardRegressor(layers=[2, 5, 1], maxIter=15, seed=1)
    weighted = network.copy().setWeightCol("weight").fit(train)
    plain = network.fit(repeated)
    np.testing.assert_allclose(weighted.weights.toArray(), plain.weights.toArray(), rtol=1e-6, atol=1e-9)


def test_early_stopping_keeps_the_weights_of_the_lowest_held_out_loss(spark):
    # Few rows with noisy labels and a wide network: the held-out loss turns up while the training loss falls.
    data = sine_frame(spark, 160, 10).withColumn(
        "label", F.col("label") + F.when(F.col("id") % 2 == 0, 0.6).otherwise(-0.6)).cache()
    model = FeedForwardRegressor(layers=[2, 40, 40, 1], maxIter=300, seed=6, validationIndicatorCol="held",
                                 validationPatience=5, validationTol=0.0).fit(data)
    summary = model.summary
    history = summary.validationLossHistory
    assert len(history) == summary.totalIterations + 1
    assert summary.totalIterations == summary.bestIteration + 5 < 300
    assert history[summary.bestIteration] == min(history)
    held = [r for r in model.transform(data.filter("held")).select("label", "prediction").collect()]
    loss = np.mean([(r["prediction"] - r["label"]) ** 2 / 2 for r in held])
    assert loss == pytest.approx(min(history), rel=1e-9)


def test_model_saved_in_python_loads_on_the_jvm(spark, jvm, train, test, save_dir):
    model = FeedForwardRegressor(layers=[2, 4, 3, 1], hiddenActivations=["prelu", "tanh"], preluSlopes="unit",
                                 loss="huber", weightCol="weight", maxIter=10, seed=4).fit(train)
    model.save(save_dir)
    j = jvm.sparkactivations.pipelines.FeedForwardRegressionModel.load(save_dir)
    assert j.uid() == model.uid
    assert list(j.weights().toArray()) == model.weights.toArray().tolist()
    assert [list(s) for s in j.slopes()] == model.slopes
    assert (list(j.getLayers()), list(j.getHiddenActivations()), j.getLoss(), j.getWeightCol()) == (
        [2, 4, 3, 1], ["prelu", "tanh"], "huber", "weight")
    assert (rows_of(DataFrame(j.transform(test._jdf), spark), "prediction")
            == rows_of(model.transform(test), "prediction"))


def test_model_saved_on_the_jvm_loads_in_python(spark, jvm, train, test, save_dir):
    gateway = spark.sparkContext._gateway
    layers = gateway.new_array(jvm.int, 3)
    for i, size in enumerate([2, 6, 1]):
        layers[i] = size
    j = (jvm.sparkactivations.pipelines.FeedForwardRegressor().setLayers(layers).setActivation("leaky_relu")
         .setAlpha(0.1).setSolver("adam").setMaxIter(20).setSeed(3).fit(train._jdf))
    j.write().save(save_dir)
    model = FeedForwardRegressionModel.load(save_dir)
    assert type(model) is FeedForwardRegressionModel and model.uid == j.uid()
    assert (model.getLayers(), model.getActivation(), model.getAlpha(), model.getLoss()) == (
        [2, 6, 1], "leaky_relu", 0.1, "squaredError")
    assert model.weights.toArray().tolist() == list(j.weights().toArray())
    assert model.hasSummary and model.summary.totalIterations == j.summary().totalIterations()
    assert rows_of(model.transform(test), "prediction") == rows_of(DataFrame(j.transform(test._jdf), spark),
                                                                   "prediction")


def test_estimator_round_trips_both_ways(jvm, tmp_path):
    network = FeedForwardRegressor(layers=[2, 4, 3, 1], hiddenActivations=["relu", "selu"], loss="huber",
                                   epsilon=0.7, weightCol="w", validationIndicatorCol="v", validationPatience=3,
                                   seed=5)
    network.save(str(tmp_path / "py"))
    j = jvm.sparkactivations.pipelines.FeedForwardRegressor.load(str(tmp_path / "py"))
    assert j.uid() == network.uid
    for p in network.params:
        assert network.isSet(p) == j.isSet(j.getParam(p.name)), p.name
    assert (list(j.getHiddenActivations()), j.getLoss(), j.getEpsilon(), j.getWeightCol(),
            j.getValidationIndicatorCol(), j.getValidationPatience(), j.getSeed()) == (
        ["relu", "selu"], "huber", 0.7, "w", "v", 3, 5)
    j.setLoss("squaredError").setValidationTol(0.01)
    j.write().save(str(tmp_path / "jvm"))
    loaded = FeedForwardRegressor.load(str(tmp_path / "jvm"))
    assert type(loaded) is FeedForwardRegressor and loaded.uid == network.uid
    assert (loaded.getLoss(), loaded.getValidationTol(), loaded.getHiddenActivations()) == (
        "squaredError", 0.01, ["relu", "selu"])


def test_pipeline_model_saved_and_reloaded_predicts_the_same(train, test, save_dir):
    pipeline = Pipeline(stages=[VectorAssembler(inputCols=["x1", "x2"], outputCol="xy"),
                                FeedForwardRegressor(featuresCol="xy", layers=[2, 8, 1], maxIter=20, seed=11)])
    model = pipeline.fit(train)
    model.save(save_dir)
    loaded = PipelineModel.load(save_dir)
    assert [type(s) for s in loaded.stages] == [VectorAssembler, FeedForwardRegressionModel]
    assert rows_of(loaded.transform(test), "prediction") == rows_of(model.transform(test), "prediction")


def test_bad_input_is_refused_naming_it(spark):
    frame = spark.createDataFrame([(float(i), Vectors.dense([i * 0.1, 1.0]), 1.0) for i in range(10)]
                                  + [(math.nan, Vectors.dense([0.0, 1.0]), 1.0)], ["label", "features", "w"])
    with pytest.raises(IllegalArgumentException, match="Label column 'label' has the value NaN; labels must be finite"):
        FeedForwardRegressor(layers=[2, 3, 1], maxIter=2).fit(frame)
    negative = frame.filter("NOT isnan(label)").union(
        spark.createDataFrame([(1.0, Vectors.dense([0.0, 1.0]), -2.0)], frame.schema))
    with pytest.raises(IllegalArgumentException, match="Weight column 'w' has the value -2.0"):
        FeedForwardRegressor(layers=[2, 3, 1], maxIter=2, weightCol="w").fit(negative)
    with pytest.raises(IllegalArgumentException, match=r"hiddenActivations has 1 activations \[tanh\] but layers "
                       r"\[2, 3, 3, 1\] have 2 hidden layers"):
        FeedForwardRegressor(layers=[2, 3, 3, 1], hiddenActivations=["tanh"]).fit(negative)
    with pytest.raises(IllegalArgumentException, match="a regressor has one"):
        FeedForwardRegressor(layers=[2, 3, 2]).fit(negative)
    with pytest.raises(IllegalArgumentException, match="loss"):
        FeedForwardRegressor(loss="absoluteError")
    with pytest.raises(IllegalArgumentException, match="Unknown activation function 'swish'"):
        FeedForwardRegressor(hiddenActivations=["relu", "swish"])
