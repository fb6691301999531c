"""Puts the library's JVM jars into the wheel, one per Spark line.

Each jar holds the classes of the ``transformers`` and ``pipelines`` Maven modules (Spark and
Scala left out: the cluster provides them), built for one Spark line: Scala 2.12 for Spark 3.5,
Scala 2.13 for Spark 4; ``sparkactivations.jar_path()`` picks the one for the installed PySpark.
The jars are either taken ready-made from the directory in the environment variable
``SPARKACTIVATIONS_JARS`` (files named ``spark-activations_<scala>-<version>.jar``), or built here:
Maven packages the two modules for each line (``bin/spark-line`` says what a line is) and their
jars are merged into one, so that ``spark.jars`` and ``spark-submit --jars`` need a single file.
"""

import json
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

MODULES = ("transformers", "pipelines")
LINES = ("3.5", "4")


def maven_version(root: Path) -> str:
    """The project version of the root pom (the first <version> after </parent>-less header)."""
    text = (root / "pom.xml").read_text(encoding="utf-8")
    text = re.sub(r"<parent>.*?</parent>", "", text, flags=re.S)
    text = re.sub(r"<dependencyManagement>.*", "", text, flags=re.S)
    match = re.search(r"<version>([^<]+)</version>", text)
    if not match:
        raise RuntimeError(f"no <version> in {root / 'pom.xml'}")
    return match.group(1).strip()


def python_version_of(maven: str) -> str:
    """0.1.0-SNAPSHOT -> 0.1.0.dev0; a release version stays as it is."""
    return maven[: -len("-SNAPSHOT")] + ".dev0" if maven.endswith("-SNAPSHOT") else maven


def merge_jars(parts, target: Path) -> None:
    """One jar with every entry of ``parts``; the same entry twice must be the same bytes,
    except service files, which are concatenated, and manifests, which are replaced."""
    entries = {}
    services = {}
    for part in parts:
        with zipfile.ZipFile(part) as z:
            for info in z.infolist():
                name = info.filename
                if info.is_dir() or name == "META-INF/MANIFEST.MF":
                    continue
                data = z.read(name)
                if name.startswith("META-INF/services/"):
                    services.setdefault(name, []).append(data)
                elif name in entries and entries[name] != data:
                    raise RuntimeError(f"{name} differs between the module jars {parts}")
                else:
                    entries[name] = data
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\r\nCreated-By: hatch_build.py\r\n\r\n")
        for name in sorted(entries):
            out.writestr(name, entries[name])
        for name in sorted(services):
            out.writestr(name, b"\n".join(d.rstrip(b"\n") for d in services[name]) + b"\n")


def spark_line(root: Path, name: str) -> dict:
    """What defines a Spark line (its Maven arguments, Scala suffix, build directory)."""
    out = subprocess.run(["python3", str(root / "bin" / "spark-line"), "--json", name],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


class CustomBuildHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version, build_data):
        root = Path(self.root)
        maven = maven_version(root)
        expected = python_version_of(maven)
        if self.metadata.version != expected:
            raise RuntimeError(
                f"pyproject.toml has version {self.metadata.version} but pom.xml has {maven}; "
                f"set pyproject.toml's version to {expected}")
        ready = os.environ.get("SPARKACTIVATIONS_JARS")
        for name in LINES:
            line = spark_line(root, name)
            jar_name = f"spark-activations_{line['SCALA_BINARY']}-{maven}.jar"
            if ready:
                jar = Path(ready) / jar_name
                if not jar.is_file():
                    raise RuntimeError(f"SPARKACTIVATIONS_JARS={ready} has no {jar_name}")
            else:
                jar = root / "build" / "jar" / jar_name
                self._build_with_maven(root, line, jar)
            build_data["force_include"][str(jar)] = f"sparkactivations/jars/{jar_name}"

    def _build_with_maven(self, root: Path, line: dict, jar: Path) -> None:
        mvn = os.environ.get("MVN") or shutil.which("mvn")
        if not mvn:
            raise RuntimeError(
                "Maven (mvn) is needed to build the JVM jars: install Maven 3.8+ and Java 17+, "
                "or point SPARKACTIVATIONS_JARS at a directory of jars built already")
        command = [mvn, "-B", "-q", "-ntp", "-DskipTests", "-Dmaven.javadoc.skip", "-Dmaven.source.skip",
                   *line["MAVEN_ARGS"].split(), "package", "-pl", ",".join(MODULES), "-am"]
        self.app.display_info("Building the JVM jar for Spark " + line["SPARK_VERSION"] + ": " + " ".join(command))
        subprocess.run(command, cwd=root, check=True)
        parts = [root / m / "target" / line["BUILD_DIR"]
                 / f"spark-activations-{m}_{line['SCALA_BINARY']}-{line['PROJECT_VERSION']}.jar" for m in MODULES]
        missing = [str(p) for p in parts if not p.is_file()]
        if missing:
            raise RuntimeError(f"Maven ran but did not produce {missing}")
        merge_jars(parts, jar)
