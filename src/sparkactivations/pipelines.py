"""Pipeline assembly, tuning and the feed-forward network: the Python side of the JVM package
``sparkactivations.pipelines``, with the same class and method names.

:class:`FeedForwardClassifier` trains a network whose hidden layers use any activation of
:data:`sparkactivations.transformers.FUNCTION_NAMES` or ``prelu`` (learned slopes), beside
MLlib's ``MultilayerPerceptronClassifier`` with the same params where that has them; it fits a
:class:`FeedForwardClassificationModel`.

:class:`PerceptronPipelines` builds ``[VectorAssembler] -> [StandardScaler] -> Activation ->
MultilayerPerceptronClassifier`` (or ``[VectorAssembler] -> [StandardScaler] ->
FeedForwardClassifier`` with ``classifier="FEED_FORWARD"``) from a :class:`PerceptronSpec`, the
input and output layer sizes taken from the data; :class:`PerceptronTuning` grid-searches
activation function, alpha and hidden layers over a :class:`TuningGrid`. The work is done by the
JVM classes; what comes back is PySpark's own ``Pipeline`` and ``PipelineModel``, holding the
wrappers of this package.
"""

import uuid
from typing import List, NamedTuple, Optional, Sequence

from pyspark import SparkContext, keyword_only
from pyspark.ml import Pipeline, PipelineModel
from pyspark.ml.classification import (_JavaProbabilisticClassificationModel, _JavaProbabilisticClassifier,
                                       _ProbabilisticClassifierParams)
from pyspark.ml.base import _PredictorParams
from pyspark.ml.param import Param, Params, TypeConverters
from pyspark.ml.param.shared import (HasBlockSize, HasMaxIter, HasSeed, HasSolver, HasStepSize, HasTol,
                                     HasValidationIndicatorCol, HasWeightCol)
from pyspark.ml.regression import _JavaRegressionModel, _JavaRegressor
from pyspark.ml.linalg import DenseVector
from pyspark.ml.util import JavaMLReadable, JavaMLWritable
from pyspark.sql import DataFrame, Row
from pyspark.sql.utils import is_remote

from sparkactivations.transformers import FUNCTION_NAMES, _JvmValidated, _require_classic, default_alpha

__all__ = ["load_pipeline_model", "FeedForwardClassifier", "FeedForwardClassificationModel", "FeedForwardRegressor",
           "FeedForwardRegressionModel", "FeedForwardTrainingSummary", "ACTIVATION_NAMES",
           "PerceptronSpec", "TuningGrid", "TuningCandidate", "TuningResult", "PerceptronPipelines",
           "PerceptronTuning"]


def _jvm():
    _require_classic(
        "sparkactivations.pipelines.PerceptronPipelines, PerceptronTuning and PerceptronSpec",
        "build the same Pipeline from its stages (VectorAssembler, StandardScaler, Activation with "
        "MultilayerPerceptronClassifier, or FeedForwardClassifier) and tune it with pyspark.ml.tuning's "
        "CrossValidator, which work over Spark Connect")
    sc = SparkContext._active_spark_context
    if sc is None:
        raise RuntimeError("sparkactivations.pipelines needs an active SparkSession started with "
                           "spark.jars = sparkactivations.jar_path()")
    return sc


def load_pipeline_model(path: str) -> PipelineModel:
    """``PipelineModel.load(path)``, also over Spark Connect on PySpark 4.0, whose own
    ``PipelineModel.load`` reads there only models saved over Spark Connect: this one reads any
    ``PipelineModel`` directory (saved from Java, Scala, classic PySpark or Spark Connect), loading
    each stage through its own class, as PySpark 4.1 and later do themselves."""
    if not is_remote():
        return PipelineModel.load(path)
    from pyspark.ml.pipeline import PipelineSharedReadWrite
    from pyspark.ml.util import DefaultParamsReader
    from pyspark.sql import SparkSession

    spark = SparkSession.getActiveSession()
    metadata = DefaultParamsReader.loadMetadata(path, spark)
    uid, stages = PipelineSharedReadWrite.load(metadata, spark, path)
    return PipelineModel(stages=stages)._resetUid(uid)


def _java_array(java_type, values):
    sc = _jvm()
    array = sc._gateway.new_array(java_type, len(values))
    for i, v in enumerate(values):
        array[i] = v
    return array


def _ints(values):
    return _java_array(_jvm()._gateway.jvm.int, [int(v) for v in values])


def _java_string_hash(text: str) -> int:
    """Java's ``String.hashCode`` (for text of BMP characters, as class names are)."""
    h = 0
    for c in text:
        h = (31 * h + ord(c)) & 0xFFFFFFFF
    return h - (1 << 32) if h >= (1 << 31) else h


