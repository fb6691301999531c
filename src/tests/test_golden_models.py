"""Models saved by releases of the library on each Spark line (the golden files committed under
pipelines/src/test/resources/golden/) load in PySpark on this line and output exactly what they
output when they were saved: a PipelineModel of our stages and MLlib's perceptron, a
FeedForwardClassificationModel, and a PipelineModel of our stages alone. The stages' outputs are
compared bit for bit; the networks' predictions exactly and their probabilities to 1e-12 relative,
because they go through BLAS, whose Java implementation differs by a few ulps between a JVM with
the vector module (Spark 4's launcher adds it) and one without (Spark 3.5's)."""

import math

import pytest
from pyspark.ml.classification import MultilayerPerceptronClassificationModel

from sparkactivations.pipelines import FeedForwardClassificationModel, load_pipeline_model
from sparkactivations.transformers import Activation, ELU, LeakyReLU, ReLU

GOLDEN = "pipelines/src/test/resources/golden"
OUTPUTS = {
    "mlp-pipeline": ["prediction", "probability", "rawPrediction"],
    "feed-forward": ["prediction", "probability", "rawPrediction"],
    "stages": ["relu", "leaky", "elu", "features_gelu", "x_gelu"],
}


def golden_sets(root):
    return sorted(p for release in (root / GOLDEN).iterdir() for p in release.iterdir())


def test_both_lines_have_golden_sets(root):
    names = [p.name for p in golden_sets(root)]
    assert any(n.startswith("spark-3.5.") for n in names) and any(n.startswith("spark-4.") for n in names), names


@pytest.mark.parametrize("kind", sorted(OUTPUTS))
def test_golden_models_load_and_output_what_they_did(spark, root, kind):
    for golden in golden_sets(root):
        path = str(golden / kind / "model")
        # load_pipeline_model is PipelineModel.load, which over Spark Connect reads these on PySpark 4.1+ only.
        model = FeedForwardClassificationModel.load(path) if kind == "feed-forward" else load_pipeline_model(path)
        if kind == "mlp-pipeline":
            assert [type(s) for s in model.stages[1:]] == [LeakyReLU, Activation, MultilayerPerceptronClassificationModel]
        if kind == "stages":
            assert [type(s) for s in model.stages] == [ReLU, LeakyReLU, ELU, Activation]
        if kind == "feed-forward":
            # These were saved before models kept their training summary.
            assert not model.hasSummary
            with pytest.raises(RuntimeError, match="No training summary"):
                model.summary
        columns = ["id"] + OUTPUTS[kind]
        data = spark.read.parquet(str(golden / "input"))
        actual = {r["id"]: r for r in model.transform(data).select(*columns).collect()}
        expected = {r["id"]: r for r in spark.read.parquet(str(golden / kind / "expected")).collect()}
        assert len(expected) == 120 and actual.keys() == expected.keys(), golden
        for i, row in expected.items():
            for c in OUTPUTS[kind]:
                where = f"{golden.name}/{kind} row {i} column {c}"
                if kind == "stages" or c == "prediction":
                    assert actual[i][c] == row[c], where
                else:
                    assert len(actual[i][c]) == len(row[c]), where
                    assert all(math.isclose(a, b, rel_tol=1e-12, abs_tol=0.0)
                               for a, b in zip(actual[i][c], row[c])), (where, actual[i][c], row[c])
