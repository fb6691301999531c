"""sparkactivations.pipelines against the JVM helpers it wraps: the same defaults, pipelines
built and tuned on the JVM coming back as PySpark objects, bad specs refused with the JVM's
message."""

import inspect
import math

import pytest
from pyspark.errors import IllegalArgumentException
from pyspark.ml import Pipeline, PipelineModel
from pyspark.ml.classification import MultilayerPerceptronClassifier
from pyspark.ml.feature import StandardScaler, VectorAssembler

from sparkactivations.pipelines import (FeedForwardClassificationModel, FeedForwardClassifier, PerceptronPipelines,
                                       PerceptronSpec, PerceptronTuning, TuningGrid)
from sparkactivations.transformers import Activation

# PerceptronPipelines and PerceptronTuning drive their JVM classes through py4j: classic sessions only
# (over Spark Connect they refuse with what to use instead, which test_errors.py checks).
pytestmark = pytest.mark.classic_only


def defaults(cls):
    return {name: p.default for name, p in inspect.signature(cls.__init__).parameters.items() if name != "self"}


def test_spec_defaults_are_the_jvms(jvm):
    j = jvm.sparkactivations.pipelines.PerceptronSpec()
    want = {
        "featuresCol": j.getFeaturesCol(), "featureCols": j.getFeatureCols(), "labelCol": j.getLabelCol(),
        "predictionCol": j.getPredictionCol(), "standardize": j.getStandardize(), "center": j.getCenter(),
        "activation": j.getActivation(), "alpha": None if not j.hasAlpha() else j.getAlpha(),
        "hiddenLayers": list(j.getHiddenLayers()), "maxIter": j.getMaxIter(), "tol": j.getTol(),
        "seed": j.getSeed(), "classifier": j.getClassifier().name(),
    }
    got = defaults(PerceptronSpec)
    got["hiddenLayers"] = list(got["hiddenLayers"])
    assert got == want
    assert vars(PerceptronSpec()) == want


def test_grid_defaults_are_the_jvms(jvm):
    j = jvm.sparkactivations.pipelines.TuningGrid()
    want = {
        "activations": list(j.getActivations()), "alphas": list(j.getAlphas()),
        "hiddenLayers": [list(h) for h in j.getHiddenLayers()], "method": j.getMethod().name(),
        "numFolds": j.getNumFolds(), "trainRatio": j.getTrainRatio(), "metricName": j.getMetricName(),
        "seed": j.getSeed(), "parallelism": j.getParallelism(),
    }
    got = {k: list(v) if isinstance(v, tuple) else v for k, v in defaults(TuningGrid).items()}
    assert got == want
    assert vars(TuningGrid()) == want


@pytest.fixture(scope="module")
def three_classes(spark):
    rows = []
    for i in range(90):
        label = i % 3
        rows.append((i, label * 2.0 + (i % 7) * 0.1, -label + (i % 5) * 0.2, float(i % 2), label))
    return spark.createDataFrame(rows, ["id", "a", "b", "c", "label"])


def test_build_infers_layers_and_returns_a_pyspark_pipeline(three_classes):
    spec = PerceptronSpec(featureCols=["a", "b", "c"], activation="leaky_relu", alpha=0.1,
                          hiddenLayers=[8], maxIter=60, seed=3)
    assert PerceptronPipelines.layers(spec, three_classes) == [3, 8, 3]
    pipeline = PerceptronPipelines.build(spec, three_classes)
    assert isinstance(pipeline, Pipeline)
    stages = pipeline.getStages()
    assert [type(s) for s in stages] == [VectorAssembler, StandardScaler, Activation, MultilayerPerceptronClassifier]
    assert (stages[2].getFunction(), stages[2].getAlpha()) == ("leaky_relu", 0.1)
    assert stages[3].getLayers() == [3, 8, 3]
    model = pipeline.fit(three_classes)
    right = model.transform(three_classes).filter("prediction = label").count()
    assert right >= 85, f"{right} of 90"


def test_build_with_the_feed_forward_classifier(three_classes):
    spec = PerceptronSpec(featureCols=["a", "b", "c"], activation="prelu", hiddenLayers=[8], maxIter=60, seed=3,
                          classifier="FEED_FORWARD")
    pipeline = PerceptronPipelines.build(spec, three_classes)
    stages = pipeline.getStages()
    # The activation is the network's own, so there is no Activation stage.
    assert [type(s) for s in stages] == [VectorAssembler, StandardScaler, FeedForwardClassifier]
    network = stages[2]
    assert (network.getLayers(), network.getActivation(), network.getAlpha(), network.getMaxIter(),
            network.getSeed(), network.getFeaturesCol()) == ([3, 8, 3], "prelu", 0.25, 60, 3, "features_scaled")
    model = pipeline.fit(three_classes)
    assert isinstance(model.stages[2], FeedForwardClassificationModel)
    assert [len(s) for s in model.stages[2].slopes] == [1], "one slope per hidden layer by default"
    right = model.transform(three_classes).filter("prediction = label").count()
    assert right >= 85, f"{right} of 90"


def test_prelu_needs_the_feed_forward_classifier(three_classes):
    with pytest.raises(IllegalArgumentException, match="activation 'prelu' learns its slope, so it needs classifier "
                       "FEED_FORWARD"):
        PerceptronPipelines.build(PerceptronSpec(featureCols=["a"], activation="prelu"), three_classes)


def test_bad_spec_is_refused_with_the_jvm_message(three_classes):
    with pytest.raises(IllegalArgumentException) as info:
        PerceptronPipelines.build(PerceptronSpec(activation="swish", maxIter=0), three_classes)
    message = str(info.value)
    assert "Invalid PerceptronSpec: neither featuresCol nor featureCols is set" in message
    assert "activation 'swish' is unknown" in message and "maxIter is 0; it must be at least 1" in message


def test_tune_returns_every_candidate_and_the_best_model(three_classes):
    spec = PerceptronSpec(featureCols=["a", "b", "c"], maxIter=30)
    grid = TuningGrid(activations=["relu", "elu"], alphas=[0.5], hiddenLayers=[[4], [8]],
                      method="TRAIN_VALIDATION_SPLIT", trainRatio=0.7)
    result = PerceptronTuning.tune(spec, grid, three_classes)
    assert result.metricName == "accuracy"
    # Hidden layers outermost, then functions; alpha only for elu.
    assert [(c.activation, c.hiddenLayers) for c in result.candidates] == [
        ("relu", [4]), ("elu", [4]), ("relu", [8]), ("elu", [8])]
    assert [math.isnan(c.alpha) for c in result.candidates] == [True, False, True, False]
    assert all(c.alpha == 0.5 for c in result.candidates if c.activation == "elu")
    assert all(c.layers[0] == 3 and c.layers[-1] == 3 for c in result.candidates)
    assert all(0.0 <= c.metric <= 1.0 for c in result.candidates)
    assert result.best.metric == max(c.metric for c in result.candidates)
    assert isinstance(result.bestModel, PipelineModel)
    best_activation = [s for s in result.bestModel.stages if isinstance(s, Activation)]
    assert [s.getFunction() for s in best_activation] == [result.best.activation]
    assert result.bestModel.transform(three_classes).count() == 90
