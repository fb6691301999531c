"""Every stage from Python, checked value by value against the NumPy formulas of reference.py:
dense and sparse vectors, double, float and array columns, nulls, several columns at once."""

import math

import numpy as np
import pytest
from pyspark.ml.linalg import DenseVector, SparseVector, Vectors, VectorUDT
from pyspark.sql.types import ArrayType, DoubleType, FloatType, LongType, StructField, StructType

import reference
from sparkactivations.transformers import ELU, FUNCTION_NAMES, Activation, LeakyReLU, ReLU

X = np.array([-30.0, -3.0, -1.0, -0.5, -1e-9, 0.0, 1e-9, 0.5, 1.0, 3.0, 6.5, 25.0])
N = len(X)
NULL_ID = 100
COLUMNS = ["v", "d", "f", "a", "af"]

SCHEMA = StructType([
    StructField("id", LongType(), False),
    StructField("v", VectorUDT(), True),
    StructField("d", DoubleType(), True),
    StructField("f", FloatType(), True),
    StructField("a", ArrayType(DoubleType(), True), True),
    StructField("af", ArrayType(FloatType(), True), True),
])


def input_vector(i):
    """Dense for even ids, sparse (every third entry unstored) for odd ones; one all-zero."""
    xs = np.roll(X, i)
    if i == N - 1:
        return Vectors.sparse(N, [], [])
    if i % 2 == 0:
        return Vectors.dense(xs)
    kept = [k for k in range(N) if k % 3 != 0]
    return Vectors.sparse(N, kept, xs[kept])


def rows():
    out = []
    for i in range(N):
        x = float(X[i])
        # One array has a null element, which must stay null.
        a = [x, -x, None] if i == 3 else [x, -x]
        out.append((i, input_vector(i), x, x, a, a))
    out.append((NULL_ID, None, None, None, None, None))
    return out


@pytest.fixture(scope="module")
def df(spark):
    return spark.createDataFrame(rows(), SCHEMA).cache()


def expected(column, value, f, alpha):
    """What the stage must write for ``value`` of ``column``, from the reference formula."""
    ref = reference.FUNCTIONS[f]
    if value is None:
        return None
    if column == "v":
        return ref(value.toArray(), alpha)
    if column == "d":
        return float(ref(np.array([value]), alpha)[0])
    if column == "f":
        return float(np.float32(ref(np.array([value], dtype=np.float64), alpha)[0]))
    if column == "a":
        return [None if e is None else float(ref(np.array([e]), alpha)[0]) for e in value]
    return [None if e is None else float(np.float32(ref(np.array([e], dtype=np.float64), alpha)[0]))
            for e in value]


def check(column, got, want, f, inp):
    # Piecewise-linear functions must be exact; the others within a few ulps of NumPy's libm.
    exact = f in ("relu", "leaky_relu", "relu6")
    tol = dict(rtol=0, atol=0) if exact else (
        dict(rtol=1e-6, atol=1e-30) if column in ("f", "af") else dict(rtol=1e-12, atol=1e-300))
    if want is None:
        assert got is None
        return
    if column == "v":
        zero_to_zero = reference.FUNCTIONS[f](np.array([0.0]), 1.0)[0] == 0
        if isinstance(inp, SparseVector) and zero_to_zero:
            assert isinstance(got, SparseVector), f"{f} of a sparse vector must stay sparse, got {got!r}"
            assert not any(v == 0 and math.copysign(1, v) > 0 for v in got.values), \
                f"{f}: +0.0 kept in the sparse result {got!r}"
        else:
            assert isinstance(got, DenseVector), f"{f} of {inp!r} must be dense, got {got!r}"
        assert got.size == inp.size
        np.testing.assert_allclose(got.toArray(), want, **tol)
    elif column in ("a", "af"):
        assert len(got) == len(want)
        assert [g is None for g in got] == [w is None for w in want]
        np.testing.assert_allclose([g for g in got if g is not None], [w for w in want if w is not None], **tol)
    else:
        np.testing.assert_allclose(got, want, **tol)


def check_output(df, out, pairs, f, alpha):
    """``pairs`` maps each input column to its output column in ``out``."""
    by_id = {r["id"]: r for r in out.collect()}
    assert sorted(by_id) == sorted(r[0] for r in rows()), "rows lost or duplicated"
    for r in df.collect():
        for col_in, col_out in pairs.items():
            check(col_in, by_id[r["id"]][col_out], expected(col_in, r[col_in], f, alpha), f, r[col_in])
            assert by_id[r["id"]][col_in] == r[col_in], "input column changed"


UNARY = [
    (ReLU, {}, "relu", None),
    (LeakyReLU, {}, "leaky_relu", 0.01),
    (LeakyReLU, {"alpha": 0.2}, "leaky_relu", 0.2),
    (ELU, {}, "elu", 1.0),
    (ELU, {"alpha": 0.5}, "elu", 0.5),
]


@pytest.mark.parametrize("stage_class, params, f, alpha", UNARY,
                         ids=[f"{c.__name__}{p}" for c, p, _, _ in UNARY])
def test_unary_stage_on_every_column_type(df, stage_class, params, f, alpha):
    out = df
    for col in COLUMNS:
        out = stage_class(inputCol=col, outputCol=col + "_out", **params).transform(out)
    for col in COLUMNS:
        assert out.schema[col + "_out"].dataType == df.schema[col].dataType
    check_output(df, out, {c: c + "_out" for c in COLUMNS}, f, alpha)


ACTIVATIONS = [(f, None) for f in FUNCTION_NAMES] + [("leaky_relu", 0.3), ("elu", 2.0), ("celu", 0.5)]


@pytest.mark.parametrize("f, alpha", ACTIVATIONS, ids=[f"{f}-{a}" for f, a in ACTIVATIONS])
def test_activation_many_columns_at_once(df, f, alpha):
    params = {} if alpha is None else {"alpha": alpha}
    stage = Activation(function=f, inputCols=COLUMNS, outputCols=[c + "_act" for c in COLUMNS], **params)
    out = stage.transform(df)
    assert out.columns == df.columns + [c + "_act" for c in COLUMNS]
    in_force = alpha if alpha is not None else {"leaky_relu": 0.01, "elu": 1.0, "celu": 1.0}.get(f)
    check_output(df, out, {c: c + "_act" for c in COLUMNS}, f, in_force)


def test_activation_single_column_default_output(df):
    stage = Activation(function="elu", inputCol="v")
    out = stage.transform(df)
    assert stage.getOutputCol() == stage.uid + "__output"
    check_output(df, out, {"v": stage.uid + "__output"}, "elu", 1.0)


def test_vector_size_metadata_is_kept(spark, df):
    from pyspark.ml.feature import VectorAssembler

    assembled = VectorAssembler(inputCols=["d", "f"], outputCol="pair", handleInvalid="keep").transform(df)
    out = ReLU(inputCol="pair", outputCol="relu").transform(assembled)
    meta = out.schema["relu"].metadata["ml_attr"]
    assert meta.get("num_attrs", len(meta.get("attrs", {}).get("numeric", []))) == 2
