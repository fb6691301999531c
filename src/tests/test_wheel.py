"""The built wheel in a fresh virtual environment: it installs, imports, carries one jar per Spark
line, picks the one for the installed PySpark, and that jar serves spark-submit --jars."""

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


# The class-file major version of each line's bytecode: Java 8 for Spark 3.5, Java 17 for Spark 4.
CLASS_FILE_MAJOR = {"2.12": 52, "2.13": 61}


def test_fresh_install_has_a_jar_per_spark_line(fresh):
    out = subprocess.run(
        [fresh, "-c", "import sparkactivations as s; print(s.jar_path('3.5.9')); print(s.jar_path('4.0.1')); "
                      "print(s.jar_path('4.2.0')); print(s.__version__); print(s.__file__)"],
        check=True, capture_output=True, text=True, cwd="/").stdout.split("\n")
    jar35, jar40, jar42, version, module = out[:5]
    assert Path(module).is_relative_to(fresh.parent.parent)
    assert version == sparkactivations.__version__
    assert jar40 == jar42 and jar35 != jar40
    for jar, scala in ((jar35, "2.12"), (jar40, "2.13")):
        assert os.path.isfile(jar) and Path(jar).is_relative_to(fresh.parent.parent)
        assert Path(jar).name.startswith(f"spark-activations_{scala}-")
        with zipfile.ZipFile(jar) as z:
            names = set(z.namelist())
            header = z.read("sparkactivations/transformers/ReLU.class")[:8]
        for cls in ("transformers/ReLU", "transformers/LeakyReLU", "transformers/ELU", "transformers/Activation",
                    "transformers/ActivationKernel", "pipelines/FeedForwardClassifier"):
            assert f"sparkactivations/{cls}.class" in names
        assert not [n for n in names if n.startswith(("org/apache/spark/", "scala/"))], "Spark or Scala bundled"
        assert header[:4] == b"\xca\xfe\xba\xbe" and int.from_bytes(header[6:8], "big") == CLASS_FILE_MAJOR[scala]


def test_jar_path_without_pyspark_asks_for_the_version_and_refuses_unsupported_ones(fresh):
    script = textwrap.dedent("""
        import sparkactivations as s
        for call in (lambda: s.jar_path(), lambda: s.jar_path("3.4.1"), lambda: s.jar_path("5.0.0")):
            try:
                call()
                print("no error")
            except ValueError as e:
                print(e)
    """)
    out = subprocess.run([fresh, "-c", script], check=True, capture_output=True, text=True, cwd="/").stdout
    no_pyspark, old, new = out.strip().split("\n")
    assert "PySpark is not installed" in no_pyspark and "jar_path('3.5')" in no_pyspark
    assert "not Spark '3.4.1'" in old and "Spark 3.5.x (Scala 2.12) and Spark 4.x (Scala 2.13)" in old
    assert "not Spark '5.0.0'" in new


def test_jar_path_matches_the_installed_pyspark():
    import pyspark

    scala = "2.12" if pyspark.__version__.startswith("3.5.") else "2.13"
    assert Path(sparkactivations.jar_path()).name.startswith(f"spark-activations_{scala}-")


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
    jar = subprocess.run([fresh, "-c", f"import sparkactivations; print(sparkactivations.jar_path({pyspark.__version__!r}))"],
                         check=True, capture_output=True, text=True).stdout.strip()
    spark_submit = Path(pyspark.__file__).parent / "bin" / "spark-submit"
    env = dict(os.environ, PYSPARK_PYTHON=str(fresh), PYSPARK_DRIVER_PYTHON=str(fresh),
               PYTHONPATH=str(only_pyspark), SPARK_LOCAL_IP="127.0.0.1")
    # A classic job: nothing of the test run's Spark Connect client mode may leak into it.
    for key in ("SPARK_REMOTE", "SPARK_CONNECT_MODE_ENABLED", "SPARK_LOCAL_REMOTE", "SPARK_API_MODE"):
        env.pop(key, None)
    result = subprocess.run(
        [spark_submit, "--master", "local[1]", "--jars", jar,
         "--conf", "spark.ui.enabled=false", "--conf", "spark.driver.host=127.0.0.1",
         "--conf", "spark.driver.bindAddress=127.0.0.1", str(script)],
        env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    # elu(-1, alpha 2) = 2 (e^-1 - 1)
    assert "elu=-1.264241,2.000000" in result.stdout.splitlines()
