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


@pytest.mark.parametrize("classifier", ["perceptron", "feed-forward"])
def test_model_saved_by_the_java_job_predicts_the_same_in_python(spark, root, tmp_path, classifier):
    # The application jar that mvn verify built for this PySpark's Spark line.
    scala = sparkactivations.scala_binary_version(pyspark.__version__)
    target = root / "examples" / "target" / f"spark-{pyspark.__version__}"
    apps = sorted(target.glob(f"spark-activations-examples_{scala}-*-app.jar"))
    assert len(apps) == 1, f"expected the examples application jar of mvn verify in {target}, found {apps}"
    model_dir, predictions_dir = tmp_path / "model", tmp_path / "predictions"
    spark_submit = Path(pyspark.__file__).parent / "bin" / "spark-submit"
    result = subprocess.run(
        [spark_submit, "--master", "local[2]", "--class", "sparkactivations.examples.DigitsPipelineJob",
         "--conf", "spark.ui.enabled=false", "--conf", "spark.driver.host=127.0.0.1",
         "--conf", "spark.driver.bindAddress=127.0.0.1", str(apps[0]),
         "--classifier", classifier, "--activation", "elu", "--max-iter", "60",
         "--model-out", str(model_dir), "--predictions-out", str(predictions_dir)],
        env=dict(os.environ, SPARK_LOCAL_IP="127.0.0.1"), capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    accuracy = float(re.search(r"^accuracy=(\d\.\d+) ", result.stdout, re.M).group(1))

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
