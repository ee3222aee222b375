"""Hand-checked values for the oracle's rounding and overflow (python3 scripts/oracle/selftest.py)."""
import sys, os
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from oracle.fixedpoint import Fmt, requant, quantize, overflow

# 2.5 and -2.5 (code 5 / -5 with one fractional bit) to integers, every mode.
expect = {"TRN": (2, -3), "TRN_ZERO": (2, -2), "RND": (3, -2), "RND_ZERO": (2, -2),
          "RND_INF": (3, -3), "RND_MIN_INF": (2, -3), "RND_CONV": (2, -2)}
for mode, (p, n) in expect.items():
    f = Fmt(8, 8, True, mode, "SAT")
    assert requant(5, 1, f) == p, (mode, requant(5, 1, f))
    assert requant(-5, 1, f) == n, (mode, requant(-5, 1, f))
assert requant(7, 1, Fmt(8, 8, True, "RND_CONV", "SAT")) == 4      # 3.5 -> 4
assert requant(-7, 1, Fmt(8, 8, True, "RND_CONV", "SAT")) == -4    # -3.5 -> -4
for mode, (hi, lo) in {"WRAP": (-126, 126), "SAT": (127, -128), "SAT_ZERO": (0, 0), "SAT_SYM": (127, -127)}.items():
    f = Fmt(8, 8, True, "TRN", mode)
    assert overflow(130, f) == hi and overflow(-130, f) == lo, mode
assert overflow(-128, Fmt(8, 8, True, "TRN", "SAT_SYM")) == -128
assert quantize(0.3, Fmt(6, 2, True, "RND", "SAT")) == 5              # 0.3*16 = 4.8 -> 5
assert overflow(40, Fmt(6, 2, True, "TRN", "WRAP")) == -24            # 6-bit wrap inside an int8
print("oracle selftest: ok")
