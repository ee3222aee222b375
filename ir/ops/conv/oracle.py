"""The conv family's oracle twin (scripts/oracle/ops.py loads it): written from docs/language.md
("Exact semantics"), not from the C++ (ir/ops/conv/interpret.cpp). Python integers and fractions on
numpy object arrays. Tensors are channels-last with the batch axis first: x [B, (H,) W, C]."""
from fractions import Fraction

import numpy as np

from oracle.fixedpoint import Fmt, overflow, requant, round_fraction

__all__ = ["conv", "pool"]


def _as_2d(x, kernel, stride, dilation, pads):
    """A 1-D window as a 2-D one with H = 1; pads = (before per axis, after per axis)."""
    x = np.asarray(x, dtype=object)
    if x.ndim == 3:
        return (x[:, None, :, :], (1, kernel[0]), (1, stride[0]), (1, dilation[0]),
                ((0, pads[0][0]), (0, pads[1][0])))
    return x, tuple(kernel), tuple(stride), tuple(dilation), (tuple(pads[0]), tuple(pads[1]))


def _windows(x, kernel, stride, dilation, before, after):
    """For every output position: the list of (h, w) inside the input, and the window's size."""
    B, H, W, C = x.shape
    oh = (H + before[0] + after[0] - dilation[0] * (kernel[0] - 1) - 1) // stride[0] + 1
    ow = (W + before[1] + after[1] - dilation[1] * (kernel[1] - 1) - 1) // stride[1] + 1
    for i in range(oh):
        for j in range(ow):
            inside = []
            for a in range(kernel[0]):
                for b in range(kernel[1]):
                    h = i * stride[0] + a * dilation[0] - before[0]
                    w = j * stride[1] + b * dilation[1] - before[1]
                    inside.append((a, b, h, w) if 0 <= h < H and 0 <= w < W else None)
            yield i, j, oh, ow, inside


def conv(x, fx: Fmt, w, fw: Fmt, b, fb: Fmt, fy: Fmt, kernel, stride, dilation, pads, groups=1, relu=False):
    """y[b, o, n] = requant(b_acc[n] + sum over the window inside the input and the group's channels
    of x * w); w [kernel..., C / groups, N]; padding reads 0."""
    squeeze = np.asarray(x).ndim == 3
    x, kernel, stride, dilation, (before, after) = _as_2d(x, kernel, stride, dilation, pads)
    w = np.asarray(w, dtype=object).reshape(kernel[0], kernel[1], -1, np.asarray(w).shape[-1])
    B, _, _, C = x.shape
    N = w.shape[-1]
    cg, ng = C // groups, N // groups
    fa = fx.frac + fw.frac
    bias = [0] * N if b is None else [round_fraction(Fraction(int(c)) * Fraction(2) ** (fa - fb.frac), fb.rounding) for c in b]
    out = None
    for i, j, oh, ow, inside in _windows(x, kernel, stride, dilation, before, after):
        if out is None:
            out = np.zeros((B, oh, ow, N), dtype=object)
        for bi in range(B):
            for n in range(N):
                g = n // ng
                acc = bias[n]
                for pos in inside:
                    if pos is None:
                        continue
                    a, bb, h, ww = pos
                    acc += sum(int(x[bi, h, ww, g * cg + c]) * int(w[a, bb, c, n]) for c in range(cg))
                v = requant(acc, fa, fy)
                out[bi, i, j, n] = max(v, 0) if relu else v
    return out[:, 0] if squeeze else out


def pool(x, fx: Fmt, fy: Fmt, fn, kernel, stride, dilation, pads, count_include_pad=False):
    """max: requant(max of the window inside the input, fx -> fy); avg: the exact rational
    sum * 2^(fy - fx) / n rounded once with fy's mode (n: the window's positions with
    count_include_pad, else those inside the input), then fy's overflow."""
    squeeze = np.asarray(x).ndim == 3
    x, kernel, stride, dilation, (before, after) = _as_2d(x, kernel, stride, dilation, pads)
    B, _, _, C = x.shape
    out = None
    for i, j, oh, ow, inside in _windows(x, kernel, stride, dilation, before, after):
        if out is None:
            out = np.zeros((B, oh, ow, C), dtype=object)
        cells = [p for p in inside if p is not None]
        n = kernel[0] * kernel[1] if count_include_pad else len(cells)
        for bi in range(B):
            for c in range(C):
                vals = [int(x[bi, h, w, c]) for _, _, h, w in cells]
                if fn == "max":
                    out[bi, i, j, c] = requant(max(vals), fx.frac, fy)
                else:
                    q = Fraction(sum(vals)) * Fraction(2) ** (fy.frac - fx.frac) / n
                    out[bi, i, j, c] = overflow(round_fraction(q, fy.rounding), fy)
    return out[:, 0] if squeeze else out
