"""The elementwise family's oracle twin (scripts/oracle/ops.py loads it): written from
docs/language.md, not from the C++ (ir/ops/elementwise/interpret.cpp). Operands are arrays (or
nested lists) of integer codes; two operands broadcast as in numpy. Results are numpy object
arrays of Python integers, so no step can overflow.
"""
import math

import numpy as np

from oracle.fixedpoint import Fmt, dequantize, quantize, requant

__all__ = ["relu", "add", "sub", "mul", "lookup", "LOOKUP_FUNCTIONS"]


def _each(f, *operands):
    """f on every element (of the broadcast operands)."""
    return np.frompyfunc(f, len(operands), 1)(*[np.asarray(x, dtype=object) for x in operands])


def relu(x, fx: Fmt, fy: Fmt):
    return _each(lambda v: requant(max(v, 0), fx.frac, fy), x)


def _aligned(fn, a, fa: Fmt, b, fb: Fmt, fy: Fmt):
    """add and sub: both operands exactly on the finer grid, then one conversion to fy."""
    f = max(fa.frac, fb.frac)
    return _each(lambda p, q: requant(fn(p * 2 ** (f - fa.frac), q * 2 ** (f - fb.frac)), f, fy), a, b)


def add(a, fa: Fmt, b, fb: Fmt, fy: Fmt):
    return _aligned(lambda p, q: p + q, a, fa, b, fb, fy)


def sub(a, fa: Fmt, b, fb: Fmt, fy: Fmt):
    return _aligned(lambda p, q: p - q, a, fa, b, fb, fy)


def mul(a, fa: Fmt, b, fb: Fmt, fy: Fmt):
    return _each(lambda p, q: requant(p * q, fa.frac + fb.frac, fy), a, b)


def _sigmoid(x):
    return 1.0 / (1.0 + math.exp(-x)) if x > -700 else 0.0


def _relu6(x):
    return min(max(x, 0.0), 6.0)


# The named functions of docs/language.md in double precision (Python floats); the ones with
# parameters take them as keywords with the language's defaults.
LOOKUP_FUNCTIONS = {
    "sigmoid": _sigmoid,
    "tanh": math.tanh,
    "gelu": lambda x: 0.5 * x * (1.0 + math.erf(x / math.sqrt(2.0))),
    "silu": lambda x: x * _sigmoid(x),
    "exp": lambda x: math.exp(min(x, 700.0)),
    "hardswish": lambda x: x * _relu6(x + 3.0) / 6.0,
    "relu6": _relu6,
    "hardsigmoid": lambda x, alpha=1.0 / 6.0, beta=0.5: min(max(alpha * x + beta, 0.0), 1.0),
    "leaky_relu": lambda x, alpha=0.01: x if x >= 0 else alpha * x,
    "clip": lambda x, **bounds: _clip(x, bounds.get("min", -math.inf), bounds.get("max", math.inf)),
}


def _clip(x, lo, hi):
    return min(max(x, lo), hi)


def lookup(x, fx: Fmt, fy: Fmt, fn, **params):
    """y = quantize(fn(dequantize(x))): every code through the real function, rounded into fy."""
    f = LOOKUP_FUNCTIONS[fn] if isinstance(fn, str) else fn
    return _each(lambda v: quantize(f(dequantize(v, fx), **params), fy), x)
