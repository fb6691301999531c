"""The activation stages, from PySpark: wrappers of the JVM stages of the same names.

The module and class names are the JVM's (``sparkactivations.transformers.ReLU``), so that
PySpark's own persistence finds these classes when it loads a stage, a ``Pipeline`` or a
``PipelineModel`` saved from Python, Java or Scala. Params, their docs and defaults are the JVM
stage's; the tests compare them.

Each stage reads a vector (dense or sparse), double, float, array<double> or array<float> column
and writes a column of the same type; nulls stay null, and sparse vectors stay sparse where the
function maps 0 to 0. Values follow PyTorch eager mode.
"""

import math
import uuid

from pyspark import SparkContext, keyword_only
from pyspark.ml.common import _py2java
from pyspark.ml.param import Param, Params, TypeConverters
from pyspark.ml.util import JavaMLReadable, JavaMLWritable
from pyspark.ml.wrapper import JavaTransformer
from pyspark.sql.utils import is_remote

from sparkactivations import _validation

__all__ = ["ReLU", "LeakyReLU", "ELU", "Activation", "FUNCTION_NAMES", "default_alpha"]

#: The functions of :class:`Activation`, PyTorch's names, in the JVM's order.
FUNCTION_NAMES = _validation.FUNCTION_NAMES

# PyTorch's defaults, as the JVM's ActivationFunction.defaultAlpha() has them.
_DEFAULT_ALPHA = {"leaky_relu": 0.01, "elu": 1.0, "celu": 1.0}


def default_alpha(function: str) -> float:
    """The ``alpha`` a function uses when none is set (NaN for a function without one)."""
    return _DEFAULT_ALPHA.get(function, math.nan)


def _require_classic(what: str, instead: str) -> None:
    """Refuses a Spark Connect session for what needs the JVM in this Python process (py4j),
    saying what to use instead."""
    if is_remote():
        raise NotImplementedError(
            f"{what} need a classic SparkSession (a JVM in this Python process, started with "
            f"spark.jars = sparkactivations.jar_path()); this session is a Spark Connect client: {instead}")


class _JvmValidated(Params):
    """Checks every value with the JVM param's own validator when it is set, so that a bad value
    fails at once with the JVM's message rather than later in ``transform`` or ``fit``. Over Spark
    Connect, where the stage has no JVM twin in this process, the same checks run in Python
    (:mod:`sparkactivations._validation`). Put it first among the bases."""

    _java_class = None

    def _set(self, **kwargs):
        java_obj = getattr(self, "_java_obj", None)
        if is_remote():
            checks = _validation.checks_for(type(self).__module__)
            for name, value in kwargs.items():
                if value is not None and name in checks:
                    checks[name](self.uid, name, self.getParam(name).typeConverter(value))
        elif java_obj is not None:
            sc = SparkContext._active_spark_context
            for name, value in kwargs.items():
                if value is not None:
                    value = self.getParam(name).typeConverter(value)
                    # Builds a ParamPair only, which validates; the JVM object is left as it is.
                    self._java_obj.getParam(name).w(_py2java(sc, value))
        return super()._set(**kwargs)


class _JavaActivationStage(_JvmValidated, JavaTransformer, JavaMLReadable, JavaMLWritable):
    """What the stages share: the JVM twin, built with this stage's uid (over Spark Connect, the
    JVM class name the server builds it from); uids prefixed as the JVM's; values checked when set."""

    _uid_prefix = None

    def __init__(self):
        super().__init__()
        # Over Spark Connect this is the class name, which the server instantiates for transform.
        self._java_obj = self._new_java_obj(self._java_class, self.uid)
        self._setDefault(outputCol=self.uid + "__output")

    @classmethod
    def _randomUID(cls):
        return cls._uid_prefix + "_" + uuid.uuid4().hex[-12:]

    def _resetUid(self, newUid):
        # A loaded stage takes the saved uid; the default output column follows it, as on the JVM.
        super()._resetUid(newUid)
        return self._setDefault(outputCol=self.uid + "__output")

    def setInputCol(self, value):
        """Sets the value of :py:attr:`inputCol`."""
        return self._set(inputCol=value)

    def getInputCol(self):
        """Gets the value of :py:attr:`inputCol`."""
        return self.getOrDefault(self.inputCol)

    def setOutputCol(self, value):
        """Sets the value of :py:attr:`outputCol`."""
        return self._set(outputCol=value)

    def getOutputCol(self):
        """Gets the value of :py:attr:`outputCol` or its default, ``uid + "__output"``."""
        return self.getOrDefault(self.outputCol)


class _UnaryActivation(_JavaActivationStage):
    """The single-column stages (the JVM's ``UnaryTransformer`` params)."""

    inputCol = Param(Params._dummy(), "inputCol", "input column name",
                     typeConverter=TypeConverters.toString)
    outputCol = Param(Params._dummy(), "outputCol", "output column name",
                      typeConverter=TypeConverters.toString)


class _AlphaStage(_UnaryActivation):
    """``alpha`` getter and setter of the stages whose function has one."""

    def setAlpha(self, value):
        """Sets the value of :py:attr:`alpha`; it must be finite."""
        return self._set(alpha=value)

    def getAlpha(self):
        """Gets the value of :py:attr:`alpha` or its default."""
        return self.getOrDefault(self.alpha)


