"""The data-movement family's oracle twin (scripts/oracle/ops.py loads it): written from
docs/language.md, not from the C++ (ir/ops/movement/interpret.cpp). Tensors are numpy arrays of
integer codes with the batch axis first; axes count from the batch axis (negative: from the end).
"""
import numpy as np

from oracle.fixedpoint import Fmt, dequantize, quantize, requant

__all__ = ["concat", "slice_axis", "transpose", "reshape", "pad"]


def concat(parts, axis, fy: Fmt):
    """parts: [(codes, format)]; each converted to fy (exact when the formats agree), then joined."""
    converted = [np.frompyfunc(lambda v, f=f: requant(v, f.frac, fy), 1, 1)(np.asarray(x, dtype=object))
                 for x, f in parts]
    return np.concatenate(converted, axis=axis)


def slice_axis(x, axis, start, end, step=1):
    """x[start:end:step] along `axis`, every other axis whole."""
    return np.take(np.asarray(x, dtype=object), list(range(start, end, step)), axis=axis)


def transpose(x, perm):
    """y.shape[i] = x.shape[perm[i]]; perm[0] is the batch axis, 0."""
    assert perm[0] == 0
    return np.transpose(np.asarray(x, dtype=object), perm)


def reshape(x, shape):
    """Another shape per sample, row-major order kept."""
    x = np.asarray(x, dtype=object)
    return x.reshape([x.shape[0]] + list(shape))


def pad(x, before, after, value, f: Fmt):
    """`before[i]`/`after[i]` elements of `value` around each per-sample axis; value must be a number of f."""
    code = quantize(value, f)
    if dequantize(code, f) != value:
        raise ValueError(f"pad value {value} is not a number of {f.text()}")
    widths = [(0, 0)] + list(zip(before, after))
    return np.pad(np.asarray(x, dtype=object), widths, mode="constant", constant_values=code)