#: The names ``activation`` accepts: the kernel's functions, then ``prelu``.
ACTIVATION_NAMES = FUNCTION_NAMES + ("prelu",)

# The JVM's default seed, the same for the estimator and the model. PySpark's own HasSeed default,
# Python's hash() of the class name, changes from one process to the next unless PYTHONHASHSEED is
# set; this one is the JVM's, so a fit from Python matches one from Java or Scala.
_DEFAULT_SEED = _java_string_hash("sparkactivations.pipelines.FeedForwardClassifier")
_DEFAULT_REGRESSOR_SEED = _java_string_hash("sparkactivations.pipelines.FeedForwardRegressor")

# torch.nn.PReLU(init=0.25), the JVM's FeedForwardParamSet.PRELU_INIT.
_PRELU_INIT = 0.25


class _NetworkParams(HasMaxIter, HasTol, HasStepSize, HasSeed, HasBlockSize, HasSolver, HasWeightCol,
                     HasValidationIndicatorCol):
    """The params of every feed-forward stage (classifier, regressor and their models), with the
    JVM's docs and defaults (the JVM's ``FeedForwardParams``). The shared mixins give the
    getters; the params are declared again here because the docs, defaults and validators are the
    JVM stage's, not MLlib's."""

    layers = Param(Params._dummy(), "layers",
                   "sizes of the layers from input to output, e.g. [64, 32, 10]: 64 inputs, one hidden layer of 32 "
                   "units, 10 classes; at least 2 sizes, each at least 1 (no default)",
                   typeConverter=TypeConverters.toListInt)
    blockSize = Param(Params._dummy(), "blockSize",
                      "number of rows stacked into one matrix for the layer products (default: 128)",
                      typeConverter=TypeConverters.toInt)
    solver = Param(Params._dummy(), "solver", "the optimiser: l-bfgs or adam (mini-batch) (default: l-bfgs)",
                   typeConverter=TypeConverters.toString)
    maxIter = Param(Params._dummy(), "maxIter", "maximum number of iterations, at least 0 (default: 100)",
                    typeConverter=TypeConverters.toInt)
    tol = Param(Params._dummy(), "tol", "convergence tolerance of the optimiser, at least 0 (default: 1e-6)",
                typeConverter=TypeConverters.toFloat)
    stepSize = Param(Params._dummy(), "stepSize", "learning rate of adam, above 0 (default: 0.03)",
                     typeConverter=TypeConverters.toFloat)
    seed = Param(Params._dummy(), "seed",
                 "random seed of the initial weights and the mini-batches (default: a hash of the class name)",
                 typeConverter=TypeConverters.toInt)
    initialWeights = Param(Params._dummy(), "initialWeights",
                           "initial parameters: weights and biases in MLlib's MultilayerPerceptronClassifier layout, "
                           "optionally followed by the PReLU slopes (no default: random, He or Glorot, from seed)",
                           typeConverter=TypeConverters.toVector)
    activation = Param(Params._dummy(), "activation",
                       "activation of the hidden layers: one of " + ", ".join(FUNCTION_NAMES)
                       + " or prelu (leaky_relu with learned slopes) (default: relu)",
                       typeConverter=TypeConverters.toString)
    alpha = Param(Params._dummy(), "alpha",
                  "parameter of the hidden activation: leaky_relu's negative_slope (default 0.01), elu's and celu's "
                  "alpha (default 1.0), prelu's initial slope (torch.nn.PReLU init, default 0.25); ignored by the "
                  "others",
                  typeConverter=TypeConverters.toFloat)
    regParam = Param(Params._dummy(), "regParam",
                     "L2 penalty regParam / 2 * ||W||^2 on the weights (not biases or slopes), at least 0 "
                     "(default: 0.0)",
                     typeConverter=TypeConverters.toFloat)
    preluSlopes = Param(Params._dummy(), "preluSlopes",
                        "PReLU slopes: layer (one per hidden layer, torch.nn.PReLU(num_parameters=1)) or unit (one "
                        "per hidden unit) (default: layer)",
                        typeConverter=TypeConverters.toString)
    miniBatchFraction = Param(Params._dummy(), "miniBatchFraction",
                              "fraction of the rows in each adam mini-batch, in (0, 1] (default: 0.1)",
                              typeConverter=TypeConverters.toFloat)
    weightCol = Param(Params._dummy(), "weightCol",
                      "weight column name: each row's loss and gradient are weighted by it (finite, at least 0); not "
                      "set or empty: every row weighs 1.0 (no default)",
                      typeConverter=TypeConverters.toString)
    hiddenActivations = Param(Params._dummy(), "hiddenActivations",
                              "activation of each hidden layer, first hidden layer first, each one of "
                              + ", ".join(FUNCTION_NAMES) + " or prelu; when set, used instead of activation, and "
                              "its length must be the number of hidden layers (no default)",
                              typeConverter=TypeConverters.toListString)
    validationIndicatorCol = Param(Params._dummy(), "validationIndicatorCol",
                                   "name of a boolean column: rows where it is true are held out from training and "
                                   "their loss decides early stopping; not set or empty: no early stopping (no "
                                   "default)",
                                   typeConverter=TypeConverters.toString)
    validationTol = Param(Params._dummy(), "validationTol",
                          "relative decrease of the validation loss that counts as an improvement for early "
                          "stopping, at least 0 (default: 0.001)",
                          typeConverter=TypeConverters.toFloat)
    validationPatience = Param(Params._dummy(), "validationPatience",
                               "iterations without an improvement of the validation loss after which training "
                               "stops, at least 1 (default: 10)",
                               typeConverter=TypeConverters.toInt)

    def __init__(self, *args):
        super().__init__(*args)
        self._setDefault(blockSize=128, solver="l-bfgs", maxIter=100, tol=1e-6, stepSize=0.03,
                         activation="relu", regParam=0.0, preluSlopes="layer", miniBatchFraction=0.1,
                         validationTol=1e-3, validationPatience=10)

    def getLayers(self) -> List[int]:
        """Gets the value of :py:attr:`layers`."""
        return self.getOrDefault(self.layers)

    def getInitialWeights(self):
        """Gets the value of :py:attr:`initialWeights`."""
        return self.getOrDefault(self.initialWeights)

    def getActivation(self) -> str:
        """Gets the value of :py:attr:`activation` or its default, ``"relu"``."""
        return self.getOrDefault(self.activation)

    def getAlpha(self) -> float:
        """The alpha in force: the one set, else the activation's default (PyTorch's): 0.01 for
        leaky_relu, 1.0 for elu and celu, 0.25 for prelu; NaN for activations without one."""
        if self.isDefined(self.alpha):
            return self.getOrDefault(self.alpha)
        name = self.getActivation()
        return _PRELU_INIT if name == "prelu" else default_alpha(name)

    def getRegParam(self) -> float:
        """Gets the value of :py:attr:`regParam` or its default, 0.0."""
        return self.getOrDefault(self.regParam)

    def getPreluSlopes(self) -> str:
        """Gets the value of :py:attr:`preluSlopes` or its default, ``"layer"``."""
        return self.getOrDefault(self.preluSlopes)

    def getMiniBatchFraction(self) -> float:
        """Gets the value of :py:attr:`miniBatchFraction` or its default, 0.1."""
        return self.getOrDefault(self.miniBatchFraction)

    def getHiddenActivations(self) -> List[str]:
        """Gets the value of :py:attr:`hiddenActivations`."""
        return self.getOrDefault(self.hiddenActivations)

    def getValidationTol(self) -> float:
        """Gets the value of :py:attr:`validationTol` or its default, 0.001."""
        return self.getOrDefault(self.validationTol)

    def getValidationPatience(self) -> int:
        """Gets the value of :py:attr:`validationPatience` or its default, 10."""
        return self.getOrDefault(self.validationPatience)


