"""Pipeline assembly and tuning helpers: the Python side of the JVM package
``sparkactivations.pipelines``, under the same module name so that PySpark's loader finds any
stage of that package by its JVM class name."""

__all__ = []