class ReLU(_UnaryActivation):
    """``max(0, x)``, PyTorch's ``torch.nn.ReLU``, on ``inputCol`` written to ``outputCol``.

    Sparse vectors stay sparse. NaN stays NaN and ``relu(+inf) = +inf``; MLlib's
    ``MultilayerPerceptronClassifier`` downstream refuses infinite features, so clean them first.

    >>> ReLU(inputCol="features", outputCol="relu").transform(df)  # doctest: +SKIP
    """

    _java_class = "sparkactivations.transformers.ReLU"
    _uid_prefix = "relu"

    @keyword_only
    def __init__(self, *, inputCol=None, outputCol=None):
        super().__init__()
        self._set(**self._input_kwargs)

    @keyword_only
    def setParams(self, *, inputCol=None, outputCol=None):
        """Sets the params given; the others are left as they are."""
        return self._set(**self._input_kwargs)


class LeakyReLU(_AlphaStage):
    """``x`` for ``x > 0``, else ``alpha * x``: PyTorch's ``torch.nn.LeakyReLU``, whose
    ``negative_slope`` is ``alpha`` (default 0.01). Sparse vectors stay sparse."""

    _java_class = "sparkactivations.transformers.LeakyReLU"
    _uid_prefix = "leakyReLU"

    alpha = Param(Params._dummy(), "alpha",
                  "slope for negative inputs, PyTorch's negative_slope; finite (default: 0.01)",
                  typeConverter=TypeConverters.toFloat)

    @keyword_only
    def __init__(self, *, inputCol=None, outputCol=None, alpha=0.01):
        super().__init__()
        self._setDefault(alpha=0.01)
        self._set(**self._input_kwargs)

    @keyword_only
    def setParams(self, *, inputCol=None, outputCol=None, alpha=0.01):
        """Sets the params given; the others are left as they are."""
        return self._set(**self._input_kwargs)


class ELU(_AlphaStage):
    """``x`` for ``x > 0``, else ``alpha * (e^x - 1)``: PyTorch's ``torch.nn.ELU`` (alpha
    default 1.0). Computed with ``expm1``; ``elu(-inf) = -alpha``. Sparse vectors stay sparse."""

    _java_class = "sparkactivations.transformers.ELU"
    _uid_prefix = "elu"

    alpha = Param(Params._dummy(), "alpha",
                  "value approached for very negative inputs is -alpha, PyTorch's alpha; finite "
                  "(default: 1.0)",
                  typeConverter=TypeConverters.toFloat)

    @keyword_only
    def __init__(self, *, inputCol=None, outputCol=None, alpha=1.0):
        super().__init__()
        self._setDefault(alpha=1.0)
        self._set(**self._input_kwargs)

    @keyword_only
    def setParams(self, *, inputCol=None, outputCol=None, alpha=1.0):
        """Sets the params given; the others are left as they are."""
        return self._set(**self._input_kwargs)


class Activation(_JavaActivationStage):
    """Any function of :data:`FUNCTION_NAMES` (PyTorch's names) applied to one column
    (``inputCol`` / ``outputCol``) or to several (``inputCols`` / ``outputCols``), as MLlib's
    ``Binarizer`` does. Each output column has its input's type.

    ``alpha`` has no default: when it is not set, the function's own (PyTorch's) default is used,
    which :meth:`getAlpha` returns.
    """

    _java_class = "sparkactivations.transformers.Activation"
    _uid_prefix = "activation"

    function = Param(Params._dummy(), "function",
                     "activation function, one of " + ", ".join(FUNCTION_NAMES) + " (default: relu)",
                     typeConverter=TypeConverters.toString)
    alpha = Param(Params._dummy(), "alpha",
                  "parameter of leaky_relu (negative_slope, default 0.01), elu (alpha, default 1.0) "
                  "and celu (alpha, default 1.0); ignored by the other functions; finite",
                  typeConverter=TypeConverters.toFloat)
    inputCol = Param(Params._dummy(), "inputCol", "input column name",
                     typeConverter=TypeConverters.toString)
    outputCol = Param(Params._dummy(), "outputCol", 'output column name (default: uid + "__output")',
                      typeConverter=TypeConverters.toString)
    inputCols = Param(Params._dummy(), "inputCols", "input column names",
                      typeConverter=TypeConverters.toListString)
    outputCols = Param(Params._dummy(), "outputCols", "output column names, one per input column",
                       typeConverter=TypeConverters.toListString)

    @keyword_only
    def __init__(self, *, function="relu", alpha=None, inputCol=None, outputCol=None,
                 inputCols=None, outputCols=None):
        super().__init__()
        self._setDefault(function="relu")
        self._set(**self._input_kwargs)

    @keyword_only
    def setParams(self, *, function="relu", alpha=None, inputCol=None, outputCol=None,
                  inputCols=None, outputCols=None):
        """Sets the params given; the others are left as they are."""
        return self._set(**self._input_kwargs)

    def setFunction(self, value):
        """Sets the value of :py:attr:`function`: one of :data:`FUNCTION_NAMES`."""
        return self._set(function=value)

    def getFunction(self):
        """Gets the value of :py:attr:`function` or its default, ``"relu"``."""
        return self.getOrDefault(self.function)

    def setAlpha(self, value):
        """Sets the value of :py:attr:`alpha`; it must be finite."""
        return self._set(alpha=value)

    def getAlpha(self):
        """The alpha in force: the one set, or the function's default (NaN for a function
        without one)."""
        if self.isDefined(self.alpha):
            return self.getOrDefault(self.alpha)
        return default_alpha(self.getFunction())

    def setInputCols(self, value):
        """Sets the value of :py:attr:`inputCols`."""
        return self._set(inputCols=value)

    def getInputCols(self):
        """Gets the value of :py:attr:`inputCols`."""
        return self.getOrDefault(self.inputCols)

    def setOutputCols(self, value):
        """Sets the value of :py:attr:`outputCols`."""
        return self._set(outputCols=value)

    def getOutputCols(self):
        """Gets the value of :py:attr:`outputCols`."""
        return self.getOrDefault(self.outputCols)
