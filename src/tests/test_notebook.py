"""Runs the example notebook headless, as a user would, in this environment's kernel, in the
session mode of the test run: classic (the kernel starts its own JVM) or Spark Connect (the kernel
is a client of the test server, through SPARK_REMOTE). Its cells assert their own results; any
error fails. The executed copy and its figures go to build/notebooks/."""

import base64
import os

import nbformat
from nbclient import NotebookClient


def test_activations_tour_runs_end_to_end(request, root, monkeypatch, connect):
    source = root / "examples" / "notebooks" / "activations-tour.ipynb"
    out_dir = root / "build" / "notebooks" / ("connect" if connect else "classic")
    out_dir.mkdir(parents=True, exist_ok=True)
    # The notebook names no master; the kernel's PySpark takes it from here, as on a cluster
    # it would from the platform's configuration.
    if connect:
        monkeypatch.setenv("SPARK_REMOTE", request.getfixturevalue("connect_server").url)
    monkeypatch.setenv("PYSPARK_SUBMIT_ARGS", " ".join([
        "--master", "local[2]", "--conf", "spark.ui.enabled=false",
        "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
        "--conf", "spark.sql.shuffle.partitions=4", "pyspark-shell"]))
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    nb = nbformat.read(source, as_version=4)
    assert not any(c.get("outputs") for c in nb.cells if c.cell_type == "code"), \
        "commit the notebook without outputs; the executed copy belongs in build/notebooks"
    client = NotebookClient(nb, timeout=900, kernel_name="python3",
                            resources={"metadata": {"path": str(source.parent)}})
    try:
        client.execute()
    finally:
        nbformat.write(nb, out_dir / source.name)
    figures = []
    for i, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            assert output.get("output_type") != "error", f"cell {i}: {output.get('ename')}"
            png = output.get("data", {}).get("image/png")
            if png:
                path = out_dir / f"{source.stem}-cell{i}.png"
                path.write_bytes(base64.b64decode(png))
                figures.append(path)
    assert len(figures) == 1, f"expected the one figure of the curves, got {figures}"
    assert os.path.getsize(figures[0]) > 20_000, "the figure looks empty"
    printed = "".join(o.get("text", "") for c in nb.cells for o in c.get("outputs", []))
    assert "test accuracy" in printed and "identical predictions" in printed
