"""Writes the TransformJob input of the end-to-end test: 100,000 rows in 8 parquet files.

Columns: id (long, 0..99999), grp (string), weight (double, some null), features (vector of size
8: dense or, every 7th row, sparse; every 50th row null; exact zeros and -0.0 included).
Usage: make_transform_input.py OUTPUT_DIR
"""
import sys

import numpy as np
from pyspark.ml.linalg import Vectors, VectorUDT
from pyspark.sql import SparkSession
from pyspark.sql.types import DoubleType, LongType, StringType, StructField, StructType

ROWS = 100_000
PARTITIONS = 8
SIZE = 8


def rows():
    rng = np.random.default_rng(20240601)
    values = rng.normal(0.0, 2.0, size=(ROWS, SIZE))
    values[rng.random((ROWS, SIZE)) < 0.15] = 0.0
    values[rng.random((ROWS, SIZE)) < 0.02] = -0.0
    for i in range(ROWS):
        x = values[i]
        if i % 50 == 0:
            vec = None
        elif i % 7 == 0:
            nz = [j for j in range(SIZE) if x[j] != 0.0 or np.signbit(x[j])]
            vec = Vectors.sparse(SIZE, nz, [float(x[j]) for j in nz])
        else:
            vec = Vectors.dense([float(v) for v in x])
        weight = None if i % 11 == 0 else float(i) / 3.0
        yield (i, "g%d" % (i % 13), weight, vec)


def main(out):
    spark = (SparkSession.builder.master("local[2]").appName("make-transform-input")
             .config("spark.ui.enabled", "false")
             .config("spark.driver.host", "127.0.0.1")
             .config("spark.driver.bindAddress", "127.0.0.1")
             .getOrCreate())
    spark.sparkContext.setLogLevel("WARN")
    schema = StructType([
        StructField("id", LongType(), False),
        StructField("grp", StringType(), False),
        StructField("weight", DoubleType(), True),
        StructField("features", VectorUDT(), True),
    ])
    df = spark.createDataFrame(spark.sparkContext.parallelize(list(rows()), PARTITIONS), schema)
    df.write.parquet(out)
    spark.stop()


if __name__ == "__main__":
    main(sys.argv[1])
