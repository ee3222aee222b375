"""The dense family's oracle twin (scripts/oracle/ops.py loads it): written from docs/language.md,
not from the C++ (ir/ops/dense/interpret.cpp), with Python integers, so it cannot overflow.
"""
from fractions import Fraction

from oracle.fixedpoint import Fmt, requant, round_fraction

__all__ = ["dense", "matmul"]


def dense(x_rows, fx: Fmt, w, fw: Fmt, b, fb: Fmt, fy: Fmt, relu=False):
    """y = requant(x . w + b) per row. x_rows: [M][K] codes, w: [K][N] codes, b: [N] codes or None;
    the bias is first rounded (its own rounding mode) to the accumulator's grid."""
    fa = fx.frac + fw.frac
    K, N = len(w), len(w[0])
    bias = [0] * N if b is None else [round_fraction(Fraction(c) * Fraction(2) ** (fa - fb.frac), fb.rounding) for c in b]
    out = []
    for row in x_rows:
        acc = [bias[n] + sum(row[k] * w[k][n] for k in range(K)) for n in range(N)]
        y = [requant(a, fa, fy) for a in acc]
        if relu:
            y = [max(v, 0) for v in y]
        out.append(y)
    return out


def matmul(a, fa: Fmt, b, fb: Fmt, fy: Fmt, transpose_b=False):
    """y = requant(sum_k a[..., i, k] * b[..., k, j], fa + fb -> fy) per batch of the leading axes;
    with transpose_b, b is [..., j, k]. a, b: numpy arrays of codes."""
    import numpy as np
    a = np.asarray(a, dtype=object)
    b = np.asarray(b, dtype=object)
    if transpose_b:
        b = np.swapaxes(b, -1, -2)
    acc = np.matmul(a, b)  # object arrays: exact Python integers
    return np.frompyfunc(lambda v: requant(int(v), fa.frac + fb.frac, fy), 1, 1)(acc)
