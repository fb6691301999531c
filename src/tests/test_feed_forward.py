"""FeedForwardClassifier from Python: it learns XOR, which no linear model can; its outputs equal a
forward pass written here in NumPy from the model's weights; models, estimators and pipelines
saved in Python load on the JVM and the reverse."""

import numpy as np
import pytest
from pyspark.errors import IllegalArgumentException
from pyspark.ml import Pipeline, PipelineModel
from pyspark.ml.classification import LogisticRegression
from pyspark.ml.evaluation import MulticlassClassificationEvaluator
from pyspark.ml.feature import VectorAssembler
from pyspark.ml.linalg import Vectors
from pyspark.sql import DataFrame

from reference import leaky_relu, relu
from sparkactivations.pipelines import FeedForwardClassificationModel, FeedForwardClassifier

# Four Gaussian clusters at (+-1, +-1), sd 0.3, label 1 where the signs differ. A point crosses an
# axis with probability P(N(0, 0.3) > 1) = 4e-4 per coordinate, so the best rule is right on about
# 99.9% of rows; any linear rule gets at most 3 quadrants of 4 (75%). The floor of 95% sits well
# between the two, with room for a small network's imperfect boundary on 200 test rows.
FLOOR = 0.95


def xor_rows(n, seed):
    rng = np.random.default_rng(seed)
    signs = rng.choice([-1.0, 1.0], size=(n, 2))
    points = signs + 0.3 * rng.standard_normal((n, 2))
    labels = (signs[:, 0] != signs[:, 1]).astype(float)
    return points, labels


def xor_frame(spark, n, seed):
    points, labels = xor_rows(n, seed)
    rows = [(i, float(labels[i]), float(points[i, 0]), float(points[i, 1]), Vectors.dense(points[i]))
            for i in range(n)]
    return spark.createDataFrame(rows, ["id", "label", "x", "y", "features"]).repartition(2).cache()


@pytest.fixture(scope="module")
def train(spark):
    return xor_frame(spark, 200, 1)


@pytest.fixture(scope="module")
def test(spark):
    return xor_frame(spark, 200, 2)


def accuracy_of(predictions):
    return MulticlassClassificationEvaluator(metricName="accuracy").evaluate(predictions)


@pytest.fixture(scope="module")
def relu_model(train):
    # Two hidden layers, so that the layout check below covers more than one layer's offsets.
    return FeedForwardClassifier(layers=[2, 8, 6, 2], maxIter=80, seed=7).fit(train)


@pytest.fixture(scope="module")
def prelu_model(train):
    return FeedForwardClassifier(layers=[2, 8, 2], activation="prelu", preluSlopes="unit", maxIter=80,
                                 seed=7).fit(train)


def rows_of(df, *cols):
    return sorted(df.select("id", *cols).collect(), key=lambda r: r["id"])


def forward(layers, weights, hidden, points):
    """The network's output layer before the softmax: per layer the out x in weight matrix stored
    column-major, then the bias (MLlib's MultilayerPerceptronClassificationModel layout)."""
    a, off = points, 0
    for l in range(1, len(layers)):
        n_in, n_out = layers[l - 1], layers[l]
        # Column-major out x in read row by row is its in x out transpose.
        w = weights[off:off + n_in * n_out].reshape(n_in, n_out)
        off += n_in * n_out
        b = weights[off:off + n_out]
        off += n_out
        z = a @ w + b
        a = hidden(l, z) if l < len(layers) - 1 else z
    assert off == len(weights), "weights has values the layout does not account for"
    return a


def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def test_a_linear_model_cannot_learn_the_data(train, test):
    # A few iterations suffice: the bound holds for any linear rule, converged or not.
    linear = accuracy_of(LogisticRegression(maxIter=10).fit(train).transform(test))
    assert linear < 0.8, f"logistic regression reached {linear}: the data is not XOR-like"


@pytest.mark.parametrize("name", ["relu_model", "prelu_model"])
def test_learns_xor(request, test, name):
    model = request.getfixturevalue(name)
    assert isinstance(model, FeedForwardClassificationModel)
    accuracy = accuracy_of(model.transform(test))
    assert accuracy >= FLOOR, f"{name}: test accuracy {accuracy}"


