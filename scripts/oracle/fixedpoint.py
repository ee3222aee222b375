"""Independent numpy/Python model of the aiemc fixed-point semantics (docs/language.md).

Written from the language reference, not from the C++ code: Python integers (unbounded) and
fractions, so no step can overflow or round by accident. The C++ reference interpreter is tested
against outputs computed here. This file is the number formats and their conversions; the ops are
each family's oracle twin, ir/ops/<family>/oracle.py, gathered by oracle/ops.py.
"""
from dataclasses import dataclass
from fractions import Fraction
import math

ROUNDING = ["TRN", "TRN_ZERO", "RND", "RND_ZERO", "RND_INF", "RND_MIN_INF", "RND_CONV"]
OVERFLOW = ["WRAP", "SAT", "SAT_ZERO", "SAT_SYM"]


@dataclass(frozen=True)
class Fmt:
    width: int
    int_bits: int
    signed: bool = True
    rounding: str = "TRN"
    overflow: str = "WRAP"

    @property
    def frac(self):
        return self.width - self.int_bits

    @property
    def lo(self):
        return -(1 << (self.width - 1)) if self.signed else 0

    @property
    def hi(self):
        return (1 << (self.width - 1)) - 1 if self.signed else (1 << self.width) - 1

    def text(self):
        if (self.rounding, self.overflow) == ("RND_CONV", "SAT") and self.width == self.int_bits:
            return ("" if self.signed else "u") + f"int{self.width}"
        s = ("" if self.signed else "u") + f"fixed<{self.width}, {self.int_bits}"
        if self.rounding != "TRN" or self.overflow != "WRAP":
            s += f", {self.rounding}"
        if self.overflow != "WRAP":
            s += f", {self.overflow}"
        return s + ">"


def intfmt(bits, signed=True):
    return Fmt(bits, bits, signed, "RND_CONV", "SAT")


def round_fraction(x: Fraction, mode: str) -> int:
    """Round an exact rational to an integer with an ap_fixed quantization mode."""
    fl = math.floor(x)
    rest = x - fl
    if rest == 0:
        return fl
    half = Fraction(1, 2)
    if mode == "TRN":
        return fl
    if mode == "TRN_ZERO":
        return fl if x > 0 else fl + 1
    if rest > half:
        return fl + 1
    if rest < half:
        return fl
    # exact tie
    return {
        "RND": fl + 1,
        "RND_ZERO": fl if x > 0 else fl + 1,
        "RND_INF": fl + 1 if x > 0 else fl,
        "RND_MIN_INF": fl,
        "RND_CONV": fl if fl % 2 == 0 else fl + 1,
    }[mode]


def overflow(v: int, f: Fmt) -> int:
    if f.lo <= v <= f.hi:
        return v
    if f.overflow == "WRAP":
        m = v % (1 << f.width)
        if f.signed and m >= (1 << (f.width - 1)):
            m -= 1 << f.width
        return m
    if f.overflow == "SAT":
        return f.lo if v < f.lo else f.hi
    if f.overflow == "SAT_ZERO":
        return 0
    if f.overflow == "SAT_SYM":
        if not f.signed:
            return f.lo if v < f.lo else f.hi
        return -f.hi if v < f.lo else f.hi
    raise ValueError(f.overflow)


def requant(v: int, from_frac: int, f: Fmt) -> int:
    """Code v with from_frac fractional bits, converted to format f."""
    return overflow(round_fraction(Fraction(v) / Fraction(2) ** (from_frac - f.frac), f.rounding), f)


def quantize(x: float, f: Fmt) -> int:
    return overflow(round_fraction(Fraction(x) * Fraction(2) ** f.frac, f.rounding), f)


def dequantize(c: int, f: Fmt) -> float:
    return float(Fraction(c) / Fraction(2) ** f.frac)


def splitmix64_codes(seed: int, count: int, f: Fmt):
    """random(seed) parameters: codes uniform over at most 8 bits of the format."""
    mask = (1 << 64) - 1
    b = min(f.width, 8)
    lo, hi = (-(1 << (b - 1)), (1 << (b - 1)) - 1) if f.signed else (0, (1 << b) - 1)
    state = seed & mask
    out = []
    for _ in range(count):
        state = (state + 0x9E3779B97F4A7C15) & mask
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & mask
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
        z = z ^ (z >> 31)
        out.append(lo + z % (hi - lo + 1))
    return out