class _FeedForwardParams(_ProbabilisticClassifierParams, _NetworkParams):
    """The params of :class:`FeedForwardClassifier` and :class:`FeedForwardClassificationModel`."""

    def __init__(self, *args):
        super().__init__(*args)
        self._setDefault(seed=_DEFAULT_SEED)


class _FeedForwardRegressionParams(_PredictorParams, _NetworkParams):
    """The params of :class:`FeedForwardRegressor` and :class:`FeedForwardRegressionModel`: the
    network's, plus the loss with the names and defaults of MLlib's ``LinearRegression``."""

    loss = Param(Params._dummy(), "loss",
                 "the loss: squaredError ((prediction - label)^2 / 2) or huber (squared below epsilon, linear above) "
                 "(default: squaredError)",
                 typeConverter=TypeConverters.toString)
    epsilon = Param(Params._dummy(), "epsilon",
                    "huber's threshold on the residual |prediction - label|, in the label's units: squared loss "
                    "below it, linear above; above 0 (default: 1.35)",
                    typeConverter=TypeConverters.toFloat)

    def __init__(self, *args):
        super().__init__(*args)
        self._setDefault(seed=_DEFAULT_REGRESSOR_SEED, loss="squaredError", epsilon=1.35)

    def getLoss(self) -> str:
        """Gets the value of :py:attr:`loss` or its default, ``"squaredError"``."""
        return self.getOrDefault(self.loss)

    def getEpsilon(self) -> float:
        """Gets the value of :py:attr:`epsilon` or its default, 1.35."""
        return self.getOrDefault(self.epsilon)


