"""The normalization family's oracle twin (scripts/oracle/ops.py loads it): written from
docs/language.md ("Exact semantics"), not from the C++ (ir/ops/normalization/interpret.cpp), with
Python integers and fractions, so no step can overflow or round by accident. Tensors are numpy
arrays of integer codes with the batch axis first; axes count from the batch axis.
"""
import math
from fractions import Fraction

import numpy as np

from oracle.fixedpoint import Fmt, overflow, requant, round_fraction

__all__ = ["reduce", "softmax", "norm", "softmax_exp_table", "norm_guard_bits"]


def _convert(value: Fraction, fy: Fmt) -> int:
    """One exact rational rounded with fy's mode, then fy's overflow."""
    return overflow(round_fraction(value, fy.rounding), fy)


def reduce(x, fx: Fmt, fy: Fmt, fn, axes, keepdims=False):
    """fn in sum, mean, max over the per-sample `axes`; a sample keeps at least one axis."""
    x = np.asarray(x, dtype=object)
    axes = tuple(sorted(a % x.ndim for a in axes))
    assert 0 not in axes
    count = math.prod(x.shape[a] for a in axes)
    v = (np.max if fn == "max" else np.sum)(x, axis=axes, keepdims=keepdims)
    if fn == "mean":
        y = np.frompyfunc(lambda s: _convert(Fraction(s) * Fraction(2) ** (fy.frac - fx.frac) / count, fy), 1, 1)(v)
    else:
        y = np.frompyfunc(lambda s: requant(s, fx.frac, fy), 1, 1)(v)
    y = np.asarray(y, dtype=object)
    return y.reshape(y.shape[0], 1) if y.ndim == 1 else y


def softmax_exp_table(fx: Fmt):
    """E[d] = round_half_up(2^16 * exp(-d * 2^-frac)), d = 0 .. 2^width - 1, in double precision."""
    return [math.floor(math.ldexp(math.exp(-math.ldexp(d, -fx.frac)), 16) + 0.5) for d in range(fx.hi - fx.lo + 1)]


def softmax(x, fx: Fmt, fy: Fmt, axis=-1, reciprocal=False):
    """y = convert(E[max - x] * 2^frac(y) / sum E) along `axis`; with `reciprocal`,
    R = floor(2^(32 + max(0, frac(y))) / (sum E * 2^max(0, -frac(y)))) and y = convert(E * R / 2^32)."""
    x = np.moveaxis(np.asarray(x, dtype=object), axis, -1)
    table = softmax_exp_table(fx)
    out = np.empty_like(x)
    for idx in np.ndindex(*x.shape[:-1]):
        row = [int(v) for v in x[idx]]
        top = max(row)
        e = [table[top - v] for v in row]
        z = sum(e)
        if reciprocal:
            r = 2 ** (32 + max(0, fy.frac)) // (z * 2 ** max(0, -fy.frac))
            out[idx] = [_convert(Fraction(ei * r, 2 ** 32), fy) for ei in e]
        else:
            out[idx] = [_convert(Fraction(ei * 2 ** max(0, fy.frac), z * 2 ** max(0, -fy.frac)), fy) for ei in e]
    return np.moveaxis(out, -1, axis)


def _magnitude(f: Fmt):
    return max(-f.lo, f.hi)


def _eps_term(n, eps, fx: Fmt, g):
    return math.floor(math.ldexp(eps * float(n * n * n), 2 * fx.frac + 2 * g) + 0.5)


def norm_guard_bits(n, fx: Fmt, fy: Fmt, fg, fb, eps, centered=True):
    """The largest G in 16 .. 0 that keeps every step below 2^62 for any input codes."""
    limit = 1 << 62
    d_max = (n - 1) * (fx.hi - fx.lo) if centered else n * _magnitude(fx)
    if d_max > 1 << 40:
        return None
    v_max = n * d_max * d_max
    g_max = _magnitude(fg) if fg else 1
    for g in range(16, -1, -1):
        if v_max * 4 ** g >= limit:
            continue
        k = _eps_term(n, eps, fx, g)
        if k > limit or v_max * 4 ** g + k >= limit:
            continue
        s_max = math.isqrt((v_max * 4 ** g + k) // n)
        q = g + fy.frac - (fg.frac if fg else 0)
        r = fy.frac - fb.frac if fb else 0
        a = max(0, -q, -r if fb else 0)
        if q + a > 60 or r + a > 60 or a > 60:
            continue
        term = d_max * g_max * 2 ** (q + a) + (_magnitude(fb) * s_max * 2 ** (r + a) if fb else 0)
        if term >= limit or s_max * 2 ** a >= limit:
            continue
        return g
    return None


def norm(x, fx: Fmt, fy: Fmt, gamma=None, fg=None, beta=None, fb=None, eps=1e-5, centered=True):
    """layernorm (centered) or rmsnorm of the last axis; gamma/beta: lists of codes or None."""
    x = np.asarray(x, dtype=object)
    n = x.shape[-1]
    g = norm_guard_bits(n, fx, fy, fg, fb, eps, centered)
    k = _eps_term(n, eps, fx, g)
    out = np.empty_like(x)
    for idx in np.ndindex(*x.shape[:-1]):
        row = [int(v) for v in x[idx]]
        total = sum(row) if centered else 0
        d = [n * v - total for v in row]
        s = math.isqrt((sum(v * v for v in d) * 4 ** g + k) // n)
        res = []
        for i, di in enumerate(d):
            b = Fraction(beta[i]) * Fraction(2) ** (fy.frac - fb.frac) if beta is not None else Fraction(0)
            if s == 0:
                res.append(_convert(b, fy))
                continue
            gi = Fraction(gamma[i]) * Fraction(2) ** (-fg.frac) if gamma is not None else Fraction(1)
            res.append(_convert(Fraction(di * 2 ** g, s) * gi * 2 ** fy.frac + b, fy))
        out[idx] = res
    return out