def check_outputs_match_numpy(model, test, hidden):
    rows = rows_of(model.transform(test), "features", "rawPrediction", "probability", "prediction")
    points = np.array([r["features"].toArray() for r in rows])
    raw = forward(model.getLayers(), model.weights.toArray(), hidden, points)
    got_raw = np.array([r["rawPrediction"].toArray() for r in rows])
    got_probability = np.array([r["probability"].toArray() for r in rows])
    np.testing.assert_allclose(got_raw, raw, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(got_probability, softmax(raw), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(got_probability.sum(axis=1), 1.0, rtol=0, atol=1e-12)
    assert [r["prediction"] for r in rows] == raw.argmax(axis=1).astype(float).tolist()


def test_relu_outputs_are_a_softmax_forward_pass_of_the_weights(relu_model, test):
    assert relu_model.weights.size == (2 * 8 + 8) + (8 * 6 + 6) + (6 * 2 + 2)
    assert relu_model.slopes == [[], []]
    check_outputs_match_numpy(relu_model, test, lambda l, z: relu(z))


def test_prelu_outputs_use_the_learned_slopes(prelu_model, test):
    slopes = prelu_model.slopes
    assert [len(s) for s in slopes] == [8]
    # Trained: the slopes moved away from their start, torch.nn.PReLU's 0.25.
    assert any(abs(s - 0.25) > 1e-3 for s in slopes[0])
    check_outputs_match_numpy(prelu_model, test, lambda l, z: leaky_relu(z, np.array(slopes[l - 1])))


def test_summary_agrees_with_the_weights(relu_model, train):
    summary = relu_model.summary
    assert relu_model.hasSummary
    assert 1 <= summary.totalIterations <= 80
    history = summary.objectiveHistory
    assert len(history) == summary.totalIterations + 1
    rows = rows_of(train, "features", "label")
    points = np.array([r["features"].toArray() for r in rows])
    labels = np.array([int(r["label"]) for r in rows])
    weights = relu_model.weights.toArray()
    # The last objective is the mean cross-entropy of the final weights (regParam 0).
    p = softmax(forward([2, 8, 6, 2], weights, lambda l, z: relu(z), points))
    loss = -np.mean(np.log(p[np.arange(len(labels)), labels]))
    assert history[-1] == pytest.approx(loss, rel=1e-6)
    assert history[-1] < history[0]
    # Dead units: hidden units whose relu output is 0 on every training row.
    hidden = []

    def recorded(l, z):
        hidden.append(relu(z))
        return hidden[-1]

    forward([2, 8, 6, 2], weights, recorded, points)
    assert summary.deadUnitFractions == [float(np.mean(np.all(h == 0, axis=0))) for h in hidden]


def test_bad_values_are_refused_when_set_with_the_jvm_message():
    with pytest.raises(IllegalArgumentException, match="Unknown activation function 'swish'; valid functions are: "
                       "relu, .*, tanh, prelu."):
        FeedForwardClassifier(activation="swish")
    network = FeedForwardClassifier()
    with pytest.raises(IllegalArgumentException, match=r"layers needs at least 2 sizes \(input and output\), got \[3\]"):
        network.setLayers([3])
    with pytest.raises(IllegalArgumentException, match="solver"):
        network.setSolver("gd")
    assert network.getSolver() == "l-bfgs" and not network.isDefined(network.layers)


def test_model_saved_in_python_loads_on_the_jvm(spark, jvm, prelu_model, test, save_dir):
    prelu_model.save(save_dir)
    j = jvm.sparkactivations.pipelines.FeedForwardClassificationModel.load(save_dir)
    assert j.uid() == prelu_model.uid
    assert list(j.weights().toArray()) == prelu_model.weights.toArray().tolist()
    assert [list(s) for s in j.slopes()] == prelu_model.slopes
    assert (list(j.getLayers()), j.getActivation(), j.getPreluSlopes()) == ([2, 8, 2], "prelu", "unit")
    cols = ("rawPrediction", "probability", "prediction")
    assert rows_of(DataFrame(j.transform(test._jdf), spark), *cols) == rows_of(prelu_model.transform(test), *cols)


def test_model_saved_on_the_jvm_loads_in_python(spark, jvm, train, test, save_dir):
    gateway = spark.sparkContext._gateway
    layers = gateway.new_array(jvm.int, 3)
    for i, size in enumerate([2, 6, 2]):
        layers[i] = size
    j = (jvm.sparkactivations.pipelines.FeedForwardClassifier().setLayers(layers).setActivation("leaky_relu")
         .setAlpha(0.1).setSolver("adam").setMaxIter(20).setSeed(3).fit(train._jdf))
    j.write().save(save_dir)
    model = FeedForwardClassificationModel.load(save_dir)
    assert type(model) is FeedForwardClassificationModel and model.uid == j.uid()
    assert (model.getLayers(), model.getActivation(), model.getAlpha()) == ([2, 6, 2], "leaky_relu", 0.1)
    assert model.weights.toArray().tolist() == list(j.weights().toArray())
    assert model.hasSummary, "the summary is saved with the model"
    assert model.summary.objectiveHistory == list(j.summary().objectiveHistory())
    assert model.summary.totalIterations == j.summary().totalIterations()
    assert model.summary.deadUnitFractions == list(j.summary().deadUnitFractions())
    cols = ("rawPrediction", "probability", "prediction")
    assert rows_of(model.transform(test), *cols) == rows_of(DataFrame(j.transform(test._jdf), spark), *cols)


def test_estimator_round_trips_both_ways(jvm, tmp_path):
    network = FeedForwardClassifier(layers=[2, 4, 2], activation="elu", alpha=0.5, solver="adam", seed=5,
                                    regParam=1e-3, initialWeights=Vectors.dense([0.1] * 22), probabilityCol="p")
    network.save(str(tmp_path / "py"))
    j = jvm.sparkactivations.pipelines.FeedForwardClassifier.load(str(tmp_path / "py"))
    assert j.uid() == network.uid
    for p in network.params:
        jp = j.getParam(p.name)
        assert network.isSet(p) == j.isSet(jp), p.name
    assert (list(j.getLayers()), j.getActivation(), j.getAlpha(), j.getSolver(), j.getSeed(), j.getRegParam(),
            list(j.getInitialWeights().toArray()), j.getProbabilityCol(), j.getMaxIter()) == (
        [2, 4, 2], "elu", 0.5, "adam", 5, 1e-3, [0.1] * 22, "p", 100)
    j.setActivation("prelu").setPreluSlopes("unit").setMiniBatchFraction(0.25)
    j.write().save(str(tmp_path / "jvm"))
    loaded = FeedForwardClassifier.load(str(tmp_path / "jvm"))
    assert type(loaded) is FeedForwardClassifier and loaded.uid == network.uid
    assert (loaded.getActivation(), loaded.getPreluSlopes(), loaded.getMiniBatchFraction(), loaded.getSeed(),
            loaded.getLayers()) == ("prelu", "unit", 0.25, 5, [2, 4, 2])


def test_pipeline_model_saved_and_reloaded_predicts_the_same(train, test, save_dir):
    pipeline = Pipeline(stages=[VectorAssembler(inputCols=["x", "y"], outputCol="xy"),
                                FeedForwardClassifier(featuresCol="xy", layers=[2, 8, 2], activation="leaky_relu",
                                                      maxIter=60, seed=11)])
    model = pipeline.fit(train)
    model.save(save_dir)
    loaded = PipelineModel.load(save_dir)
    assert [type(s) for s in loaded.stages] == [VectorAssembler, FeedForwardClassificationModel]
    assert loaded.stages[1].uid == pipeline.getStages()[1].uid
    cols = ("rawPrediction", "probability", "prediction")
    assert rows_of(loaded.transform(test), *cols) == rows_of(model.transform(test), *cols)
    accuracy = accuracy_of(loaded.transform(test))
    assert accuracy >= FLOOR, f"test accuracy {accuracy}"


def test_models_survive_the_spark_connect_model_cache(request, connect, spark, train, test):
    """Over Spark Connect on Spark 4.1+, the server's model cache saves each model to its disk and
    loads it back when memory runs short (the test server keeps none in memory, so every use
    reloads it): outputs, weights and the summary are those of the model as fitted. In a classic
    session the model is the fitted object itself, and the same values are checked."""
    import pyspark

    model = FeedForwardClassifier(layers=[2, 5, 2], activation="prelu", maxIter=15, seed=9).fit(train)
    first = [r["probability"] for r in model.transform(test).orderBy("id").select("probability").collect()]
    weights, summary = model.weights, model.summary
    assert summary.totalIterations == 15 and len(summary.objectiveHistory) == 16
    assert [r["probability"] for r in model.transform(test).orderBy("id").select("probability").collect()] == first
    if connect:
        offloaded = request.getfixturevalue("connect_server").tmp / "spark_connect_model_cache"
        saved = list(offloaded.glob(f"*/{model._java_obj}/__model_class_name__"))  # str() is the model's id
        if tuple(int(v) for v in pyspark.__version__.split(".")[:2]) >= (4, 1):
            assert [p.read_text() for p in saved] == ["sparkactivations.pipelines.FeedForwardClassificationModel"]
        else:
            assert saved == [], "Spark 4.0 has no model cache offloading"
    copy = model.copy()
    assert copy.weights == weights and copy.summary.deadUnitFractions == summary.deadUnitFractions
