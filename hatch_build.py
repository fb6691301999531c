"""Puts the library's JVM jar into the wheel.

The jar holds the classes of the ``transformers`` and ``pipelines`` Maven modules (Spark and
Scala left out: the cluster provides them). It is either taken ready-made from the path in the
environment variable ``SPARKACTIVATIONS_JAR``, or built here: Maven packages the two modules and
their jars are merged into one, so that ``spark.jars`` and ``spark-submit --jars`` need a single
file.
"""

import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

MODULES = ("transformers", "pipelines")
SCALA_BINARY = "2.12"


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
        jar_name = f"spark-activations_{SCALA_BINARY}-{maven}.jar"
        ready = os.environ.get("SPARKACTIVATIONS_JAR")
        if ready:
            jar = Path(ready)
            if not jar.is_file():
                raise RuntimeError(f"SPARKACTIVATIONS_JAR={ready} is not a file")
        else:
            jar = root / "build" / "jar" / jar_name
            self._build_with_maven(root, maven, jar)
        build_data["force_include"][str(jar)] = f"sparkactivations/jars/{jar_name}"

    def _build_with_maven(self, root: Path, maven: str, jar: Path) -> None:
        mvn = os.environ.get("MVN") or shutil.which("mvn")
        if not mvn:
            raise RuntimeError(
                "Maven (mvn) is needed to build the JVM jar: install Maven 3.8+ and Java 11+, "
                "or point SPARKACTIVATIONS_JAR at a jar built already")
        command = [mvn, "-B", "-q", "-ntp", "-DskipTests", "package", "-pl", ",".join(MODULES), "-am"]
        self.app.display_info("Building the JVM jar: " + " ".join(command))
        subprocess.run(command, cwd=root, check=True)
        parts = [root / m / "target" / f"spark-activations-{m}_{SCALA_BINARY}-{maven}.jar" for m in MODULES]
        missing = [str(p) for p in parts if not p.is_file()]
        if missing:
            raise RuntimeError(f"Maven ran but did not produce {missing}")
        merge_jars(parts, jar)
