"""The Python wrappers against their JVM stages: the same params, docs and defaults (read from the
JVM through py4j, so they cannot drift), keyword-only construction, getters, setters, copies."""

import functools
import inspect
import math

import pytest
from pyspark.ml.classification import MultilayerPerceptronClassifier
from pyspark.ml.common import _java2py
from pyspark.ml.linalg import Vectors
from pyspark.ml.util import JavaMLReader

from sparkactivations import pipelines, transformers
from sparkactivations.pipelines import (ACTIVATION_NAMES, FeedForwardClassificationModel, FeedForwardClassifier,
                                        FeedForwardRegressionModel, FeedForwardRegressor)
from sparkactivations.transformers import ELU, FUNCTION_NAMES, Activation, LeakyReLU, ReLU

# Stages users build; models come from fit or load (a model's network is fixed by its training).
BUILT = [ReLU, LeakyReLU, ELU, Activation, FeedForwardClassifier, FeedForwardRegressor]
STAGES = BUILT + [FeedForwardClassificationModel, FeedForwardRegressionModel]
# Params the network stages take from PySpark's classifier mixins, with PySpark's docs (those of every
# MLlib classifier in Python, which differ from the JVM's in punctuation only); names and defaults are
# still compared.
PYSPARK_CLASSIFIER_PARAMS = {"featuresCol", "labelCol", "predictionCol", "probabilityCol", "rawPredictionCol",
                             "thresholds"}


def jvm_class(jvm, cls):
    return functools.reduce(getattr, f"{cls.__module__}.{cls.__name__}".split("."), jvm)


@pytest.fixture(scope="module")
def jvm_models(spark, jvm):
    """JVM models fitted on their own, without the wrappers, by model class."""
    df = spark.createDataFrame([(Vectors.dense([float(i % 3), float(i % 2)]), float(i % 2)) for i in range(8)],
                               ["features", "label"])
    models = {}
    for model, estimator, sizes in ((FeedForwardClassificationModel, "FeedForwardClassifier", [2, 3, 2]),
                                    (FeedForwardRegressionModel, "FeedForwardRegressor", [2, 3, 1])):
        layers = spark.sparkContext._gateway.new_array(jvm.int, 3)
        for i, size in enumerate(sizes):
            layers[i] = size
        models[model] = getattr(jvm.sparkactivations.pipelines, estimator)().setLayers(layers).setMaxIter(2).fit(
            df._jdf)
    return models


@pytest.fixture
def jvm_stage(jvm, jvm_models):
    """A JVM stage made on its own (not the wrapper's, which Python pushes its defaults into)."""
    def make(cls, uid):
        return jvm_models[cls] if cls in jvm_models else jvm_class(jvm, cls)(uid)
    return make


def jvm_method_names(j):
    return {m.getName() for m in j.getClass().getMethods()}


@pytest.mark.parametrize("cls", STAGES, ids=lambda c: c.__name__)
def test_params_docs_and_defaults_match_the_jvm_stage(spark, jvm_stage, cls):
    py = cls()
    j = jvm_stage(cls, py.uid)
    jparams = {p.name(): p for p in j.params()}
    assert sorted(p.name for p in py.params) == sorted(jparams)
    methods = jvm_method_names(j)
    for p in py.params:
        jp = jparams[p.name]
        if p.name in PYSPARK_CLASSIFIER_PARAMS and cls.__module__ == pipelines.__name__:
            assert p.doc == MultilayerPerceptronClassifier().getParam(p.name).doc, p.name
        else:
            assert p.doc == jp.doc(), p.name
        assert py.hasDefault(p) == j.hasDefault(jp), p.name
        if j.hasDefault(jp):
            assert py.getOrDefault(p) == _java2py(spark.sparkContext, j.getDefault(jp).get()), p.name
        suffix = p.name[0].upper() + p.name[1:]
        assert callable(getattr(py, "get" + suffix)), p.name
        # A setter exactly where the JVM class has one (a model's network params are fixed).
        assert callable(getattr(py, "set" + suffix, None)) == ("set" + suffix in methods), p.name


@pytest.mark.parametrize("cls", STAGES, ids=lambda c: c.__name__)
def test_class_names_mirror_the_jvm(jvm_stage, cls):
    j = jvm_stage(cls, "x")
    # PySpark's _from_java imports the JVM class name as module + attribute.
    assert j.getClass().getName() == f"{cls.__module__}.{cls.__name__}"
    assert getattr(transformers if cls.__module__ == transformers.__name__ else pipelines, cls.__name__) is cls
    assert JavaMLReader._java_loader_class(cls) == j.getClass().getName()


@pytest.mark.parametrize("cls", BUILT, ids=lambda c: c.__name__)
def test_uids_are_prefixed_as_on_the_jvm(jvm, cls):
    assert cls().uid.rsplit("_", 1)[0] == jvm_class(jvm, cls)().uid().rsplit("_", 1)[0]


# PySpark's JavaWrapper.__del__ complains about the half-built object that cls("features") leaves.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.parametrize("cls", BUILT, ids=lambda c: c.__name__)
def test_init_and_set_params_are_keyword_only_over_the_params(spark, jvm, cls):
    names = sorted(p.name for p in cls().params)
    j = jvm_class(jvm, cls)("x")
    for method in (cls.__init__, cls.setParams):
        signature = inspect.signature(method)
        args = [a for a in signature.parameters.values() if a.name != "self"]
        assert all(a.kind is inspect.Parameter.KEYWORD_ONLY for a in args)
        assert sorted(a.name for a in args) == names
        for a in args:
            jp = j.getParam(a.name)
            # outputCol's default follows the uid; seed=None keeps the default seed, as in PySpark's MLlib.
            if j.hasDefault(jp) and a.name not in ("outputCol", "seed"):
                assert a.default == _java2py(spark.sparkContext, j.getDefault(jp).get()), a.name
            else:
                assert a.default is None, a.name
    with pytest.raises(TypeError):
        cls("features")


