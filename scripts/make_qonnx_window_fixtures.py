#!/usr/bin/python3
"""Builds two QONNX fixtures of the convolution family under tests/fixtures/onnx_conv/:

  qonnx_conv1d_pool        x[N, 4, 16] -> Quant(int8, 2^-4) -> Conv1d 4->8 k3 pads [1,1] (4-bit narrow
                           weights) -> Relu -> Quant(uint8) -> MaxPool k2 s2 -> Conv1d 8->8 k3 (6-bit
                           weights) -> Quant(int8) -> AveragePool k2 s2 (count_include_pad 0) ->
                           Quant(int8, the same scale: the half codes round half to even) -> Flatten ->
                           Gemm 24->3 (8-bit weights) -> Quant(int8) -> y[N, 3]
  qonnx_conv2d_depthwise   x[N, 2, 8, 8] -> Quant(int8, 2^-4) -> Conv2d 2->4 3x3 pads 1 (6-bit weights)
                           -> Relu -> Quant(uint8) -> Conv2d 4->4 depthwise (group 4) 3x3 stride 2 pads 1
                           (4-bit narrow weights) -> Relu -> Quant(uint8) -> GlobalAveragePool ->
                           Quant(uint8, the same scale) -> Flatten -> Gemm 4->2 (8-bit weights) ->
                           Quant(int8) -> y[N, 2]

Run with Debian's python3 (python3-numpy, python3-onnx, python3-torch):

    /usr/bin/python3 scripts/make_qonnx_window_fixtures.py

Graphs are built with the onnx helper API as scripts/make_onnx_fixtures.py builds qonnx_residual_concat
(opset 13 in the default domain, Quant nodes in qonnx.custom_op.general, dynamic batch "batch", float
weight initializers behind a weight Quant, float biases exactly on the accumulator grid s_x * s_w).
Every scale is a power of two, every zero point 0, every rounding mode ROUND (half to even); the
activation scales are calibrated on a separate calibration batch (the power of two at least
max|v| / max_code), except after the pools, whose quantizer keeps the scale of the pool's input so
that AveragePool / GlobalAveragePool means really round.

Each directory holds what scripts/make_onnx_fixtures.py describes for qonnx_residual_concat
(model.onnx, input.npy, input_codes.npy, expected.npy, case.json). Expectations never come from
aiemc: they are computed in numpy, transcribing the published QONNX Quant definition (qonnx_quant of
make_onnx_fixtures.py) and the ONNX definitions of Conv, Relu, MaxPool, AveragePool,
GlobalAveragePool, Flatten and Gemm, in float32 as ONNX Runtime / QONNX compute them (and again in
float64, which must agree: with power-of-two scales and these bit widths every value is a short
dyadic, so float arithmetic is exact). They are checked independently against PyTorch float32
(torch.nn.functional conv1d / conv2d / max_pool / avg_pool / adaptive_avg_pool2d / linear, with the
same numpy fake quantization between ops); any mismatch aborts the script. Deterministic: fixed seeds.
"""
import os
import sys

import numpy as np
import onnx
import torch
from numpy.lib.stride_tricks import sliding_window_view
from onnx import TensorProto, helper, numpy_helper

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_onnx_fixtures import N_SAMPLES, QONNX_DOMAIN, pow2_at_least, qonnx_quant, quant_node, write_case  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "onnx_conv")
ORACLE = "numpy QONNX Quant + ONNX Conv/pools (scripts/make_qonnx_window_fixtures.py, make_onnx_fixtures.py: qonnx_quant)"
N_CALIB = 256


def code_range(bits, signed, narrow=0):
    if signed:
        return -(2 ** (bits - 1)) + narrow, 2 ** (bits - 1) - 1
    return 0, 2 ** bits - 1 - narrow


# ---------------------------------------------------------------------------------------------
# A model is a list of steps (dicts); scales and biases left None are fixed by calibrate()
# ---------------------------------------------------------------------------------------------

