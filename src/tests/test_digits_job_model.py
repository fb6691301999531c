"""A PipelineModel saved by the JVM job DigitsPipelineJob (submitted with spark-submit), with
either classifier, loads in Python and predicts there exactly what the job wrote."""

import os
import re
import subprocess
from pathlib import Path

import pyspark
import pytest
from pyspark.ml.classification import MultilayerPerceptronClassificationModel

import sparkactivations
from sparkactivations.pipelines import FeedForwardClassificationModel, load_pipeline_model
from sparkactivations.transformers import Activation


CLASSIFIERS = ("perceptron", "feed-forward")


@pytest.fixture(scope="module")
def job_outputs(root, tmp_path_factory):
    """Submits DigitsPipelineJob once per classifier, both at once (each local[1]: the two JVMs
    share the machine's cores instead of waiting for each other), and yields per classifier the
    job's stdout and its model and predictions directories."""
    # The application jar that mvn verify built for this PySpark's Spark line.
    scala = sparkactivations.scala_binary_version(pyspark.__version__)
    target = root / "examples" / "target" / f"spark-{pyspark.__version__}"
    apps = sorted(target.glob(f"spark-activations-examples_{scala}-*-app.jar"))
    assert len(apps) == 1, f"expected the examples application jar of mvn verify in {target}, found {apps}"
    spark_submit = Path(pyspark.__file__).parent / "bin" / "spark-submit"
    env = dict(os.environ, SPARK_LOCAL_IP="127.0.0.1")
    # A classic job: nothing of the test run's Spark Connect client mode may leak into it.
    for key in ("SPARK_REMOTE", "SPARK_CONNECT_MODE_ENABLED", "SPARK_LOCAL_REMOTE", "SPARK_API_MODE"):
        env.pop(key, None)
    jobs = {}
    for classifier in CLASSIFIERS:
        out = tmp_path_factory.mktemp(classifier)
        model_dir, predictions_dir = out / "model", out / "predictions"
        process = subprocess.Popen(
            [spark_submit, "--master", "local[1]", "--class", "sparkactivations.examples.DigitsPipelineJob",
             "--conf", "spark.ui.enabled=false", "--conf", "spark.driver.host=127.0.0.1",
             "--conf", "spark.driver.bindAddress=127.0.0.1", str(apps[0]),
             "--classifier", classifier, "--activation", "elu", "--max-iter", "40",
             "--model-out", str(model_dir), "--predictions-out", str(predictions_dir)],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        jobs[classifier] = (process, model_dir, predictions_dir)
    outputs = {}
    try:
        for classifier, (process, model_dir, predictions_dir) in jobs.items():
            stdout, stderr = process.communicate(timeout=600)
            outputs[classifier] = (process.returncode, stdout, stderr, model_dir, predictions_dir)
    finally:
        for process, _, _ in jobs.values():
            if process.poll() is None:
                process.kill()
                process.wait()
    yield outputs


@pytest.mark.parametrize("classifier", CLASSIFIERS)
def test_model_saved_by_the_java_job_predicts_the_same_in_python(spark, job_outputs, classifier):
    returncode, stdout, stderr, model_dir, predictions_dir = job_outputs[classifier]
    assert returncode == 0, stdout[-2000:] + stderr[-4000:]
    accuracy = float(re.search(r"^accuracy=(\d\.\d+) ", stdout, re.M).group(1))

    model = load_pipeline_model(str(model_dir))
    activations = [s for s in model.stages if isinstance(s, Activation)]
    if classifier == "perceptron":
        assert [s.getFunction() for s in activations] == ["elu"]
        assert isinstance(model.stages[-1], MultilayerPerceptronClassificationModel)
    else:
        assert activations == []
        assert isinstance(model.stages[-1], FeedForwardClassificationModel)
        assert model.stages[-1].getActivation() == "elu"
    written = spark.read.parquet(str(predictions_dir))
    jvm_predictions = {r["id"]: r["prediction"] for r in written.select("id", "prediction").collect()}
    python_predictions = {r["id"]: r["prediction"]
                          for r in model.transform(written.drop("prediction", "probability")).select("id", "prediction").collect()}
    assert len(jvm_predictions) > 300 and python_predictions == jvm_predictions
    right = written.filter("prediction = label").count()
    assert abs(right / written.count() - accuracy) < 1e-4
