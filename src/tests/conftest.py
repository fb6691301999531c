"""One local SparkSession for the whole pytest run, started with the installed package's jar.

The tests run against the installed ``sparkactivations`` (the wheel that ``bin/run-tests``
builds), not the source tree, so that the jar inside the wheel is what they exercise.
"""

import filecmp
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def pytest_sessionstart(session):
    import sparkactivations

    installed = Path(sparkactivations.__file__).parent
    source = ROOT / "src" / "sparkactivations"
    if installed == source:
        raise pytest.UsageError(
            "sparkactivations is imported from the source tree, which has no jar; "
            "install the package first (bin/run-tests does: pip install of the built wheel)")
    stale = [p.name for p in source.glob("*.py")
             if not (installed / p.name).is_file() or not filecmp.cmp(p, installed / p.name, shallow=False)]
    if stale:
        raise pytest.UsageError(
            f"the installed sparkactivations ({installed}) differs from src/ in {stale}; "
            "reinstall it: bin/run-tests, or .venv/bin/pip install .")


@pytest.fixture(scope="session")
def spark():
    from pyspark.sql import SparkSession

    import sparkactivations

    session = (SparkSession.builder
               .master("local[2]")
               .appName("sparkactivations-python-tests")
               .config("spark.jars", sparkactivations.jar_path())
               .config("spark.ui.enabled", "false")
               .config("spark.driver.host", "127.0.0.1")
               .config("spark.driver.bindAddress", "127.0.0.1")
               .config("spark.sql.shuffle.partitions", "4")
               .getOrCreate())
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="session", autouse=True)
def _spark_for_every_test(spark):
    """Building a wrapper needs the JVM, even in a test that never names the session."""


@pytest.fixture(scope="session")
def jvm(spark):
    return spark.sparkContext._jvm


@pytest.fixture(scope="session")
def root():
    return ROOT


@pytest.fixture
def save_dir(tmp_path):
    """A path that does not exist yet, for a save."""
    return str(tmp_path / "saved")