def quant(name, bits, signed, scale=None):
    """Activation Quant: scale None = calibrated, "same" = the scale of the previous Quant."""
    return {"op": "quant", "name": name, "bits": bits, "signed": signed, "scale": scale}


def conv(rng, name, cin, cout, kernel, wbits, wscale, wnarrow=0, stride=1, pad=0, group=1):
    kernel = tuple(kernel)
    d = len(kernel)
    w = (rng.uniform(-1, 1, (cout, cin // group) + kernel) * (2 ** (wbits - 1)) * wscale * 0.9).astype(np.float32)
    return {"op": "conv", "name": name, "w": w, "u": rng.uniform(-0.3, 0.3, cout), "b": None,
            "wbits": wbits, "wscale": wscale, "wnarrow": wnarrow, "kernel": kernel,
            "stride": (stride,) * d, "pads": (pad,) * (2 * d), "group": group}


def gemm(rng, name, nin, nout, wbits, wscale, wnarrow=0):
    w = (rng.uniform(-1, 1, (nout, nin)) * (2 ** (wbits - 1)) * wscale * 0.9).astype(np.float32)
    return {"op": "gemm", "name": name, "w": w, "u": rng.uniform(-0.3, 0.3, nout), "b": None,
            "wbits": wbits, "wscale": wscale, "wnarrow": wnarrow}


def qweight(s):
    """The weight Quant node's output (signed, zero point 0, ROUND), in float32 as QONNX returns it."""
    return qonnx_quant(s["w"], s["wscale"], 0, s["wbits"], 1, s["wnarrow"], "ROUND")[1].astype(np.float32)


# ---------------------------------------------------------------------------------------------
# numpy: the ONNX op definitions
# ---------------------------------------------------------------------------------------------

def np_conv(x, w, b, stride, pads, group, dtype):
    """ONNX Conv (NC[D...] layout, zero padding, dilation 1): y[n, o, p] = b[o] + sum_{c, k} w[o, c, k] x[n, g*C_g + c, p*s + k]."""
    d = w.ndim - 2
    x, w, b = x.astype(dtype), w.astype(dtype), b.astype(dtype)
    x = np.pad(x, [(0, 0), (0, 0)] + [(pads[i], pads[i + d]) for i in range(d)])
    win = sliding_window_view(x, w.shape[2:], axis=tuple(range(2, 2 + d)))
    win = win[(slice(None), slice(None)) + tuple(slice(None, None, s) for s in stride)]
    assert d in (1, 2)
    sp, ks = "hw"[:d], "ij"[:d]
    cg, og = x.shape[1] // group, w.shape[0] // group
    out = []
    for g in range(group):
        out.append(np.einsum(f"nc{sp}{ks},oc{ks}->no{sp}", win[:, g * cg:(g + 1) * cg], w[g * og:(g + 1) * og]))
    y = np.concatenate(out, axis=1)
    return (y + b.reshape((1, -1) + (1,) * d)).astype(dtype)


def np_pool(x, kernel, stride, kind, dtype):
    """ONNX MaxPool / AveragePool without padding (count_include_pad is moot: no pad): the mean is
    the window's sum divided by the element count, in `dtype`."""
    d = len(kernel)
    x = x.astype(dtype)
    win = sliding_window_view(x, kernel, axis=tuple(range(2, 2 + d)))
    win = win[(slice(None), slice(None)) + tuple(slice(None, None, s) for s in stride)]
    axes = tuple(range(-d, 0))
    if kind == "max":
        return win.max(axis=axes)
    return (win.sum(axis=axes, dtype=dtype) / dtype(np.prod(kernel))).astype(dtype)


def np_gap(x, dtype):
    """ONNX GlobalAveragePool: the mean over all spatial axes, kept as size-1 axes."""
    axes = tuple(range(2, x.ndim))
    count = int(np.prod([x.shape[a] for a in axes]))
    return (x.astype(dtype).sum(axis=axes, keepdims=True, dtype=dtype) / dtype(count)).astype(dtype)


def run_numpy(steps, x, dtype, stats=None, calibrate=False):
    """Runs the steps; returns (input codes, output codes). calibrate=True fixes the None scales/biases."""
    h, last_scale, in_codes, codes = x.astype(dtype), None, None, None
    for s in steps:
        op = s["op"]
        if op == "quant":
            lo, hi = code_range(s["bits"], s["signed"])
            if calibrate and s["scale"] is None:
                s["scale"] = pow2_at_least(float(np.abs(h).max()) / hi)
            elif calibrate and s["scale"] == "same":
                s["scale"] = last_scale
            t = h.astype(np.float64) / s["scale"]
            codes, hq = qonnx_quant(h, s["scale"], 0, s["bits"], s["signed"], 0, "ROUND")
            if stats is not None:
                stats.append({"name": s["name"], "scale": s["scale"], "bits": s["bits"], "signed": s["signed"],
                              "codes": codes, "lo": lo, "hi": hi, "ties": float(np.mean(np.abs(t - np.floor(t) - 0.5) == 0)),
                              "clipped": float(np.mean((np.round(t) < lo) | (np.round(t) > hi)))})
            h, last_scale = hq.astype(dtype), s["scale"]
            if in_codes is None:
                in_codes = codes
        elif op in ("conv", "gemm"):
            if calibrate and s["b"] is None:  # the bias exactly on the accumulator grid s_x * s_w
                grid = last_scale * s["wscale"]
                s["b"] = (np.round(s["u"] / grid) * grid).astype(np.float32)
            if op == "conv":
                h = np_conv(h, qweight(s), s["b"], s["stride"], s["pads"], s["group"], dtype)
            else:  # Gemm, transB=1: y = x w^T + b
                h = (h @ qweight(s).astype(dtype).T + s["b"].astype(dtype)).astype(dtype)
        elif op == "relu":
            h = np.maximum(h, dtype(0))
        elif op in ("maxpool", "avgpool"):
            h = np_pool(h, s["kernel"], s["stride"], op[:3], dtype)
        elif op == "gap":
            h = np_gap(h, dtype)
        elif op == "flatten":
            h = h.reshape(h.shape[0], -1)
        else:
            raise ValueError(op)
    return in_codes, codes


# ---------------------------------------------------------------------------------------------
# PyTorch float32: an independent implementation of the same ops (numpy fake quantization between)
# ---------------------------------------------------------------------------------------------

def run_torch(steps, x):
    F = torch.nn.functional
    h, codes = torch.from_numpy(x.astype(np.float32)), None
    with torch.no_grad():
        for s in steps:
            op = s["op"]
            if op == "quant":
                codes, hq = qonnx_quant(h.numpy(), s["scale"], 0, s["bits"], s["signed"], 0, "ROUND")
                h = torch.from_numpy(hq.astype(np.float32))
            elif op == "conv":
                w, b = torch.from_numpy(qweight(s)), torch.from_numpy(s["b"])
                d = len(s["kernel"])
                pads = s["pads"]
                assert pads[:d] == pads[d:], "symmetric pads only"
                f = F.conv1d if d == 1 else F.conv2d
                h = f(h, w, b, stride=s["stride"], padding=pads[:d], groups=s["group"])
            elif op == "gemm":
                h = F.linear(h, torch.from_numpy(qweight(s)), torch.from_numpy(s["b"]))
            elif op == "relu":
                h = torch.relu(h)
            elif op == "maxpool":
                f = F.max_pool1d if len(s["kernel"]) == 1 else F.max_pool2d
                h = f(h, s["kernel"], s["stride"])
            elif op == "avgpool":
                f = F.avg_pool1d if len(s["kernel"]) == 1 else F.avg_pool2d
                h = f(h, s["kernel"], s["stride"], count_include_pad=False)
            elif op == "gap":
                h = F.adaptive_avg_pool2d(h, 1) if h.dim() == 4 else F.adaptive_avg_pool1d(h, 1)
            elif op == "flatten":
                h = torch.flatten(h, 1)
    return codes


# ---------------------------------------------------------------------------------------------
# The ONNX graph
# ---------------------------------------------------------------------------------------------

def build_model(name, steps, in_shape, out_features):
    nodes, inits = [], []
    cur = "x"
    last_quant = max(i for i, s in enumerate(steps) if s["op"] == "quant")
    for i, s in enumerate(steps):
        op = s["op"]
        if op == "quant":
            out = "y" if i == last_quant else s["name"] + "_out"
            n, q = quant_node(s["name"], cur, s["scale"], 0, s["bits"], s["signed"], 0, "ROUND", out)
            nodes.append(n)
            inits.extend(q)
        elif op in ("conv", "gemm"):
            nm = s["name"]
            inits.extend([numpy_helper.from_array(s["w"], nm + "_w"), numpy_helper.from_array(s["b"], nm + "_b")])
            n, q = quant_node("quant_" + nm + "_w", nm + "_w", s["wscale"], 0, s["wbits"], 1, s["wnarrow"], "ROUND",
                              nm + "_wq")
            nodes.append(n)
            inits.extend(q)
            out = nm + "_out"
            if op == "conv":
                nodes.append(helper.make_node("Conv", [cur, nm + "_wq", nm + "_b"], [out], name=nm,
                                              kernel_shape=list(s["kernel"]), strides=list(s["stride"]),
                                              pads=list(s["pads"]), group=s["group"]))
            else:
                nodes.append(helper.make_node("Gemm", [cur, nm + "_wq", nm + "_b"], [out], name=nm, transB=1))
        else:
            out = f"{op}{i}_out"
            if op == "relu":
                nodes.append(helper.make_node("Relu", [cur], [out], name=f"relu{i}"))
            elif op == "maxpool":
                nodes.append(helper.make_node("MaxPool", [cur], [out], name=f"maxpool{i}",
                                              kernel_shape=list(s["kernel"]), strides=list(s["stride"])))
            elif op == "avgpool":
                nodes.append(helper.make_node("AveragePool", [cur], [out], name=f"avgpool{i}",
                                              kernel_shape=list(s["kernel"]), strides=list(s["stride"]),
                                              count_include_pad=0))
            elif op == "gap":
                nodes.append(helper.make_node("GlobalAveragePool", [cur], [out], name=f"global_avgpool{i}"))
            elif op == "flatten":
                nodes.append(helper.make_node("Flatten", [cur], [out], name=f"flatten{i}", axis=1))
        cur = out
    graph = helper.make_graph(nodes, name,
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch"] + list(in_shape))],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", out_features])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13), helper.make_opsetid(QONNX_DOMAIN, 1)],
                              producer_name="aiemc make_qonnx_window_fixtures.py (onnx helper)")
    onnx.checker.check_model(model, full_check=True)
    return model