class _NetworkSetters:
    """The setters of the network params that the classifier and the regressor share."""

    def setLayers(self, value):
        """Sets the value of :py:attr:`layers`: input size, hidden sizes, output size."""
        return self._set(layers=value)

    def setBlockSize(self, value):
        """Sets the value of :py:attr:`blockSize`."""
        return self._set(blockSize=value)

    def setSolver(self, value):
        """Sets the value of :py:attr:`solver`: ``"l-bfgs"`` or ``"adam"``."""
        return self._set(solver=value)

    def setMaxIter(self, value):
        """Sets the value of :py:attr:`maxIter`."""
        return self._set(maxIter=value)

    def setTol(self, value):
        """Sets the value of :py:attr:`tol`."""
        return self._set(tol=value)

    def setStepSize(self, value):
        """Sets the value of :py:attr:`stepSize` (adam's learning rate)."""
        return self._set(stepSize=value)

    def setSeed(self, value):
        """Sets the value of :py:attr:`seed`."""
        return self._set(seed=value)

    def setInitialWeights(self, value):
        """Sets the value of :py:attr:`initialWeights`."""
        return self._set(initialWeights=value)

    def setActivation(self, value):
        """Sets the value of :py:attr:`activation`: one of :data:`ACTIVATION_NAMES`."""
        return self._set(activation=value)

    def setAlpha(self, value):
        """Sets the value of :py:attr:`alpha`; it must be finite."""
        return self._set(alpha=value)

    def setRegParam(self, value):
        """Sets the value of :py:attr:`regParam`."""
        return self._set(regParam=value)

    def setPreluSlopes(self, value):
        """Sets the value of :py:attr:`preluSlopes`: ``"layer"`` or ``"unit"``."""
        return self._set(preluSlopes=value)

    def setMiniBatchFraction(self, value):
        """Sets the value of :py:attr:`miniBatchFraction`."""
        return self._set(miniBatchFraction=value)

    def setWeightCol(self, value):
        """Sets the value of :py:attr:`weightCol`: the column of instance weights."""
        return self._set(weightCol=value)

    def setHiddenActivations(self, value):
        """Sets the value of :py:attr:`hiddenActivations`: one of :data:`ACTIVATION_NAMES` per hidden layer."""
        return self._set(hiddenActivations=value)

    def setValidationIndicatorCol(self, value):
        """Sets the value of :py:attr:`validationIndicatorCol`: the boolean column of held-out rows."""
        return self._set(validationIndicatorCol=value)

    def setValidationTol(self, value):
        """Sets the value of :py:attr:`validationTol`."""
        return self._set(validationTol=value)

    def setValidationPatience(self, value):
        """Sets the value of :py:attr:`validationPatience`."""
        return self._set(validationPatience=value)


class _NetworkModel:
    """What the trained networks share: weights, slopes, summary. Over Spark Connect, whose server
    answers only MLlib's own attribute names, they are read from the model's saved data."""

    @property
    def weights(self):
        """Weights and biases, in the layout of MLlib's ``MultilayerPerceptronClassificationModel.weights``:
        per layer the ``out x in`` weight matrix column-major, then the bias (a ``DenseVector``)."""
        if is_remote():
            data = _saved_model_data(self)
            return DenseVector(data.params[:_num_affine_params(data.layers)])
        return self._call_java("weights")

    @property
    def slopes(self) -> List[List[float]]:
        """The learned PReLU slopes per hidden layer (one value, or one per unit with
        ``preluSlopes="unit"``); empty lists for the layers of other activations."""
        if is_remote():
            data = _saved_model_data(self)
            offset, out = _num_affine_params(data.layers), []
            for size, activation in zip(data.layers[1:-1], data.hiddenActivations):
                n = (size if data.slopePerUnit else 1) if activation == "prelu" else 0
                out.append([float(v) for v in data.params[offset:offset + n]])
                offset += n
            return out
        # A double[][] does not survive PySpark's pickling of JVM values; py4j's arrays do.
        return [[float(v) for v in layer] for layer in self._java_obj.slopes()]

    @property
    def hasSummary(self) -> bool:
        """Whether this model has a training summary: a fitted model has one and keeps it through
        save and load."""
        if is_remote():
            return _saved_model_data(self).summary is not None
        return self._call_java("hasSummary")

    @property
    def summary(self) -> "FeedForwardTrainingSummary":
        """How training went. Raises RuntimeError for a model without a summary (one saved
        without it)."""
        if not self.hasSummary:
            raise RuntimeError(f"No training summary available for this {type(self).__name__} "
                               "(the model was saved without one)")
        if is_remote():
            row = _saved_model_data(self).summary
            return FeedForwardTrainingSummary(row.objectiveHistory, row.totalIterations, row.deadUnitFractions,
                                              row.validationLossHistory, row.bestIteration)
        j = self._java_obj.summary()
        return FeedForwardTrainingSummary(j.objectiveHistory(), j.totalIterations(), j.deadUnitFractions(),
                                          j.validationLossHistory(), j.bestIteration())


