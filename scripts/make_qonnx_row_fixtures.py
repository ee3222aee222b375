#!/usr/bin/python3
"""Builds the QONNX fixtures of the row ops (Softmax, LayerNormalization, ReduceMean, ReduceMax)
under tests/fixtures/onnx_float_ops/, the QONNX counterparts of the QDQ fixtures that
scripts/make_row_onnx_fixtures.py exports from PyTorch:

  qonnx_softmax_head      x[N, 16] -> Quant(int8, 2^-4) -> Gemm 16->10 (transB, 8-bit weights at 2^-9
                          behind a weight Quant, float bias on the accumulator grid 2^-13) ->
                          Quant(int8, calibrated) -> Softmax(axis -1) -> Quant(uint8, 2^-8) -> y[N, 10]
  qonnx_layernorm_tokens  x[N, 4, 16] -> Quant(int8, 2^-4) -> LayerNormalization(axis -1, epsilon 1e-5,
                          float gain and bias initializers, multiples of 2^-8) -> Quant(int8, calibrated)
                          -> y[N, 4, 16]
  qonnx_token_pool        x[N, 6, 8] -> Quant(int8, 2^-4) -> ReduceMean(axes [1], keepdims 0) ->
                          Quant(int8, the same 2^-4: the means of 6 codes really round) -> y[N, 8]
  qonnx_token_pool_max    x[N, 6, 8] -> Quant(int8, 2^-4) -> ReduceMax(axes [1], keepdims 0) ->
                          Quant(int8, 2^-3: one octave coarser, so odd maxima are ties) -> y[N, 8]

(The mean and the max are two fixtures, each with the one output `y` the fixture layout describes.)

Run with Debian's python3 (python3-numpy, python3-onnx; no torch, no ONNX Runtime):

    /usr/bin/python3 scripts/make_qonnx_row_fixtures.py

Graphs are built with the onnx helper API as scripts/make_onnx_fixtures.py builds its QONNX fixtures
(opset 17 in the default domain, so that LayerNormalization is one node and ReduceMean / ReduceMax
still take `axes` as an attribute; Quant nodes in qonnx.custom_op.general; dynamic batch "batch").
Every scale is a power of two, every zero point 0, narrow 0, every rounding mode ROUND (half to
even), every activation 8 bits. Activation scales marked "calibrated" are the power of two at least
max|v| / max_code on a separate calibration batch (N_CALIB samples of the same distribution).

Each directory holds model.onnx, input.npy (float32, N_SAMPLES = 8 samples), input_codes.npy (the
input Quant's codes), expected.npy (the output Quant's codes; int32 like the other fixtures of
this directory) and case.json ("oracle": "qonnx-numpy-float", "oracle_precision": "float64").

The expectations never come from aiemc: they are an independent numpy implementation of the QONNX
graph: the published Quant definition (qonnx_quant, copied from make_onnx_fixtures.py) and the ONNX
definitions of Gemm, Softmax (exp(x - max) / sum), LayerNormalization ((x - mean) / sqrt(var + eps)
* scale + bias, population variance over the last axis, eps the float32 attribute's value),
ReduceMean and ReduceMax, computed in float64. They are computed again in float32 (what ONNX
Runtime / QONNX's executor do, LayerNorm's stash_type 1); the number of output codes on which
float32 rounds differently is printed and kept in case.json as "float32_code_differences" (0 on
all four; a nonzero count would be a float32 value next to a tie).

aiemc computes these ops with its exact integer definitions (docs/language.md, "Exact
semantics"), not in float, so the tests hold it to the row-op contract of docs/import.md (at least
99% of the codes equal, every one within 1 LSB) rather than to equality. Deterministic: fixed seeds.
"""
import json
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "onnx_float_ops")
ORACLE = "qonnx-numpy-float"
N_SAMPLES = 8
N_CALIB = 256
OPSET = 17
X_SCALE = 2.0 ** -4  # the input Quant of every fixture: int8 at 2^-4


