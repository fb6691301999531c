"""Activation functions for Apache Spark ML, from PySpark.

The stages live in :mod:`sparkactivations.transformers` (``ReLU``, ``LeakyReLU``, ``ELU``,
``Activation``) and the pipeline helpers in :mod:`sparkactivations.pipelines`, the same module and
class names as on the JVM, so that ``Pipeline.load`` and ``PipelineModel.load`` find them.

They run in the JVM: start the session with this package's jar, for instance::

    from pyspark.sql import SparkSession
    import sparkactivations

    spark = (SparkSession.builder
             .config("spark.jars", sparkactivations.jar_path())
             .getOrCreate())
"""

import glob
import os

__all__ = ["jar_path", "__version__"]

try:
    from importlib.metadata import PackageNotFoundError, version as _version

    __version__ = _version("sparkactivations")
except PackageNotFoundError:  # imported from a source tree, not installed
    __version__ = "unknown"

_JARS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "jars")


def jar_path() -> str:
    """The path of the JVM jar installed with this package, for ``spark.jars`` or
    ``spark-submit --jars``. It holds the library's classes only; Spark provides the rest.

    Raises FileNotFoundError when this copy of the package has no jar (a source tree rather than
    an installed wheel): install it with ``pip install .`` from the project's top directory.
    """
    jars = sorted(glob.glob(os.path.join(_JARS, "spark-activations_*.jar")))
    if len(jars) != 1:
        raise FileNotFoundError(
            f"expected one spark-activations jar in {_JARS}, found {len(jars)}; this copy of "
            "sparkactivations was not installed from a wheel: run 'pip install .' in the project")
    return jars[0]
