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
import re
from typing import Optional

__all__ = ["jar_path", "scala_binary_version", "__version__"]

try:
    from importlib.metadata import PackageNotFoundError, version as _version

    __version__ = _version("sparkactivations")
except PackageNotFoundError:  # imported from a source tree, not installed
    __version__ = "unknown"

_JARS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "jars")

#: The Spark lines this package has a jar for: Spark major.minor (or major) -> Scala binary version.
#: The Spark 3.5 jar is built against Spark 3.5.9, the Spark 4 jar against 4.0.1 (it runs on 4.0,
#: 4.1 and 4.2, which the project tests).
SUPPORTED = (("3.5", "2.12"), ("4", "2.13"))


def scala_binary_version(spark_version: str) -> str:
    """The Scala binary version of the jar for a Spark version: ``"2.12"`` for Spark 3.5.x,
    ``"2.13"`` for Spark 4.x. Raises ValueError naming the supported versions for any other."""
    match = re.match(r"^(\d+)\.(\d+)", spark_version or "")
    if match:
        major, minor = match.groups()
        for line, scala in SUPPORTED:
            if line == major or line == f"{major}.{minor}":
                return scala
    raise ValueError(
        f"sparkactivations {__version__} supports Spark 3.5.x (Scala 2.12) and Spark 4.x "
        f"(Scala 2.13), not Spark {spark_version!r}: install pyspark 3.5 or 4.x, or use the "
        "sparkactivations release built for your Spark")


def jar_path(spark_version: Optional[str] = None) -> str:
    """The path of the JVM jar installed with this package that matches a Spark version, for
    ``spark.jars`` or ``spark-submit --jars``: the Scala 2.12 jar for Spark 3.5, the Scala 2.13
    jar for Spark 4.x. It holds the library's classes only; Spark provides the rest.

    ``spark_version`` defaults to the installed PySpark's (``pyspark.__version__``); pass the
    cluster's version (``"3.5.1"``, ``"4.0"``) where it differs or where PySpark is not installed.

    Raises ValueError for a Spark version without a jar (see :func:`scala_binary_version`), and
    FileNotFoundError when this copy of the package has no jar (a source tree rather than an
    installed wheel): install it with ``pip install .`` from the project's top directory.
    """
    if spark_version is None:
        try:
            import pyspark
        except ImportError:
            raise ValueError(
                "PySpark is not installed, so jar_path() cannot tell which Spark the jar is for: "
                "install pyspark (pip install 'sparkactivations[pyspark]') or pass the cluster's "
                "Spark version, e.g. jar_path('3.5') or jar_path('4.0')") from None
        spark_version = pyspark.__version__
    scala = scala_binary_version(spark_version)
    jars = sorted(glob.glob(os.path.join(_JARS, f"spark-activations_{scala}-*.jar")))
    if len(jars) != 1:
        raise FileNotFoundError(
            f"expected one spark-activations_{scala} jar in {_JARS}, found {len(jars)}; this copy "
            "of sparkactivations was not installed from a wheel: run 'pip install .' in the project")
    return jars[0]