# ---------------------------------------------------------------------------------------------

def report(name, stats, model):
    print(f"{name}: ops {[n.op_type for n in model.graph.node]}")
    for st in stats:
        c = st["codes"]
        sat_hi, sat_lo = float(np.mean(c == st["hi"])), float(np.mean(c == st["lo"]))
        uniq = np.unique(c)
        print(f"  {st['name']:>12} {'int' if st['signed'] else 'uint'}{st['bits']} scale 2^{int(np.log2(st['scale']))}"
              f" shape {list(c.shape)} codes [{int(c.min())}, {int(c.max())}] distinct {len(uniq)}"
              f" ({len(uniq) / c.size:.3f} of values, {len(uniq) / (st['hi'] - st['lo'] + 1):.3f} of the range)"
              f" at max {sat_hi:.3f} at min {sat_lo:.3f} clipped {st['clipped']:.3f} ties {st['ties']:.3f}")


def fixture(name, steps, in_shape, out_features, seed):
    rng = np.random.default_rng(seed)
    calib = (rng.standard_normal((N_CALIB,) + tuple(in_shape)) * 2).astype(np.float32)
    x = (rng.standard_normal((N_SAMPLES,) + tuple(in_shape)) * 2).astype(np.float32)
    run_numpy(steps, calib, np.float64, calibrate=True)
    stats = []
    in_codes, codes = run_numpy(steps, x, np.float32, stats=stats)
    in64, codes64 = run_numpy(steps, x, np.float64)
    assert np.array_equal(in_codes, in64) and np.array_equal(codes, codes64), f"{name}: float32 and float64 differ"
    tcodes = run_torch(steps, x)
    mism = int(np.sum(tcodes != codes))
    print(f"{name}: numpy vs PyTorch float32: {mism} of {codes.size} output codes differ")
    if mism:
        raise SystemExit(f"{name}: numpy and PyTorch disagree on {mism} codes")
    lo, hi = code_range(8, True)
    assert in_codes.min() >= lo and in_codes.max() <= hi and codes.min() >= lo and codes.max() <= hi
    model = build_model(name, steps, in_shape, out_features)
    d = os.path.join(ROOT, name)
    os.makedirs(d, exist_ok=True)
    onnx.save(model, os.path.join(d, "model.onnx"))
    np.save(os.path.join(d, "input.npy"), x)
    np.save(os.path.join(d, "input_codes.npy"), in_codes.astype(np.int8))
    np.save(os.path.join(d, "expected.npy"), codes.astype(np.int8))
    out_q = [s for s in steps if s["op"] == "quant"][-1]
    write_case(d, ORACLE, (steps[0]["scale"], 0, True), (out_q["scale"], 0))
    report(name, stats, model)
    print(f"  output {list(codes.shape)}: distinct rows {len(np.unique(codes, axis=0))} of {codes.shape[0]}")


