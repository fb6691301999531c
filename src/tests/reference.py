"""The activation functions written out again with NumPy, independently of the library: the
values the stages are checked against (PyTorch's definitions)."""

import math

import numpy as np

SELU_SCALE = 1.0507009873554804934193349852946
SELU_ALPHA = 1.6732632423543772848170429916717

# erfc rather than 1 + erf: no cancellation for very negative x.
_erfc = np.vectorize(math.erfc, otypes=[float])


def relu(x, alpha=None):
    return np.where(x < 0, 0.0, x)


def leaky_relu(x, alpha=0.01):
    return np.where(x > 0, x, alpha * x)


def elu(x, alpha=1.0):
    return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0)))


def selu(x, alpha=None):
    return SELU_SCALE * np.where(x > 0, x, SELU_ALPHA * np.expm1(np.minimum(x, 0)))


def celu(x, alpha=1.0):
    return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0) / alpha))


def gelu(x, alpha=None):
    return 0.5 * x * _erfc(-x / math.sqrt(2.0))


def sigmoid(x, alpha=None):
    return 1.0 / (1.0 + np.exp(-x))


def silu(x, alpha=None):
    return x * sigmoid(x)


def softplus(x, alpha=None):
    return np.where(x > 20.0, x, np.log1p(np.exp(np.minimum(x, 20.0))))


def relu6(x, alpha=None):
    return np.minimum(np.maximum(x, 0.0), 6.0)


def tanh(x, alpha=None):
    return np.tanh(x)


FUNCTIONS = {f.__name__: f for f in
             (relu, leaky_relu, elu, selu, celu, gelu, silu, softplus, relu6, sigmoid, tanh)}
