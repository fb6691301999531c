"""One SparkSession for the whole pytest run, with the installed package's jar.

The same tests run in two modes, chosen by ``SPARKACTIVATIONS_TEST_MODE``:

- ``classic`` (the default): a local session in this process (a JVM through py4j), started with
  the jar in ``spark.jars``;
- ``connect`` (PySpark 4 only): a Spark Connect server started here from the installed PySpark's
  own ``spark-submit`` (``SparkConnectServer``, with the jar in ``--jars``) on 127.0.0.1, and a
  Connect client session in this process, which starts no JVM of its own (checked at the end).
  Tests that read the JVM through py4j (the ``jvm`` fixture) compare the wrappers with their JVM
  classes; they need a classic session and are deselected here.

The tests run against the installed ``sparkactivations`` (the wheel that ``bin/run-tests``
builds), not the source tree, so that the jar inside the wheel is what they exercise.
"""

import filecmp
import os
import socket
import subprocess
import sys
import time
import types
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MODE = os.environ.get("SPARKACTIVATIONS_TEST_MODE", "classic")
if MODE not in ("classic", "connect"):
    raise ValueError(f"SPARKACTIVATIONS_TEST_MODE is {MODE!r}; it must be 'classic' or 'connect'")


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


def pytest_report_header(config):
    import pyspark

    return f"sparkactivations tests: PySpark {pyspark.__version__}, {MODE} session"


def pytest_configure(config):
    config.addinivalue_line("markers", "classic_only: needs a classic session (py4j); not run in connect mode")


def pytest_collection_modifyitems(config, items):
    if MODE != "connect":
        return
    classic_only = [item for item in items
                    if "jvm" in getattr(item, "fixturenames", ()) or item.get_closest_marker("classic_only")]
    if classic_only:
        config.hook.pytest_deselected(items=classic_only)
        items[:] = [item for item in items if item not in classic_only]


def pytest_sessionfinish(session, exitstatus):
    if MODE == "connect" and "pyspark" in sys.modules:
        from pyspark import SparkContext

        if SparkContext._gateway is not None:
            raise pytest.UsageError("the Spark Connect test run started a JVM in the client process")


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def connect_server(tmp_path_factory):
    """A Spark Connect server of the installed PySpark with this package's jar, on 127.0.0.1:
    its URL and its driver's temporary directory. On Spark 4.1 and later its model cache keeps no
    model in memory, so every model is saved to the server's disk (under the temporary
    directory's ``spark_connect_model_cache``) and loaded again at each use."""
    import pyspark

    import sparkactivations

    home = Path(pyspark.__file__).parent
    work = tmp_path_factory.mktemp("connect-server")
    port = _free_port()
    server_tmp = work / "tmp"
    server_tmp.mkdir()
    confs = {
        "spark.driver.extraJavaOptions": f"-Djava.io.tmpdir={server_tmp}",
        "spark.master": "local[2]",
        "spark.connect.grpc.binding.address": "127.0.0.1",
        "spark.connect.grpc.binding.port": str(port),
        "spark.ui.enabled": "false",
        "spark.driver.host": "127.0.0.1",
        "spark.driver.bindAddress": "127.0.0.1",
        "spark.sql.shuffle.partitions": "4",
        "spark.sql.warehouse.dir": str(work / "warehouse"),
        "spark.connect.session.connectML.mlCache.memoryControl.maxInMemorySize": "1",
    }
    command = [str(home / "bin" / "spark-submit"), "--class", "org.apache.spark.sql.connect.service.SparkConnectServer",
               "--jars", sparkactivations.jar_path()]
    for key, value in confs.items():
        command += ["--conf", f"{key}={value}"]
    command.append("spark-internal")
    env = dict(os.environ, SPARK_HOME=str(home))
    env.pop("PYSPARK_SUBMIT_ARGS", None)
    log_path = work / "server.log"
    with open(log_path, "wb") as log:
        server = subprocess.Popen(command, cwd=work, env=env, stdout=log, stderr=subprocess.STDOUT,
                                  start_new_session=True)
    try:
        deadline = time.monotonic() + 180
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"the Spark Connect server exited with {server.returncode}:\n"
                                   + log_path.read_text(errors="replace")[-4000:])
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("the Spark Connect server did not listen within 180 s:\n"
                                       + log_path.read_text(errors="replace")[-4000:])
                time.sleep(0.5)
        yield types.SimpleNamespace(url=f"sc://127.0.0.1:{port}", tmp=server_tmp)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=30)


@pytest.fixture(scope="session")
def spark(request):
    if MODE == "connect":
        from pyspark.sql import SparkSession

        session = SparkSession.builder.remote(request.getfixturevalue("connect_server").url).getOrCreate()
        yield session
        session.stop()
        return
    yield from _classic_session()


def _classic_session():
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
    """The JVM of a classic session (tests that use it do not run in connect mode)."""
    return spark.sparkContext._jvm


@pytest.fixture(scope="session")
def connect():
    """Whether the session is a Spark Connect client."""
    return MODE == "connect"


@pytest.fixture(scope="session")
def root():
    return ROOT


@pytest.fixture
def save_dir(tmp_path):
    """A path that does not exist yet, for a save."""
    return str(tmp_path / "saved")