class _SavedModelData(NamedTuple):
    layers: List[int]
    hiddenActivations: List[str]
    slopePerUnit: bool
    params: List[float]
    summary: Optional[Row]


#: Setting of a Spark Connect session: where on the server's file system a model's values are saved
#: to be read back (default: ``_sparkactivations_scratch`` under ``spark.sql.warehouse.dir``).
SCRATCH_DIR_CONF = "sparkactivations.connect.scratchDir"

_PROCESS_SCRATCH = uuid.uuid4().hex


def _scratch_path(spark) -> str:
    base = spark.conf.get(SCRATCH_DIR_CONF, None)
    if not base:
        base = spark.conf.get("spark.sql.warehouse.dir").rstrip("/") + "/_sparkactivations_scratch"
    return f"{base.rstrip('/')}/{_PROCESS_SCRATCH}"


def _saved_model_data(model) -> _SavedModelData:
    """Over Spark Connect, the model's values as its writer saves them: the model is saved on the
    server (under :data:`SCRATCH_DIR_CONF`, overwritten by the next one) and its data read back,
    once per model."""
    cached = model.__dict__.get("_saved_data")
    if cached is None:
        from pyspark.errors import AnalysisException
        from pyspark.sql import SparkSession

        spark = SparkSession.getActiveSession()
        path = _scratch_path(spark)
        model.write().overwrite().save(path)
        data = spark.read.parquet(path + "/data").first()
        layers = list(data.layers)
        if "hiddenActivations" in data.asDict():
            hidden = list(data.hiddenActivations)
        else:
            hidden = [data.activation] * (len(layers) - 2)
        try:
            summary = spark.read.parquet(path + "/summary").first()
        except AnalysisException:
            summary = None  # saved without one
        cached = _SavedModelData(layers, hidden, data.slopePerUnit, list(data.params), summary)
        model.__dict__["_saved_data"] = cached
    return cached


def _num_affine_params(layers: Sequence[int]) -> int:
    return sum(layers[i] * layers[i - 1] + layers[i] for i in range(1, len(layers)))


class FeedForwardClassifier(_JvmValidated, _NetworkSetters, _JavaProbabilisticClassifier, _FeedForwardParams,
                            JavaMLWritable, JavaMLReadable):
    """A feed-forward network classifier (the JVM's ``FeedForwardClassifier``): hidden layers
    with any activation of :data:`ACTIVATION_NAMES` (``prelu`` learns its slopes), a softmax
    output layer, cross-entropy loss, trained across partitions with ``l-bfgs`` or ``adam``.
    Params, defaults and output columns are those of MLlib's ``MultilayerPerceptronClassifier``
    where that has them; values are checked by the JVM when they are set.

    >>> network = FeedForwardClassifier(layers=[64, 64, 10], activation="prelu", maxIter=100)  # doctest: +SKIP
    >>> model = network.fit(train)  # doctest: +SKIP
    >>> model.summary.deadUnitFractions  # doctest: +SKIP
    """

    @keyword_only
    def __init__(self, *, featuresCol="features", labelCol="label", predictionCol="prediction",
                 probabilityCol="probability", rawPredictionCol="rawPrediction", thresholds=None, layers=None,
                 blockSize=128, solver="l-bfgs", maxIter=100, tol=1e-6, stepSize=0.03, seed=None,
                 initialWeights=None, activation="relu", alpha=None, regParam=0.0, preluSlopes="layer",
                 miniBatchFraction=0.1, weightCol=None, hiddenActivations=None, validationIndicatorCol=None,
                 validationTol=1e-3, validationPatience=10):
        """``seed=None`` keeps the default seed, the JVM's; ``alpha=None`` the activation's own."""
        super().__init__()
        # Over Spark Connect this is the class name, which the server instantiates for fit.
        self._java_obj = self._new_java_obj("sparkactivations.pipelines.FeedForwardClassifier", self.uid)
        self._set(**self._input_kwargs)

    @keyword_only
    def setParams(self, *, featuresCol="features", labelCol="label", predictionCol="prediction",
                  probabilityCol="probability", rawPredictionCol="rawPrediction", thresholds=None, layers=None,
                  blockSize=128, solver="l-bfgs", maxIter=100, tol=1e-6, stepSize=0.03, seed=None,
                  initialWeights=None, activation="relu", alpha=None, regParam=0.0, preluSlopes="layer",
                  miniBatchFraction=0.1, weightCol=None, hiddenActivations=None, validationIndicatorCol=None,
                  validationTol=1e-3, validationPatience=10):
        """Sets the params given; the others are left as they are."""
        return self._set(**self._input_kwargs)

    @classmethod
    def _randomUID(cls):
        return "ffc_" + uuid.uuid4().hex[-12:]

    def _create_model(self, java_model):
        return FeedForwardClassificationModel(java_model)