from qonnx_quant import QONNX_DOMAIN, pow2_at_least, qonnx_quant, quant_node  # noqa: E402


def code_range(bits, signed):
    return (-(2 ** (bits - 1)), 2 ** (bits - 1) - 1) if signed else (0, 2 ** bits - 1)


def quantize(v, scale, bits, signed):
    """The activation Quant (zero point 0, narrow 0, ROUND) of make_onnx_fixtures.qonnx_quant;
    returns (codes, dequantized value)."""
    return qonnx_quant(v, scale, 0, bits, signed, 0, "ROUND")


def calibrated(v, bits, signed):
    return pow2_at_least(float(np.abs(v).max()) / code_range(bits, signed)[1])


# ---------------------------------------------------------------------------------------------
# numpy: the ONNX op definitions, in `dt` (float64 for the expectations, float32 as a cross-check)
# ---------------------------------------------------------------------------------------------

def np_gemm_t(x, w, b, dt):
    """ONNX Gemm with transB=1, alpha = beta = 1: y = x w^T + b."""
    return (x.astype(dt) @ w.astype(dt).T + b.astype(dt)).astype(dt)


def np_softmax(x, axis, dt):
    """ONNX Softmax (opset 13): exp(x - max(x)) / sum(exp(x - max(x))) along `axis`."""
    x = x.astype(dt)
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return (e / e.sum(axis=axis, keepdims=True, dtype=dt)).astype(dt)


def np_layernorm(x, gamma, beta, eps, dt):
    """ONNX LayerNormalization (opset 17) over the last axis: (x - mean) / sqrt(var + eps) * gamma + beta,
    var the population variance (the mean of the squared deviations)."""
    x = x.astype(dt)
    mean = x.mean(axis=-1, keepdims=True, dtype=dt)
    d = x - mean
    var = (d * d).mean(axis=-1, keepdims=True, dtype=dt)
    inv = dt(1) / np.sqrt(var + dt(eps))
    return (d * inv * gamma.astype(dt) + beta.astype(dt)).astype(dt)


def np_reduce(x, axis, kind, dt):
    """ONNX ReduceMean / ReduceMax over one axis, keepdims 0."""
    x = x.astype(dt)
    if kind == "max":
        return x.max(axis=axis)
    return (x.sum(axis=axis, dtype=dt) / dt(x.shape[axis])).astype(dt)


# ---------------------------------------------------------------------------------------------
# The graph: a list of nodes after the input Quant, built with the onnx helper API
# ---------------------------------------------------------------------------------------------

class Builder:
    def __init__(self):
        self.nodes, self.inits = [], []

    def quant(self, name, x, scale, bits, signed, out):
        n, i = quant_node(name, x, scale, 0, bits, signed, 0, "ROUND", out)
        self.nodes.append(n)
        self.inits.extend(i)

    def init(self, arr, name):
        self.inits.append(numpy_helper.from_array(arr, name))
        return name

    def node(self, op, ins, out, name, **attrs):
        self.nodes.append(helper.make_node(op, ins, [out], name=name, **attrs))

    def model(self, name, in_shape, out_shape):
        graph = helper.make_graph(self.nodes, name,
                                  [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch"] + list(in_shape))],
                                  [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch"] + list(out_shape))],
                                  self.inits)
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET),
                                                        helper.make_opsetid(QONNX_DOMAIN, 1)],
                                  producer_name="aiemc make_qonnx_row_fixtures.py (onnx helper)")
        model.doc_string = name
        onnx.checker.check_model(model)
        return model


# ---------------------------------------------------------------------------------------------
# The fixtures: each returns (model, oracle(x, dt) -> (input codes, output codes, [(stage, codes, lo, hi)]),
# output quantizer (scale, signed), extra case.json fields)
# ---------------------------------------------------------------------------------------------

