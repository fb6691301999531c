"""Tuning with PySpark's own CrossValidator over LeakyReLU's alpha in front of MLlib's perceptron,
in a classic session and over Spark Connect (where PySpark 4 runs the search from the client,
fitting and evaluating each candidate on the server)."""

import pytest
from pyspark.ml import Pipeline
from pyspark.ml.classification import MultilayerPerceptronClassifier
from pyspark.ml.evaluation import MulticlassClassificationEvaluator
from pyspark.ml.tuning import CrossValidator, CrossValidatorModel, ParamGridBuilder

from sparkactivations.transformers import LeakyReLU
from test_persistence import sign_labelled


@pytest.fixture(scope="module")
def labelled(spark):
    return sign_labelled(spark, 90)


def test_cross_validator_over_leaky_relu_alpha(labelled, tmp_path):
    leaky = LeakyReLU(inputCol="features", outputCol="activated")
    mlp = MultilayerPerceptronClassifier(featuresCol="activated", layers=[3, 4, 2], maxIter=30, seed=5)
    alphas = [0.01, 0.3]
    grid = ParamGridBuilder().addGrid(leaky.alpha, alphas).build()
    evaluator = MulticlassClassificationEvaluator(metricName="accuracy")
    cv = CrossValidator(estimator=Pipeline(stages=[leaky, mlp]), estimatorParamMaps=grid, evaluator=evaluator,
                        numFolds=2, seed=11)
    model = cv.fit(labelled)
    assert len(model.avgMetrics) == len(alphas) and all(0.0 <= m <= 1.0 for m in model.avgMetrics)
    best_index = max(range(len(alphas)), key=lambda i: model.avgMetrics[i])
    best_leaky = model.bestModel.stages[0]
    assert isinstance(best_leaky, LeakyReLU) and best_leaky.getAlpha() == alphas[best_index]
    assert evaluator.evaluate(model.transform(labelled)) > 0.8

    path = str(tmp_path / "cv")
    model.write().save(path)
    reloaded = CrossValidatorModel.load(path)
    assert reloaded.bestModel.stages[0].getAlpha() == alphas[best_index]
    before = {r["id"]: r["prediction"] for r in model.transform(labelled).select("id", "prediction").collect()}
    after = {r["id"]: r["prediction"] for r in reloaded.transform(labelled).select("id", "prediction").collect()}
    assert before == after