class FeedForwardClassificationModel(_JvmValidated, _NetworkModel, _JavaProbabilisticClassificationModel,
                                     _FeedForwardParams, JavaMLWritable, JavaMLReadable):
    """A trained :class:`FeedForwardClassifier` (the JVM's ``FeedForwardClassificationModel``):
    ``rawPrediction`` is the output layer before the softmax, ``probability`` its softmax."""


class FeedForwardRegressor(_JvmValidated, _NetworkSetters, _JavaRegressor, _FeedForwardRegressionParams,
                           JavaMLWritable, JavaMLReadable):
    """A feed-forward network for regression (the JVM's ``FeedForwardRegressor``), which MLlib
    lacks: the hidden layers, activations, solvers, weights and early stopping of
    :class:`FeedForwardClassifier`, one linear output unit (``layers`` ends with 1), and the loss
    of MLlib's ``LinearRegression``: ``squaredError`` (default) or ``huber`` with ``epsilon``.

    >>> network = FeedForwardRegressor(layers=[8, 32, 16, 1], hiddenActivations=["tanh", "relu"])  # doctest: +SKIP
    >>> model = network.fit(train)  # doctest: +SKIP
    """

    @keyword_only
    def __init__(self, *, featuresCol="features", labelCol="label", predictionCol="prediction", layers=None,
                 blockSize=128, solver="l-bfgs", maxIter=100, tol=1e-6, stepSize=0.03, seed=None,
                 initialWeights=None, activation="relu", alpha=None, regParam=0.0, preluSlopes="layer",
                 miniBatchFraction=0.1, weightCol=None, hiddenActivations=None, validationIndicatorCol=None,
                 validationTol=1e-3, validationPatience=10, loss="squaredError", epsilon=1.35):
        """``seed=None`` keeps the default seed, the JVM's; ``alpha=None`` the activation's own."""
        super().__init__()
        # Over Spark Connect this is the class name, which the server instantiates for fit.
        self._java_obj = self._new_java_obj("sparkactivations.pipelines.FeedForwardRegressor", self.uid)
        self._set(**self._input_kwargs)

    @keyword_only
    def setParams(self, *, featuresCol="features", labelCol="label", predictionCol="prediction", layers=None,
                  blockSize=128, solver="l-bfgs", maxIter=100, tol=1e-6, stepSize=0.03, seed=None,
                  initialWeights=None, activation="relu", alpha=None, regParam=0.0, preluSlopes="layer",
                  miniBatchFraction=0.1, weightCol=None, hiddenActivations=None, validationIndicatorCol=None,
                  validationTol=1e-3, validationPatience=10, loss="squaredError", epsilon=1.35):
        """Sets the params given; the others are left as they are."""
        return self._set(**self._input_kwargs)

    @classmethod
    def _randomUID(cls):
        return "ffr_" + uuid.uuid4().hex[-12:]

    def _create_model(self, java_model):
        return FeedForwardRegressionModel(java_model)

    def setLoss(self, value):
        """Sets the value of :py:attr:`loss`: ``"squaredError"`` or ``"huber"``."""
        return self._set(loss=value)

    def setEpsilon(self, value):
        """Sets the value of :py:attr:`epsilon`, huber's threshold on the residual."""
        return self._set(epsilon=value)


class FeedForwardRegressionModel(_JvmValidated, _NetworkModel, _JavaRegressionModel, _FeedForwardRegressionParams,
                                 JavaMLWritable, JavaMLReadable):
    """A trained :class:`FeedForwardRegressor` (the JVM's ``FeedForwardRegressionModel``):
    ``prediction`` is the network's linear output."""