def softmax_head(rng, calib):
    k, m = 16, 10
    ws = 2.0 ** -9                         # 8-bit weights at 2^-9: |w| < 0.25, logits of a few units
    w = (rng.uniform(-1, 1, (m, k)) * 127 * ws).astype(np.float32)
    grid = X_SCALE * ws                    # the accumulator grid s_x * s_w = 2^-13
    b = (np.round(rng.uniform(-0.5, 0.5, m) / grid) * grid).astype(np.float32)
    _, wq = qonnx_quant(w, ws, 0, 8, 1, 0, "ROUND")
    y_scale = 2.0 ** -8                    # probabilities as uint8 at 2^-8 (1.0 saturates to 255)

    # The logits' scale, calibrated in float64.
    _, xq = quantize(calib, X_SCALE, 8, 1)
    l_scale = calibrated(np_gemm_t(xq, wq, b, np.float64), 8, 1)

    def oracle(x, dt):
        xc, xq = quantize(x, X_SCALE, 8, 1)
        lc, lq = quantize(np_gemm_t(xq.astype(dt), wq, b, dt), l_scale, 8, 1)
        yc, _ = quantize(np_softmax(lq.astype(dt), -1, dt), y_scale, 8, 0)
        return xc, yc, [("quant_x", xc, *code_range(8, 1)), ("quant_logits", lc, *code_range(8, 1)),
                        ("quant_y", yc, *code_range(8, 0))]

    g = Builder()
    g.quant("quant_x", "x", X_SCALE, 8, 1, "x_q")
    g.init(w, "fc_w")
    g.init(b, "fc_b")
    g.quant("quant_fc_w", "fc_w", ws, 8, 1, "fc_wq")
    g.node("Gemm", ["x_q", "fc_wq", "fc_b"], "fc_out", "fc", transB=1)
    g.quant("quant_logits", "fc_out", l_scale, 8, 1, "logits")
    g.node("Softmax", ["logits"], "probs", "softmax", axis=-1)
    g.quant("quant_y", "probs", y_scale, 8, 0, "y")
    return g.model("qonnx_softmax_head", [k], [m]), oracle, (y_scale, False), {"logits_scale": l_scale}


def layernorm_tokens(rng, calib):
    d = 16
    eps = 1e-5
    # Gain and bias: float initializers on the 2^-8 grid, so that the importer's int16 codes hold them exactly.
    gamma = (np.round(rng.uniform(0.5, 1.5, d) * 256) / 256).astype(np.float32)
    beta = (np.round(rng.uniform(-0.3, 0.3, d) * 256) / 256).astype(np.float32)
    _, xq = quantize(calib, X_SCALE, 8, 1)
    eps32 = float(np.float32(eps))         # the attribute is a float32: 9.99999974737875e-06
    y_scale = calibrated(np_layernorm(xq, gamma, beta, eps32, np.float64), 8, 1)

    def oracle(x, dt):
        xc, xq = quantize(x, X_SCALE, 8, 1)
        yc, _ = quantize(np_layernorm(xq.astype(dt), gamma, beta, eps32, dt), y_scale, 8, 1)
        return xc, yc, [("quant_x", xc, *code_range(8, 1)), ("quant_y", yc, *code_range(8, 1))]

    g = Builder()
    g.quant("quant_x", "x", X_SCALE, 8, 1, "x_q")
    g.init(gamma, "ln_scale")
    g.init(beta, "ln_bias")
    g.node("LayerNormalization", ["x_q", "ln_scale", "ln_bias"], "ln_out", "layernorm", axis=-1, epsilon=eps)
    g.quant("quant_y", "ln_out", y_scale, 8, 1, "y")
    return g.model("qonnx_layernorm_tokens", [4, d], [4, d]), oracle, (y_scale, True), {"epsilon": eps}


