"""The JVM params' validators, for a Spark Connect client, which has no JVM to ask.

In a classic session each value is checked by the JVM param's own validator when it is set; over
Spark Connect the stage exists on the server only while a ``transform`` or ``fit`` runs, so the
same checks run here instead, with the JVM's messages. ``test_validation.py`` compares both, value
for value, in a classic session, so that they cannot drift apart.
"""

import math
from decimal import Decimal
from typing import Any, Callable, Dict

from pyspark.errors import IllegalArgumentException

#: The functions of the kernel, in the JVM's order (``ActivationFunction.names()``).
FUNCTION_NAMES = (
    "relu", "leaky_relu", "elu", "selu", "celu", "gelu", "silu", "softplus", "relu6", "sigmoid",
    "tanh",
)


def java_str(value: Any) -> str:
    """``String.valueOf`` of a JVM boxed value, for the messages: ``NaN``, ``Infinity``, ``1.0``,
    ``1.0E-7``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "Infinity" if value > 0 else "-Infinity"
        if value == 0.0:
            return "-0.0" if math.copysign(1.0, value) < 0 else "0.0"
        if 1e-3 <= abs(value) < 1e7:
            return repr(value)
        sign, digits, exponent = Decimal(repr(value)).normalize().as_tuple()
        text = "".join(str(d) for d in digits)
        return f"{'-' if sign else ''}{text[0]}.{text[1:] or '0'}E{exponent + len(text) - 1}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(java_str(v) for v in value) + "]"
    return str(value)


def _fail(message: str) -> None:
    raise IllegalArgumentException(message=message)


def _generic(uid: str, name: str, value: Any) -> None:
    """The message of ``Param.validate`` for a value its validator refuses."""
    _fail(f"{uid} parameter {name} given invalid value {java_str(value)}.")


def check_function(name: str) -> None:
    """``ActivationFunction.forName``: the kernel has a function of exactly this name."""
    if name in FUNCTION_NAMES:
        return
    hint = ""
    if isinstance(name, str) and name.lower() in FUNCTION_NAMES:
        hint = f" (names are lower case: '{name.lower()}')"
    _fail(f"Unknown activation function '{name}'{hint}; valid functions are: {', '.join(FUNCTION_NAMES)}.")


def _alpha(uid: str, name: str, value: float) -> None:
    if math.isnan(value) or math.isinf(value):
        _fail(f"{uid}: alpha must be finite, got {java_str(value)}.")


def _function(uid: str, name: str, value: str) -> None:
    check_function(value)


def _network_activation(uid: str, name: str, value: str) -> None:
    if value == "prelu":
        return
    try:
        check_function(value)
    except IllegalArgumentException as e:
        _fail(str(e).replace(".", "") + ", prelu.")


def _network_activations(uid: str, name: str, value: list) -> None:
    for activation in value:
        _network_activation(uid, name, activation)


def _layers(uid: str, name: str, value: list) -> None:
    shown = "[" + ", ".join(str(v) for v in value) + "]"
    if len(value) < 2:
        _fail(f"layers needs at least 2 sizes (input and output), got {shown}.")
    if any(v < 1 for v in value):
        _fail(f"layers sizes must be at least 1, got {shown}.")


def _at_least(bound: float) -> Callable[[str, str, Any], None]:
    def check(uid: str, name: str, value: Any) -> None:
        if not value >= bound:
            _generic(uid, name, value)
    return check


def _above(bound: float) -> Callable[[str, str, Any], None]:
    def check(uid: str, name: str, value: Any) -> None:
        if not value > bound:
            _generic(uid, name, value)
    return check


def _one_of(*allowed: str) -> Callable[[str, str, Any], None]:
    def check(uid: str, name: str, value: Any) -> None:
        if value not in allowed:
            _generic(uid, name, value)
    return check


def _fraction(uid: str, name: str, value: float) -> None:
    if not 0.0 < value <= 1.0:
        _generic(uid, name, value)


def _thresholds(uid: str, name: str, value: list) -> None:
    # MLlib's ProbabilisticClassifier: none negative, at most one zero.
    if any(not t >= 0 for t in value) or sum(1 for t in value if t == 0) > 1:
        _generic(uid, name, value)


_STAGE_CHECKS: Dict[str, Callable[[str, str, Any], None]] = {
    "alpha": _alpha,
    "function": _function,
}

_NETWORK_CHECKS: Dict[str, Callable[[str, str, Any], None]] = {
    "alpha": _alpha,
    "activation": _network_activation,
    "layers": _layers,
    "blockSize": _at_least(1),
    "solver": _one_of("l-bfgs", "adam"),
    "maxIter": _at_least(0),
    "tol": _at_least(0),
    "stepSize": _above(0),
    "regParam": _at_least(0),
    "preluSlopes": _one_of("layer", "unit"),
    "miniBatchFraction": _fraction,
    "thresholds": _thresholds,
    "hiddenActivations": _network_activations,
    "validationTol": _at_least(0),
    "validationPatience": _at_least(1),
    "loss": _one_of("squaredError", "huber"),
    "epsilon": _above(0),
}


def checks_for(module: str) -> Dict[str, Callable[[str, str, Any], None]]:
    """The validators of the params that have one, for the stages of a module of this package
    (the module is the JVM package: ``sparkactivations.transformers`` or ``.pipelines``)."""
    return _NETWORK_CHECKS if module == "sparkactivations.pipelines" else _STAGE_CHECKS
