"""The QONNX Quant node, for the fixture scripts (numpy and onnx only, no torch): a numpy
transcription of its published definition, the node itself, and power-of-two scale selection.
Used by make_onnx_fixtures.py, make_qonnx_window_fixtures.py (through it) and
make_qonnx_row_fixtures.py."""
import math

import numpy as np
from onnx import helper, numpy_helper

QONNX_DOMAIN = "qonnx.custom_op.general"


def pow2_at_least(s):
    return float(2.0 ** math.ceil(math.log2(s)))


def qonnx_quant(x, scale, zero_point, bit_width, signed, narrow, rounding_mode):
    """QONNX Quant (qonnx.custom_op.general.Quant), as published:
         q = clip(round(x / scale + zero_point), min_int, max_int);  y = (q - zero_point) * scale
       min_int = -2^(b-1) + narrow (signed) or 0; max_int = 2^(b-1) - 1 (signed) or 2^b - 1 - narrow.
       Returns (codes q, dequantized y)."""
    b = int(bit_width)
    if signed:
        lo, hi = -(2 ** (b - 1)) + int(narrow), 2 ** (b - 1) - 1
    else:
        lo, hi = 0, 2 ** b - 1 - int(narrow)
    t = np.asarray(x, np.float64) / scale + zero_point
    r = {"ROUND": np.round, "FLOOR": np.floor, "CEIL": np.ceil}[rounding_mode](t)  # np.round: half to even
    q = np.clip(r, lo, hi)
    return q.astype(np.int64), (q - zero_point) * scale


def quant_node(name, x, scale, zero_point, bits, signed, narrow, rounding, out):
    inits = [numpy_helper.from_array(np.asarray(scale, np.float32), name + "_scale"),
             numpy_helper.from_array(np.asarray(zero_point, np.float32), name + "_zeropt"),
             numpy_helper.from_array(np.asarray(bits, np.float32), name + "_bitwidth")]
    node = helper.make_node("Quant", [x, inits[0].name, inits[1].name, inits[2].name], [out], name=name,
                            domain=QONNX_DOMAIN, signed=int(signed), narrow=int(narrow), rounding_mode=rounding)
    return node, inits