class FeedForwardTrainingSummary:
    """How training went (the JVM's ``FeedForwardTrainingSummary``): the objective per iteration,
    the iterations run, the validation loss per iteration and the best iteration (with
    ``validationIndicatorCol``), and per hidden layer the fraction of dead units."""

    def __init__(self, objectiveHistory: Sequence[float], totalIterations: int, deadUnitFractions: Sequence[float],
                 validationLossHistory: Sequence[float], bestIteration: int):
        self._objective_history = [float(v) for v in objectiveHistory]
        self._total_iterations = int(totalIterations)
        self._dead_unit_fractions = [float(v) for v in deadUnitFractions]
        self._validation_loss_history = [float(v) for v in validationLossHistory]
        self._best_iteration = int(bestIteration)

    @property
    def objectiveHistory(self) -> List[float]:
        """The training objective (weighted mean loss plus the L2 penalty) at the start and after
        each iteration: ``totalIterations + 1`` values."""
        return list(self._objective_history)

    @property
    def totalIterations(self) -> int:
        """Number of optimiser iterations run."""
        return self._total_iterations

    @property
    def deadUnitFractions(self) -> List[float]:
        """Per hidden layer (first hidden layer first), the fraction of its units that output
        exactly 0 on every training row with the model's weights: ReLU units that died."""
        return list(self._dead_unit_fractions)

    @property
    def validationLossHistory(self) -> List[float]:
        """The weighted mean loss on the held-out rows at the start and after each iteration
        (``totalIterations + 1`` values); empty without ``validationIndicatorCol``."""
        return list(self._validation_loss_history)

    @property
    def bestIteration(self) -> int:
        """The iteration whose weights the model holds: that of the lowest validation loss, else the last."""
        return self._best_iteration

    def __repr__(self):
        return (f"FeedForwardTrainingSummary(totalIterations={self._total_iterations}, "
                f"bestIteration={self._best_iteration}, deadUnitFractions={self._dead_unit_fractions})")


class PerceptronSpec:
    """What :class:`PerceptronPipelines` builds, as the JVM's ``PerceptronSpec``.

    Set exactly one of ``featuresCol`` (a vector column) and ``featureCols`` (numeric or vector
    columns a ``VectorAssembler`` joins). ``alpha`` ``None`` means the activation's own default.
    ``classifier`` is ``"MULTILAYER_PERCEPTRON"`` (MLlib's, after an ``Activation`` stage) or
    ``"FEED_FORWARD"`` (:class:`FeedForwardClassifier` with the activation in its hidden layers,
    the only one that takes ``activation="prelu"``). The defaults are the JVM's (the tests
    compare them): label ``"label"``, prediction ``"prediction"``, standardised and centred
    features, ``"relu"``, one hidden layer of 64, 100 iterations, tolerance 1e-6, seed 42,
    MLlib's multilayer perceptron.
    """

    def __init__(self, *, featuresCol: Optional[str] = None, featureCols: Optional[Sequence[str]] = None,
                 labelCol: str = "label", predictionCol: str = "prediction", standardize: bool = True,
                 center: bool = True, activation: str = "relu", alpha: Optional[float] = None,
                 hiddenLayers: Sequence[int] = (64,), maxIter: int = 100, tol: float = 1e-6,
                 seed: int = 42, classifier: str = "MULTILAYER_PERCEPTRON"):
        self.featuresCol = featuresCol
        self.featureCols = None if featureCols is None else list(featureCols)
        self.labelCol = labelCol
        self.predictionCol = predictionCol
        self.standardize = standardize
        self.center = center
        self.activation = activation
        self.alpha = alpha
        self.hiddenLayers = list(hiddenLayers)
        self.maxIter = maxIter
        self.tol = tol
        self.seed = seed
        self.classifier = classifier

    def _to_java(self):
        """The JVM spec, validated there: an invalid spec raises ``IllegalArgumentException``
        listing every problem."""
        sc = _jvm()
        jvm = sc._gateway.jvm
        j = (jvm.sparkactivations.pipelines.PerceptronSpec()
             .setLabelCol(self.labelCol)
             .setPredictionCol(self.predictionCol)
             .setStandardize(bool(self.standardize))
             .setCenter(bool(self.center))
             .setActivation(self.activation)
             .setHiddenLayers(_ints(self.hiddenLayers))
             .setMaxIter(int(self.maxIter))
             .setTol(float(self.tol))
             .setSeed(int(self.seed))
             .setClassifier(jvm.sparkactivations.pipelines.ClassifierKind.valueOf(self.classifier)))
        if self.featuresCol is not None:
            j.setFeaturesCol(self.featuresCol)
        if self.featureCols is not None:
            j.setFeatureCols(_java_array(jvm.String, list(self.featureCols)))
        if self.alpha is not None:
            j.setAlpha(float(self.alpha))
        return j.validate()

    def __repr__(self):
        fields = ", ".join(f"{k}={v!r}" for k, v in vars(self).items())
        return f"PerceptronSpec({fields})"


