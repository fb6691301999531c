"""The activation functions as column functions, PyTorch's names: ``relu``, ``leaky_relu``,
``elu``, ``selu``, ``celu``, ``gelu``, ``silu``, ``softplus``, ``relu6``, ``sigmoid``, and
``activation(col, name[, alpha])`` for any of them by name, ``tanh`` included.

They call the SQL functions of the same names by name (``pyspark.sql.functions.call_function``),
native Catalyst expressions in the JVM: no Python UDF, no data leaves the JVM. The functions exist
in every session started with this package's jar::

    from pyspark.sql import SparkSession
    import sparkactivations
    from sparkactivations import functions as AF

    spark = SparkSession.builder.config("spark.jars", sparkactivations.jar_path()).getOrCreate()
    df.select(AF.relu("features"), AF.leaky_relu("features", 0.1), AF.activation("x", "tanh"))

A session that already exists without them gets them from :func:`register`. PySpark 3.5 builds
its JVM session without Spark's service-loaded extensions, so there the SQL names exist only
after :func:`register`, with ``spark.sql.extensions=sparkactivations.functions.ActivationExtensions``,
or once one of the functions below has been called (they register them in the active session
when missing).

``col`` is a column or a column name of type vector (dense or sparse), double, float,
array<double> or array<float>; the result has its type, a null gives null (a null array element
too), and sparse vectors stay sparse for functions with ``f(0) = 0``. The values are the stages'
(:mod:`sparkactivations.transformers`), bit for bit. ``alpha`` is a number (a constant); when
omitted, PyTorch's default is used. Bad calls (a wrong column type, a NaN or infinite alpha, an
unknown name) raise ``AnalysisException`` when the query is analysed, before any job runs.
"""

from pyspark.errors import AnalysisException
from pyspark.sql import SparkSession
from pyspark.sql.functions import call_function, lit
from pyspark.sql.utils import is_remote

__all__ = [
    "relu", "leaky_relu", "elu", "selu", "celu", "gelu", "silu", "softplus", "relu6", "sigmoid",
    "activation", "register",
]


# The JVM sessions known to have the functions (by identity hash), so that the check below runs
# once per session.
_REGISTERED = set()


def _ensure_registered():
    """Registers the SQL functions in the active classic session when it lacks them (PySpark 3.5
    sessions do not load service-provided extensions). Spark Connect sessions are left alone: the
    server has the functions when started with the jar."""
    spark = SparkSession.getActiveSession()
    jsession = getattr(spark, "_jsparkSession", None)
    if jsession is None:
        return
    jvm = spark.sparkContext._jvm
    key = jvm.System.identityHashCode(jsession)
    if key not in _REGISTERED:
        if not jsession.catalog().functionExists("activation"):
            register(spark)
        _REGISTERED.add(key)


def _call(name, col, *args):
    _ensure_registered()
    return call_function(name, col, *[lit(a) for a in args])


def _alpha(alpha):
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float)):
        raise TypeError(f"alpha must be a number, got {type(alpha).__name__}")
    return float(alpha)


def relu(col):
    """``max(0, x)``, ``torch.nn.ReLU``.

    :param col: a column or column name: vector, double, float, array<double> or array<float>
    :return: a column of the same type
    """
    return _call("relu", col)


def leaky_relu(col, alpha=None):
    """``x`` for ``x > 0``, else ``alpha * x``: ``torch.nn.LeakyReLU(negative_slope=alpha)``;
    ``alpha`` defaults to 0.01."""
    return _call("leaky_relu", col) if alpha is None else _call("leaky_relu", col, _alpha(alpha))


def elu(col, alpha=None):
    """``x`` for ``x > 0``, else ``alpha * (exp(x) - 1)``: ``torch.nn.ELU(alpha)``; ``alpha``
    defaults to 1.0."""
    return _call("elu", col) if alpha is None else _call("elu", col, _alpha(alpha))


def selu(col):
    """``torch.nn.SELU``: ``scale * (x if x > 0 else a * (exp(x) - 1))``."""
    return _call("selu", col)


def celu(col, alpha=None):
    """``x`` for ``x > 0``, else ``alpha * (exp(x / alpha) - 1)``: ``torch.nn.CELU(alpha)``;
    ``alpha`` defaults to 1.0 and must not be 0."""
    return _call("celu", col) if alpha is None else _call("celu", col, _alpha(alpha))


def gelu(col):
    """The exact (erf) GELU, ``x * Phi(x)``: ``torch.nn.GELU(approximate='none')``."""
    return _call("gelu", col)


def silu(col):
    """``x * sigmoid(x)``, ``torch.nn.SiLU``."""
    return _call("silu", col)


def softplus(col):
    """``log(1 + exp(x))``, ``x`` itself above 20: ``torch.nn.Softplus()``. Sparse vectors
    become dense."""
    return _call("softplus", col)


def relu6(col):
    """``min(max(0, x), 6)``, ``torch.nn.ReLU6``."""
    return _call("relu6", col)


def sigmoid(col):
    """``1 / (1 + exp(-x))``, ``torch.nn.Sigmoid``. Sparse vectors become dense."""
    return _call("sigmoid", col)


def activation(col, name, alpha=None):
    """The function called ``name`` (one of
    :data:`sparkactivations.transformers.FUNCTION_NAMES`, ``"tanh"`` included) on ``col``;
    ``alpha`` is used by leaky_relu, elu and celu and ignored by the others."""
    if alpha is None:
        return _call("activation", col, name)
    return _call("activation", col, name, _alpha(alpha))


def register(spark: SparkSession) -> None:
    """Adds the SQL functions to a session that already exists. Over Spark Connect there is
    nothing to add: a server started with this package's jar has them in every session; this
    checks that it does, and raises RuntimeError saying how to start the server when not."""
    if is_remote():
        try:
            spark.sql("SELECT relu(0D)").collect()
        except AnalysisException as e:
            raise RuntimeError(
                "this Spark Connect server has no sparkactivations SQL functions: start it with the "
                "package's jar (spark-submit --jars <sparkactivations.jar_path()> or spark.jars), whose "
                "META-INF/services adds them to every session") from e
        return
    spark.sparkContext._jvm.sparkactivations.functions.ActivationFunctions.register(spark._jsparkSession)