def token_pool(kind):
    op, y_scale = {"mean": ("ReduceMean", X_SCALE), "max": ("ReduceMax", 2 * X_SCALE)}[kind]

    def make(rng, calib):
        def oracle(x, dt):
            xc, xq = quantize(x, X_SCALE, 8, 1)
            yc, _ = quantize(np_reduce(xq.astype(dt), 1, kind, dt), y_scale, 8, 1)
            return xc, yc, [("quant_x", xc, *code_range(8, 1)), ("quant_y", yc, *code_range(8, 1))]

        g = Builder()
        g.quant("quant_x", "x", X_SCALE, 8, 1, "x_q")
        g.node(op, ["x_q"], "pool", "reduce_" + kind, axes=[1], keepdims=0)
        g.quant("quant_y", "pool", y_scale, 8, 1, "y")
        name = "qonnx_token_pool" + ("" if kind == "mean" else "_max")
        return g.model(name, [6, 8], [8]), oracle, (y_scale, True), {}
    return make


# ---------------------------------------------------------------------------------------------
# Inputs: spread values, few saturating codes
# ---------------------------------------------------------------------------------------------

def dense_inputs(rng, n, shape):
    return (rng.standard_normal((n,) + tuple(shape)) * 2).astype(np.float32)


def token_inputs(rng, n, shape):
    """Tokens of different offsets and spreads (LayerNorm's mean and variance vary token by token)."""
    mu = rng.uniform(-2, 2, (n,) + tuple(shape[:-1]) + (1,))
    sigma = rng.uniform(0.25, 2.0, (n,) + tuple(shape[:-1]) + (1,))
    return (mu + sigma * rng.standard_normal((n,) + tuple(shape))).astype(np.float32)


def stats_line(stage, codes, lo, hi):
    u = np.unique(codes)
    return (f"  {stage:>13} codes [{int(codes.min())}, {int(codes.max())}] distinct {len(u)}"
            f" at max {float(np.mean(codes == hi)):.3f} at min {float(np.mean(codes == lo)):.3f}")


def fixture(name, make, in_shape, inputs, seed):
    rng = np.random.default_rng(seed)
    calib = inputs(rng, N_CALIB, in_shape)
    x = inputs(rng, N_SAMPLES, in_shape)
    model, oracle, (y_scale, y_signed), extra = make(np.random.default_rng(seed + 1000), calib)
    in_codes, codes, stages = oracle(x, np.float64)
    in32, codes32, _ = oracle(x, np.float32)
    assert np.array_equal(in_codes, in32)
    f32_diff = int(np.sum(codes32 != codes))
    assert int(np.abs(codes32 - codes).max()) <= 1, f"{name}: float32 and float64 differ by more than 1 code"

    d = os.path.join(ROOT, name)
    os.makedirs(d, exist_ok=True)
    onnx.save(model, os.path.join(d, "model.onnx"))
    np.save(os.path.join(d, "input.npy"), x)
    np.save(os.path.join(d, "input_codes.npy"), in_codes.astype(np.int32))
    np.save(os.path.join(d, "expected.npy"), codes.astype(np.int32))
    case = {"oracle": ORACLE, "oracle_precision": "float64", "input": "x", "output": "y",
            "input_scale": X_SCALE, "input_zero_point": 0, "input_signed": True,
            "output_scale": float(y_scale), "output_zero_point": 0, "output_signed": bool(y_signed),
            "float32_code_differences": f32_diff, "seed": seed}
    case.update(extra)
    with open(os.path.join(d, "case.json"), "w") as f:
        json.dump(case, f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"{name}: ops {[n.op_type for n in model.graph.node]}; input {list(x.shape)} -> output {list(codes.shape)};"
          f" float32 rounds {f32_diff} of {codes.size} output codes differently")
    for st in stages:
        print(stats_line(*st))


def main():
    fixture("qonnx_softmax_head", softmax_head, (16,), dense_inputs, seed=51)
    fixture("qonnx_layernorm_tokens", layernorm_tokens, (4, 16), token_inputs, seed=52)
    fixture("qonnx_token_pool", token_pool("mean"), (6, 8), dense_inputs, seed=53)
    fixture("qonnx_token_pool_max", token_pool("max"), (6, 8), dense_inputs, seed=54)
    print("fixtures written to", os.path.normpath(ROOT), file=sys.stderr)


if __name__ == "__main__":
    main()
