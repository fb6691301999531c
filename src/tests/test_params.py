"""The Python wrappers against their JVM stages: the same params, docs and defaults (read from the
JVM through py4j, so they cannot drift), keyword-only construction, getters, setters, copies."""

import inspect
import math

import pytest
from pyspark.ml.common import _java2py
from pyspark.ml.util import JavaMLReader

from sparkactivations import transformers
from sparkactivations.transformers import ELU, FUNCTION_NAMES, Activation, LeakyReLU, ReLU

STAGES = [ReLU, LeakyReLU, ELU, Activation]


def jvm_class(jvm, cls):
    return getattr(jvm.sparkactivations.transformers, cls.__name__)


@pytest.mark.parametrize("cls", STAGES, ids=lambda c: c.__name__)
def test_params_docs_and_defaults_match_the_jvm_stage(spark, jvm, cls):
    py = cls()
    # A JVM stage made on its own (not the wrapper's, which Python pushes its defaults into).
    j = jvm_class(jvm, cls)(py.uid)
    jparams = {p.name(): p for p in j.params()}
    assert sorted(p.name for p in py.params) == sorted(jparams)
    for p in py.params:
        jp = jparams[p.name]
        assert p.doc == jp.doc(), p.name
        assert py.hasDefault(p) == j.hasDefault(jp), p.name
        if j.hasDefault(jp):
            assert py.getOrDefault(p) == _java2py(spark.sparkContext, j.getDefault(jp).get()), p.name
        suffix = p.name[0].upper() + p.name[1:]
        assert callable(getattr(py, "get" + suffix)) and callable(getattr(py, "set" + suffix)), p.name


@pytest.mark.parametrize("cls", STAGES, ids=lambda c: c.__name__)
def test_class_names_and_uids_mirror_the_jvm(jvm, cls):
    j = jvm_class(jvm, cls)()
    # PySpark's _from_java imports the JVM class name as module + attribute.
    assert j.getClass().getName() == f"{cls.__module__}.{cls.__name__}"
    assert getattr(transformers, cls.__name__) is cls
    assert JavaMLReader._java_loader_class(cls) == j.getClass().getName()
    assert cls().uid.rsplit("_", 1)[0] == j.uid().rsplit("_", 1)[0]


# PySpark's JavaWrapper.__del__ complains about the half-built object that cls("features") leaves.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.parametrize("cls", STAGES, ids=lambda c: c.__name__)
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
            if j.hasDefault(jp) and a.name != "outputCol":
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
