"""Pipeline assembly and tuning helpers: the Python side of the JVM package
``sparkactivations.pipelines``, with the same class and method names.

:class:`PerceptronPipelines` builds ``[VectorAssembler] -> [StandardScaler] -> Activation ->
MultilayerPerceptronClassifier`` from a :class:`PerceptronSpec`, the input and output layer sizes
taken from the data; :class:`PerceptronTuning` grid-searches activation function, alpha and
hidden layers over a :class:`TuningGrid`. The work is done by the JVM classes; what comes back
is PySpark's own ``Pipeline`` and ``PipelineModel``, holding
:class:`sparkactivations.transformers.Activation`.
"""

from typing import List, NamedTuple, Optional, Sequence

from pyspark import SparkContext
from pyspark.ml import Pipeline, PipelineModel
from pyspark.sql import DataFrame

__all__ = ["PerceptronSpec", "TuningGrid", "TuningCandidate", "TuningResult", "PerceptronPipelines",
           "PerceptronTuning"]


def _jvm():
    sc = SparkContext._active_spark_context
    if sc is None:
        raise RuntimeError("sparkactivations.pipelines needs an active SparkSession started with "
                           "spark.jars = sparkactivations.jar_path()")
    return sc


def _java_array(java_type, values):
    sc = _jvm()
    array = sc._gateway.new_array(java_type, len(values))
    for i, v in enumerate(values):
        array[i] = v
    return array


def _ints(values):
    return _java_array(_jvm()._gateway.jvm.int, [int(v) for v in values])


class PerceptronSpec:
    """What :class:`PerceptronPipelines` builds, as the JVM's ``PerceptronSpec``.

    Set exactly one of ``featuresCol`` (a vector column) and ``featureCols`` (numeric or vector
    columns a ``VectorAssembler`` joins). ``alpha`` ``None`` means the activation's own default.
    The defaults are the JVM's (the tests compare them): label ``"label"``, prediction
    ``"prediction"``, standardised and centred features, ``"relu"``, one hidden layer of 64,
    100 iterations, tolerance 1e-6, seed 42, MLlib's multilayer perceptron.
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
