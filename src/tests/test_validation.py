"""The checks that run in Python over Spark Connect (sparkactivations._validation) against the JVM
params' own validators, value for value: the same values refused with the same message, the same
values accepted. Classic sessions only: the JVM is read through py4j."""

import math

import pytest
from py4j.protocol import Py4JJavaError
from pyspark.errors import IllegalArgumentException
from pyspark.ml.common import _py2java

from sparkactivations import _validation
from sparkactivations.pipelines import FeedForwardClassifier, FeedForwardRegressor
from sparkactivations.transformers import ELU, Activation, LeakyReLU

NAN, INF = math.nan, math.inf

CASES = [
    (LeakyReLU, "alpha", [NAN, INF, -INF, 0.5, -3.0, 0.0]),
    (ELU, "alpha", [NAN, 1e-7, 2.5e12]),
    (Activation, "alpha", [-INF, 1.0]),
    (Activation, "function", ["Relu", "swish", "GELU", "relu6", "prelu", ""]),
    (FeedForwardClassifier, "alpha", [NAN, 0.25]),
    (FeedForwardClassifier, "activation", ["prelu", "Tanh", "swish", "elu"]),
    (FeedForwardClassifier, "layers", [[3], [], [3, 0, 2], [3, -1], [2, 2], [4, 8, 3]]),
    (FeedForwardClassifier, "blockSize", [0, -5, 1, 256]),
    (FeedForwardClassifier, "solver", ["sgd", "L-BFGS", "adam", "l-bfgs"]),
    (FeedForwardClassifier, "maxIter", [-1, 0, 7]),
    (FeedForwardClassifier, "tol", [-1e-9, 0.0, 1e-6, NAN]),
    (FeedForwardClassifier, "stepSize", [0.0, -0.1, 1e-4, NAN]),
    (FeedForwardClassifier, "regParam", [-0.5, 0.0, 2.0]),
    (FeedForwardClassifier, "preluSlopes", ["units", "unit", "layer"]),
    (FeedForwardClassifier, "miniBatchFraction", [0.0, 1.5, 1.0, 0.25, -0.1]),
    (FeedForwardClassifier, "hiddenActivations", [["relu", "Tanh"], ["prelu", "elu"], ["swish"]]),
    (FeedForwardClassifier, "validationTol", [-0.1, 0.0, 0.01]),
    (FeedForwardClassifier, "validationPatience", [0, 1, 20]),
    (FeedForwardRegressor, "loss", ["huber", "squaredError", "absolute"]),
    (FeedForwardRegressor, "epsilon", [0.0, -1.0, 1.35]),
]


def jvm_verdict(spark, stage, name, value):
    """None when the JVM param accepts the value, else the JVM's message."""
    try:
        stage._java_obj.getParam(name).w(_py2java(spark.sparkContext, value))
        return None
    except (IllegalArgumentException, Py4JJavaError) as e:
        if not isinstance(e, IllegalArgumentException):
            return str(e.java_exception.getMessage())
        # The Java exception's own message (str() of PySpark's exception may add the JVM stack);
        # PySpark 4 keeps it as _desc, 3.5 as desc.
        return e._desc if hasattr(e, "_desc") else e.desc


def python_verdict(stage, name, value):
    check = _validation.checks_for(type(stage).__module__)[name]
    try:
        check(stage.uid, name, value)
        return None
    except IllegalArgumentException as e:
        return str(e)


@pytest.mark.parametrize("cls, name, values", CASES, ids=lambda c: getattr(c, "__name__", None))
def test_python_checks_refuse_what_the_jvm_refuses_with_its_message(spark, jvm, cls, name, values):
    stage = cls()
    for value in values:
        value = stage.getParam(name).typeConverter(value)
        expected = jvm_verdict(spark, stage, name, value)
        assert python_verdict(stage, name, value) == expected, (name, value)
    refused = [v for v in values if jvm_verdict(spark, stage, name, stage.getParam(name).typeConverter(v))]
    assert refused, f"the cases of {cls.__name__}.{name} must include a refused value"


def test_every_validated_jvm_param_has_a_python_check(spark, jvm):
    """A JVM param whose validator refuses a value Python would let through would go unchecked over
    Spark Connect until fit or transform: each param's validator is probed with values of its type."""
    probes = {"double": [NAN, INF, -1.0, 0.0, 2.0], "int": [-1, 0], "string": ["?"], "int[]": [[], [0]]}
    for stage, checks in ((LeakyReLU(), _validation.checks_for("sparkactivations.transformers")),
                          (Activation(), _validation.checks_for("sparkactivations.transformers")),
                          (FeedForwardClassifier(), _validation.checks_for("sparkactivations.pipelines")),
                          (FeedForwardRegressor(), _validation.checks_for("sparkactivations.pipelines"))):
        for p in stage._java_obj.params():
            kind = {"DoubleParam": "double", "IntParam": "int", "IntArrayParam": "int[]"}.get(
                p.getClass().getSimpleName(), "string" if p.name() in ("function", "activation", "solver",
                                                                      "preluSlopes", "loss") else None)
            if kind is None:
                continue
            refused = [v for v in probes[kind] if jvm_verdict(spark, stage, p.name(), v)]
            if refused:
                assert p.name() in checks, f"{type(stage).__name__}.{p.name()} refuses {refused} on the JVM"