def test_setters_getters_and_set_params():
    relu = ReLU()
    assert relu.setInputCol("x") is relu
    assert relu.setParams(outputCol="y") is relu
    assert (relu.getInputCol(), relu.getOutputCol()) == ("x", "y")
    leaky = LeakyReLU(inputCol="x")
    assert leaky.getAlpha() == 0.01 and not leaky.isSet(leaky.alpha)
    assert leaky.setAlpha(0.25).getAlpha() == 0.25
    act = Activation(inputCols=["a", "b"], outputCols=["c", "d"], function="celu", alpha=2)
    assert (act.getInputCols(), act.getOutputCols(), act.getFunction(), act.getAlpha()) == (
        ["a", "b"], ["c", "d"], "celu", 2.0)
    assert act.setFunction("silu").getFunction() == "silu"


def test_activation_alpha_falls_back_to_the_functions_default_as_on_the_jvm(jvm):
    functions = jvm.sparkactivations.transformers.ActivationFunction
    assert list(FUNCTION_NAMES) == list(functions.names())
    for name in FUNCTION_NAMES:
        want = functions.forName(name).defaultAlpha()
        got = Activation(function=name).getAlpha()
        assert (math.isnan(got) and math.isnan(want)) or got == want, name
        j = jvm.sparkactivations.transformers.Activation().setFunction(name)
        assert (math.isnan(got) and math.isnan(j.getAlpha())) or got == j.getAlpha(), name
    assert Activation(function="elu", alpha=0.5).getAlpha() == 0.5


@pytest.mark.parametrize("cls", BUILT, ids=lambda c: c.__name__)
def test_explain_params_lists_every_param_with_its_value(cls):
    stage = cls()
    stage._set(outputCol="out") if stage.hasParam("outputCol") else stage._set(predictionCol="out")
    text = stage.explainParams()
    assert all(f"{p.name}: {p.doc}" in text for p in stage.params)
    assert "current: out" in text


def test_copy_is_independent_of_the_original(spark):
    from pyspark.ml.linalg import Vectors

    df = spark.createDataFrame([(Vectors.dense([-2.0, 1.0]),)], ["v"])
    original = LeakyReLU(inputCol="v", outputCol="o", alpha=0.1)
    copied = original.copy({original.alpha: 0.5})
    assert copied.uid == original.uid
    assert (original.getAlpha(), copied.getAlpha()) == (0.1, 0.5)
    assert original.transform(df).head()["o"].toArray().tolist() == [-0.2, 1.0]
    assert copied.transform(df).head()["o"].toArray().tolist() == [-1.0, 1.0]
    assert original.transform(df).head()["o"].toArray().tolist() == [-0.2, 1.0]


def test_feed_forward_alpha_falls_back_to_the_activations_default_as_on_the_jvm(jvm):
    # The JVM's setActivation below accepts each name; its own list is not public.
    assert list(ACTIVATION_NAMES) == list(jvm.sparkactivations.transformers.ActivationFunction.names()) + ["prelu"]
    for name in ACTIVATION_NAMES:
        got = FeedForwardClassifier(activation=name).getAlpha()
        want = jvm.sparkactivations.pipelines.FeedForwardClassifier().setActivation(name).getAlpha()
        assert (math.isnan(got) and math.isnan(want)) or got == want, name
    assert FeedForwardClassifier(activation="prelu").getAlpha() == 0.25
    assert FeedForwardClassifier(activation="elu", alpha=0.5).getAlpha() == 0.5


def test_feed_forward_setters_getters_and_set_params():
    network = FeedForwardClassifier(layers=[4, 8, 3], activation="prelu", preluSlopes="unit")
    assert (network.getLayers(), network.getActivation(), network.getPreluSlopes()) == ([4, 8, 3], "prelu", "unit")
    assert network.isSet(network.layers) and not network.isSet(network.seed)
    setters = {"blockSize": 16, "solver": "adam", "maxIter": 5, "tol": 0.5, "stepSize": 0.1, "seed": 11,
               "initialWeights": Vectors.dense([0.5] * 59), "activation": "celu", "alpha": 2.0, "regParam": 0.01,
               "preluSlopes": "layer", "miniBatchFraction": 0.5, "layers": [4, 3], "featuresCol": "f",
               "labelCol": "y", "predictionCol": "p", "probabilityCol": "pr", "rawPredictionCol": "r",
               "thresholds": [0.5, 0.3, 0.2], "weightCol": "w", "hiddenActivations": ["tanh", "prelu"],
               "validationIndicatorCol": "v", "validationTol": 0.01, "validationPatience": 3}
    assert sorted(setters) == sorted(p.name for p in network.params)
    for name, value in setters.items():
        suffix = name[0].upper() + name[1:]
        assert getattr(network, "set" + suffix)(value) is network, name
        assert getattr(network, "get" + suffix)() == value, name
    assert network.setParams(maxIter=7, alpha=0.5) is network
    assert (network.getMaxIter(), network.getAlpha(), network.getSolver()) == (7, 0.5, "adam")