def conv1d_pool(seed=31):
    rng = np.random.default_rng(seed + 1000)
    return [
        quant("quant_x", 8, 1, 2.0 ** -4),
        conv(rng, "conv1", 4, 8, (3,), wbits=4, wscale=2.0 ** -3, wnarrow=1, pad=1),
        {"op": "relu"},
        quant("quant_h1", 8, 0),
        {"op": "maxpool", "kernel": (2,), "stride": (2,)},
        conv(rng, "conv2", 8, 8, (3,), wbits=6, wscale=2.0 ** -5),
        quant("quant_h2", 8, 1),
        {"op": "avgpool", "kernel": (2,), "stride": (2,)},
        quant("quant_p", 8, 1, "same"),
        {"op": "flatten"},
        gemm(rng, "head", 8 * 3, 3, wbits=8, wscale=2.0 ** -7),
        quant("quant_y", 8, 1),
    ]


def conv2d_depthwise(seed=41):
    rng = np.random.default_rng(seed + 1000)
    return [
        quant("quant_x", 8, 1, 2.0 ** -4),
        conv(rng, "conv1", 2, 4, (3, 3), wbits=6, wscale=2.0 ** -5, pad=1),
        {"op": "relu"},
        quant("quant_h1", 8, 0),
        conv(rng, "dwconv", 4, 4, (3, 3), wbits=4, wscale=2.0 ** -2, wnarrow=1, stride=2, pad=1, group=4),
        {"op": "relu"},
        quant("quant_h2", 8, 0),
        {"op": "gap"},
        quant("quant_g", 8, 0, "same"),
        {"op": "flatten"},
        gemm(rng, "head", 4, 2, wbits=8, wscale=2.0 ** -7),
        quant("quant_y", 8, 1),
    ]


def main():
    torch.set_num_threads(1)
    fixture("qonnx_conv1d_pool", conv1d_pool(31), (4, 16), 3, seed=31)
    fixture("qonnx_conv2d_depthwise", conv2d_depthwise(41), (2, 8, 8), 2, seed=41)
    print("fixtures written to", os.path.normpath(ROOT), file=sys.stderr)


if __name__ == "__main__":
    main()