class TuningGrid:
    """The candidates :class:`PerceptronTuning` tries, as the JVM's ``TuningGrid``: every
    activation with every hidden-layer list, and for functions that take an alpha every alpha;
    an empty list means the base spec's value. Scored by ``method`` (``"CROSS_VALIDATION"`` with
    ``numFolds``, or ``"TRAIN_VALIDATION_SPLIT"`` with ``trainRatio``) on ``metricName`` of
    ``MulticlassClassificationEvaluator``. Defaults are the JVM's: 3 folds, ratio 0.75,
    ``"accuracy"``, seed 42, one candidate fitted at a time."""

    def __init__(self, *, activations: Sequence[str] = (), alphas: Sequence[float] = (),
                 hiddenLayers: Sequence[Sequence[int]] = (), method: str = "CROSS_VALIDATION",
                 numFolds: int = 3, trainRatio: float = 0.75, metricName: str = "accuracy",
                 seed: int = 42, parallelism: int = 1):
        self.activations = list(activations)
        self.alphas = list(alphas)
        self.hiddenLayers = [list(h) for h in hiddenLayers]
        self.method = method
        self.numFolds = numFolds
        self.trainRatio = trainRatio
        self.metricName = metricName
        self.seed = seed
        self.parallelism = parallelism

    def _to_java(self):
        sc = _jvm()
        jvm = sc._gateway.jvm
        layers = sc._gateway.new_array(jvm.int, len(self.hiddenLayers), 0)
        for i, h in enumerate(self.hiddenLayers):
            layers[i] = _ints(h)
        return (jvm.sparkactivations.pipelines.TuningGrid()
                .setActivations(_java_array(jvm.String, self.activations))
                .setAlphas(_java_array(jvm.double, [float(a) for a in self.alphas]))
                .setHiddenLayers(layers)
                .setMethod(jvm.sparkactivations.pipelines.TuningMethod.valueOf(self.method))
                .setNumFolds(int(self.numFolds))
                .setTrainRatio(float(self.trainRatio))
                .setMetricName(self.metricName)
                .setSeed(int(self.seed))
                .setParallelism(int(self.parallelism)))

    def __repr__(self):
        fields = ", ".join(f"{k}={v!r}" for k, v in vars(self).items())
        return f"TuningGrid({fields})"


class TuningCandidate(NamedTuple):
    """One candidate of a grid and its metric; ``alpha`` is NaN for a function without one."""

    activation: str
    alpha: float
    layers: List[int]
    hiddenLayers: List[int]
    metric: float


class TuningResult:
    """What :meth:`PerceptronTuning.tune` returns: the best candidate refitted on all the data,
    and every candidate with its metric, in grid order."""

    def __init__(self, bestModel: PipelineModel, candidates: List[TuningCandidate], bestIndex: int,
                 metricName: str):
        self.bestModel = bestModel
        self.candidates = candidates
        self.bestIndex = bestIndex
        self.metricName = metricName

    @property
    def best(self) -> TuningCandidate:
        return self.candidates[self.bestIndex]


class PerceptronPipelines:
    """Builds the standard pipeline from a :class:`PerceptronSpec` (the JVM's
    ``PerceptronPipelines``)."""

    #: The vector column ``VectorAssembler`` writes when feature columns are given.
    ASSEMBLED_COL = "features"

    @staticmethod
    def build(spec: PerceptronSpec, dataset: DataFrame) -> Pipeline:
        """The unfitted pipeline for ``spec``, its layer sizes taken from ``dataset``."""
        j = _jvm()._gateway.jvm.sparkactivations.pipelines.PerceptronPipelines.build(spec._to_java(), dataset._jdf)
        return Pipeline._from_java(j)

    @staticmethod
    def layers(spec: PerceptronSpec, dataset: DataFrame) -> List[int]:
        """The classifier's layer sizes on ``dataset``: input, hidden layers, classes."""
        return list(_jvm()._gateway.jvm.sparkactivations.pipelines.PerceptronPipelines.layers(
            spec._to_java(), dataset._jdf))


class PerceptronTuning:
    """Grid search over the pipeline of :class:`PerceptronPipelines` (the JVM's
    ``PerceptronTuning``), with MLlib's ``CrossValidator`` or ``TrainValidationSplit``."""

    @staticmethod
    def tune(spec: PerceptronSpec, grid: TuningGrid, dataset: DataFrame) -> TuningResult:
        """Scores every candidate of ``grid`` on ``dataset`` and refits the best on all of it."""
        jvm = _jvm()._gateway.jvm
        j = jvm.sparkactivations.pipelines.PerceptronTuning.tune(spec._to_java(), grid._to_java(), dataset._jdf)
        candidates = [TuningCandidate(c.activation(), c.alpha(), list(c.layers()), list(c.hiddenLayers()),
                                      c.metric()) for c in j.candidates()]
        return TuningResult(PipelineModel._from_java(j.bestModel()), candidates, j.bestIndex(), j.metricName())
