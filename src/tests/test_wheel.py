"""The built wheel in a fresh virtual environment: it installs, imports, carries the jar, and
that jar serves spark-submit --jars."""

import os
import subprocess
import sys
import textwrap
import venv
import zipfile
from pathlib import Path

import pytest

import sparkactivations


@pytest.fixture(scope="module")
def wheel(root):
    wheels = sorted((root / "build" / "dist").glob("sparkactivations-*.whl"))
    assert len(wheels) == 1, (
        f"expected one wheel in build/dist, found {wheels}: bin/run-tests builds it "
        "(pip wheel --no-deps -w build/dist .)")
    assert f"-{sparkactivations.__version__}-" in wheels[0].name
    return wheels[0]


@pytest.fixture(scope="module")
def fresh(tmp_path_factory, wheel):
    """A new virtual environment with nothing but the wheel (no PySpark: it is an extra)."""
    env = tmp_path_factory.mktemp("fresh") / "venv"
    venv.EnvBuilder(with_pip=True).create(env)
    python = env / "bin" / "python"
    subprocess.run([python, "-m", "pip", "install", "-q", "--disable-pip-version-check", "--no-index",
                    "--no-deps", wheel], check=True)
    return python


def test_fresh_install_imports_and_has_the_jar(fresh):
    out = subprocess.run(
        [fresh, "-c", "import sparkactivations, sys; print(sparkactivations.jar_path()); "
                      "print(sparkactivations.__version__); print(sparkactivations.__file__)"],
        check=True, capture_output=True, text=True, cwd="/").stdout.split("\n")
    jar, version, module = out[0], out[1], out[2]
    assert Path(module).is_relative_to(fresh.parent.parent)
    assert version == sparkactivations.__version__
    assert os.path.isfile(jar) and Path(jar).is_relative_to(fresh.parent.parent)
    with zipfile.ZipFile(jar) as z:
        names = set(z.namelist())
    for cls in ("ReLU", "LeakyReLU", "ELU", "Activation", "ActivationKernel"):
        assert f"sparkactivations/transformers/{cls}.class" in names
    assert not [n for n in names if n.startswith(("org/apache/spark/", "scala/"))], "Spark or Scala bundled"


def test_jar_serves_spark_submit(fresh, tmp_path):
    import numpy
    import py4j
    import pyspark

    # PySpark (and NumPy, which pyspark.ml needs) for the fresh environment's driver, without the
    # test environment's own copy of sparkactivations, which would shadow the fresh one.
    only_pyspark = tmp_path / "pyspark-only"
    only_pyspark.mkdir()
    for module in (pyspark, py4j, numpy):
        package = Path(module.__file__).parent
        for name in (package.name, package.name + ".libs"):
            if (package.parent / name).exists():
                (only_pyspark / name).symlink_to(package.parent / name)
    script = tmp_path / "job.py"
    script.write_text(textwrap.dedent(f"""
        import sparkactivations
        from pyspark.ml.linalg import Vectors
        from pyspark.sql import SparkSession
        from sparkactivations.transformers import ELU

        assert sparkactivations.__file__.startswith({str(fresh.parent.parent)!r}), sparkactivations.__file__
        spark = SparkSession.builder.getOrCreate()
        df = spark.createDataFrame([(Vectors.dense([-1.0, 2.0]),)], ["v"])
        out = ELU(inputCol="v", outputCol="o", alpha=2.0).transform(df).head()["o"]
        print("elu=" + ",".join("%.6f" % x for x in out))
        spark.stop()
    """))
    jar = subprocess.run([fresh, "-c", "import sparkactivations; print(sparkactivations.jar_path())"],
                         check=True, capture_output=True, text=True).stdout.strip()
    spark_submit = Path(pyspark.__file__).parent / "bin" / "spark-submit"
    env = dict(os.environ, PYSPARK_PYTHON=str(fresh), PYSPARK_DRIVER_PYTHON=str(fresh),
               PYTHONPATH=str(only_pyspark), SPARK_LOCAL_IP="127.0.0.1")
    result = subprocess.run(
        [spark_submit, "--master", "local[1]", "--jars", jar,
         "--conf", "spark.ui.enabled=false", "--conf", "spark.driver.host=127.0.0.1",
         "--conf", "spark.driver.bindAddress=127.0.0.1", str(script)],
        env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    # elu(-1, alpha 2) = 2 (e^-1 - 1)
    assert "elu=-1.264241,2.000000" in result.stdout.splitlines()
