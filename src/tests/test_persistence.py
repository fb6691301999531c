"""Persistence across languages: stages and pipelines saved from Python load on the JVM, and
the reverse, through PySpark's own readers (which find our classes by their JVM names)."""

import pytest
from pyspark.ml import Pipeline, PipelineModel
from pyspark.ml.classification import MultilayerPerceptronClassificationModel, MultilayerPerceptronClassifier
from pyspark.ml.linalg import Vectors
from pyspark.sql import DataFrame

from sparkactivations.transformers import ELU, Activation, LeakyReLU, ReLU


@pytest.fixture(scope="module")
def df(spark):
    return spark.createDataFrame(
        [(1, Vectors.dense([-1.0, 0.5, 2.0])), (2, Vectors.sparse(3, [1], [-3.0])), (3, None)],
        ["id", "v"])


def sign_labelled(spark, n):
    """n rows (id, features, label) of two classes told apart by the sign of the first feature
    (so by the sign of its ReLU too)."""
    rows = []
    for i in range(n):
        x = (i % 12) - 5.5
        rows.append((i, Vectors.dense([x, (i % 5) - 2.0, (i % 7) * 0.5 - 1.5]), 1.0 if x > 0 else 0.0))
    return spark.createDataFrame(rows, ["id", "features", "label"])


@pytest.fixture(scope="module")
def labelled(spark):
    return sign_labelled(spark, 60)


CONFIGURED = {
    "relu": lambda: ReLU(inputCol="v", outputCol="o"),
    "leaky_relu": lambda: LeakyReLU(inputCol="v", outputCol="o", alpha=0.2),
    "elu-default-output": lambda: ELU(inputCol="v", alpha=0.7),
    "activation-celu": lambda: Activation(function="celu", alpha=2.0, inputCol="v", outputCol="o"),
    "activation-multi": lambda: Activation(function="softplus", inputCols=["v"], outputCols=["o"]),
}


def jvm_value(j, name):
    value = j.getOrDefault(j.getParam(name))
    return list(value) if name.endswith("Cols") else value


def rows_of(df):
    return sorted(df.collect(), key=lambda r: r["id"])


@pytest.mark.parametrize("name", sorted(CONFIGURED))
def test_saved_in_python_loads_on_the_jvm(spark, jvm, df, save_dir, name):
    stage = CONFIGURED[name]()
    stage.save(save_dir)
    j = getattr(jvm.sparkactivations.transformers, type(stage).__name__).load(save_dir)
    assert j.uid() == stage.uid
    for p in stage.params:
        assert stage.isSet(p) == j.isSet(j.getParam(p.name)), p.name
        if stage.isDefined(p):
            assert jvm_value(j, p.name) == stage.getOrDefault(p), p.name
    assert rows_of(DataFrame(j.transform(df._jdf), spark)) == rows_of(stage.transform(df))


def java_strings(spark, *values):
    array = spark.sparkContext._gateway.new_array(spark.sparkContext._jvm.String, len(values))
    for i, v in enumerate(values):
        array[i] = v
    return array


def java_stages(spark, jvm):
    t = jvm.sparkactivations.transformers
    return [
        (ReLU, t.ReLU("relu_fromjava1").setInputCol("v")),
        (LeakyReLU, t.LeakyReLU("leakyReLU_fromjava2").setInputCol("v").setOutputCol("o").setAlpha(0.3)),
        (ELU, t.ELU("elu_fromjava3").setInputCol("v")),
        (Activation, t.Activation("activation_fromjava4").setFunction("gelu").setInputCols(java_strings(spark, "v"))
         .setOutputCols(java_strings(spark, "o"))),
    ]


def test_saved_on_the_jvm_loads_in_python(spark, jvm, df, tmp_path):
    for i, (cls, j) in enumerate(java_stages(spark, jvm)):
        path = str(tmp_path / str(i))
        j.write().save(path)
        stage = cls.load(path)
        assert type(stage) is cls and stage.uid == j.uid()
        for p in stage.params:
            jp = j.getParam(p.name)
            assert stage.isSet(p) == j.isSet(jp), p.name
            assert stage.isDefined(p) == j.isDefined(jp), p.name
            if stage.isDefined(p):
                # Defaults too, the output column's default following the loaded uid.
                assert stage.getOrDefault(p) == jvm_value(j, p.name), p.name
        assert rows_of(stage.transform(df)) == rows_of(DataFrame(j.transform(df._jdf), spark))


def mlp():
    return MultilayerPerceptronClassifier(featuresCol="act", layers=[3, 5, 2], maxIter=30, seed=7)


def test_pipeline_model_saved_in_python_loads_on_the_jvm(spark, jvm, labelled, save_dir):
    pipeline = Pipeline(stages=[Activation(function="leaky_relu", alpha=0.1, inputCol="features", outputCol="act"), mlp()])
    model = pipeline.fit(labelled)
    model.save(save_dir)
    j = jvm.org.apache.spark.ml.PipelineModel.load(save_dir)
    assert [s.getClass().getName() for s in j.stages()] == [
        "sparkactivations.transformers.Activation",
        "org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel"]
    ours = model.transform(labelled).select("id", "prediction", "probability")
    theirs = DataFrame(j.transform(labelled._jdf), spark).select("id", "prediction", "probability")
    assert rows_of(ours) == rows_of(theirs)


def test_pipeline_model_saved_on_the_jvm_loads_in_python(spark, jvm, labelled, save_dir):
    gateway = spark.sparkContext._gateway
    stages = gateway.new_array(jvm.org.apache.spark.ml.PipelineStage, 2)
    stages[0] = jvm.sparkactivations.transformers.ELU().setInputCol("features").setOutputCol("act").setAlpha(0.5)
    network = mlp()
    network._transfer_params_to_java()
    stages[1] = network._java_obj
    j = jvm.org.apache.spark.ml.Pipeline().setStages(stages).fit(labelled._jdf)
    j.write().save(save_dir)
    model = PipelineModel.load(save_dir)
    assert [type(s) for s in model.stages] == [ELU, MultilayerPerceptronClassificationModel]
    assert model.stages[0].getAlpha() == 0.5
    ours = model.transform(labelled).select("id", "prediction", "probability")
    theirs = DataFrame(j.transform(labelled._jdf), spark).select("id", "prediction", "probability")
    assert rows_of(ours) == rows_of(theirs)
    # The fitted network must have learnt the rule, else equal predictions would prove little.
    correct = model.transform(labelled).filter("prediction = label").count()
    assert correct >= 54, f"{correct} of 60 right"


def test_unfitted_pipeline_round_trip_in_python(labelled, save_dir):
    pipeline = Pipeline(stages=[ReLU(inputCol="features", outputCol="r"),
                                Activation(function="tanh", inputCols=["r"], outputCols=["act"]), mlp()])
    pipeline.save(save_dir)
    loaded = Pipeline.load(save_dir)
    assert [type(s) for s in loaded.getStages()] == [ReLU, Activation, MultilayerPerceptronClassifier]
    assert [s.uid for s in loaded.getStages()] == [s.uid for s in pipeline.getStages()]
    assert loaded.getStages()[1].getFunction() == "tanh"
