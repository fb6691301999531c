"""Checks TransformJob's output against its input, with pyarrow and numpy only (no Spark).

Every input row must come out once (by id) with every input column unchanged, and the output
column must be PyTorch's leaky_relu of the input vector, computed here: x for x > 0, else
slope * x (so -0.0 stays -0.0), compared bit for bit; a sparse vector must stay sparse, of the
same size. Exits with 1 and the first differences otherwise.
Usage: check_transform_output.py INPUT_DIR OUTPUT_DIR INPUT_COL OUTPUT_COL SLOPE EXPECTED_ROWS
"""
import sys

import numpy as np
import pyarrow.parquet as pq

SPARSE, DENSE = 0, 1


def dense(v):
    """A Spark ML vector as stored in parquet (struct type/size/indices/values) to a float64 array."""
    if v["type"] == DENSE:
        return np.asarray(v["values"], dtype=np.float64)
    out = np.zeros(v["size"], dtype=np.float64)
    out[np.asarray(v["indices"], dtype=np.int64)] = v["values"]
    return out


def by_id(table):
    rows = table.to_pylist()
    rows.sort(key=lambda r: r["id"])
    return rows


def main(in_dir, out_dir, in_col, out_col, slope, expected_rows):
    slope = float(slope)
    expected_rows = int(expected_rows)
    inp = by_id(pq.read_table(in_dir))
    out = by_id(pq.read_table(out_dir))
    problems = []
    if len(inp) != expected_rows:
        problems.append("input has %d rows, expected %d" % (len(inp), expected_rows))
    if len(out) != len(inp):
        problems.append("output has %d rows, input %d" % (len(out), len(inp)))
    ids = [r["id"] for r in out]
    if len(set(ids)) != len(ids):
        problems.append("output has %d duplicated ids" % (len(ids) - len(set(ids))))
    in_cols = list(inp[0].keys())
    out_cols = list(out[0].keys()) if out else []
    if out_cols != in_cols + [out_col]:
        problems.append("output columns %s, expected %s" % (out_cols, in_cols + [out_col]))
    values = 0
    for a, b in zip(inp, out):
        if len(problems) > 10:
            break
        if a["id"] != b["id"]:
            problems.append("row ids differ: %s vs %s" % (a["id"], b["id"]))
            break
        for c in in_cols:
            if a[c] != b[c] and not (isinstance(a[c], float) and np.isnan(a[c]) and np.isnan(b[c])):
                problems.append("row %d column %s changed: %r -> %r" % (a["id"], c, a[c], b[c]))
        x, y = a[in_col], b[out_col]
        if x is None or y is None:
            if x is not None or y is not None:
                problems.append("row %d: input %r but output %r" % (a["id"], x, y))
            continue
        if x["type"] == SPARSE and (y["type"] != SPARSE or y["size"] != x["size"]):
            problems.append("row %d: a sparse vector of size %d came out as %r" % (a["id"], x["size"], y))
            continue
        xs = dense(x)
        want = np.where(xs > 0, xs, xs * slope)
        got = dense(y)
        values += len(xs)
        if want.shape != got.shape or not np.array_equal(want.view(np.int64), got.view(np.int64)):
            problems.append("row %d: expected %s, got %s" % (a["id"], want.tolist(), got.tolist()))
    if problems:
        print("transform check FAILED:")
        for p in problems[:10]:
            print("  " + p)
        return 1
    print("transform check passed: %d rows, %d values of %s equal leaky_relu(%s, %s) bit for bit, "
          "every other column unchanged" % (len(out), values, out_col, in_col, slope))
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
