#!/usr/bin/python3
"""Builds the ONNX / QONNX fixtures of the importer tests (tests/fixtures/onnx/).

Run with Debian's python3 (python3-torch, python3-onnx, python3-numpy):

    /usr/bin/python3 scripts/make_onnx_fixtures.py            # models, inputs, QONNX expectations
    node scripts/onnx_reference.mjs tests/fixtures/onnx/*/     # ONNX Runtime expectations (QDQ models)

Each fixture directory holds:
  model.onnx        the model as a user would hand it to `aiemc import`
  input.npy         float32 inputs (what ONNX Runtime / the QONNX oracle consumes)
  input_codes.npy   the inputs after the model's input quantizer (integer codes)
  expected.npy      the output codes (integers) that aiemc's reference interpreter must reproduce
  case.json         which oracle computed the expectations, and the output scale and zero point

Expected outputs never come from aiemc: QDQ models are run by ONNX Runtime (onnxruntime-node, see
scripts/onnx_reference.mjs); QONNX models (which ONNX Runtime cannot run: `Quant` is a custom op)
by `qonnx_quant` below, a numpy transcription of the published QONNX Quant definition.
Bad-input models (tests/fixtures/onnx/bad/) are tiny graphs that each break one rule.
"""
import json
import math
import os
import sys

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper, numpy_helper

from qonnx_quant import QONNX_DOMAIN, pow2_at_least, qonnx_quant, quant_node  # noqa: E402,F401

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "onnx")
N_SAMPLES = 32


# ---------------------------------------------------------------------------------------------
# PyTorch models with fake quantization (exported by torch.onnx as QuantizeLinear/DequantizeLinear)
# ---------------------------------------------------------------------------------------------

class ActQuant(torch.nn.Module):
    """Fake-quantizes activations with a fixed scale and zero point (int8 or uint8)."""

    def __init__(self, signed):
        super().__init__()
        self.qmin, self.qmax = (-128, 127) if signed else (0, 255)
        self.scale, self.zero_point, self.enabled = 1.0, 0, False

    def calibrate(self, x, pow2, symmetric):
        lo, hi = min(float(x.min()), 0.0), max(float(x.max()), 0.0)
        if symmetric:
            s = max(abs(lo), abs(hi)) / min(-self.qmin, self.qmax)
            self.scale = pow2_at_least(s) if pow2 else s
            self.zero_point = 0
        else:
            s = (hi - lo) / (self.qmax - self.qmin)
            self.scale = s
            self.zero_point = int(np.clip(round(self.qmin - lo / s), self.qmin, self.qmax))
        self.scale = float(np.float32(self.scale))
        self.enabled = True

    def forward(self, x):
        if not self.enabled:
            return x
        return torch.fake_quantize_per_tensor_affine(x, self.scale, self.zero_point, self.qmin, self.qmax)


class QLinear(torch.nn.Module):
    """A dense layer with int8 fake-quantized weights (per tensor or per output channel).

    matmul=False exports as Gemm (nn.Linear's [N, K] weight, transB=1); matmul=True keeps a [K, N]
    weight and exports as MatMul + Add.
    """

    def __init__(self, k, n, per_channel=False, matmul=False):
        super().__init__()
        self.matmul, self.per_channel = matmul, per_channel
        w = torch.empty(n, k)
        torch.nn.init.kaiming_uniform_(w, a=math.sqrt(5))
        self.weight = torch.nn.Parameter(w.t().contiguous() if matmul else w)
        self.bias = torch.nn.Parameter(torch.empty(n).uniform_(-0.1, 0.1))
        self.register_buffer("w_scale", torch.ones(n))
        self.pow2 = False

    def set_weight_scales(self, pow2):
        self.pow2 = pow2
        with torch.no_grad():
            w = self.weight.t() if self.matmul else self.weight  # [N, K]
            amax = w.abs().amax(dim=1) if self.per_channel else w.abs().max().expand(w.shape[0])
            s = (amax / 127).clamp(min=1e-6)
            if pow2:
                s = torch.tensor([pow2_at_least(float(v)) for v in s])
            self.w_scale.copy_(s.float())

    def qweight(self):
        if self.per_channel:
            zp = torch.zeros(self.w_scale.shape[0], dtype=torch.int32)
            return torch.fake_quantize_per_channel_affine(self.weight, self.w_scale, zp, 1 if self.matmul else 0,
                                                          -128, 127)
        return torch.fake_quantize_per_tensor_affine(self.weight, float(self.w_scale[0]), 0, -128, 127)

    def forward(self, x):
        w = self.qweight()
        if self.matmul:
            return torch.matmul(x, w) + self.bias
        return torch.nn.functional.linear(x, w, self.bias)


class QMLP(torch.nn.Module):
    def __init__(self, sizes, act_signed, in_signed, out_signed, per_channel=False, matmul=False):
        super().__init__()
        self.inq = ActQuant(in_signed)
        self.layers = torch.nn.ModuleList(
            [QLinear(a, b, per_channel, matmul) for a, b in zip(sizes[:-1], sizes[1:])])
        self.acts = torch.nn.ModuleList(
            [ActQuant(act_signed) for _ in sizes[2:]] + [ActQuant(out_signed)])

    def forward(self, x):
        x = self.inq(x)
        for i, (layer, q) in enumerate(zip(self.layers, self.acts)):
            x = layer(x)
            if i + 1 < len(self.layers):
                x = torch.relu(x)
            x = q(x)
        return x

    def calibrate(self, x, pow2, in_symmetric, act_symmetric, out_symmetric):
        with torch.no_grad():
            self.inq.calibrate(x, pow2, in_symmetric)
            h = self.inq(x)
            for i, (layer, q) in enumerate(zip(self.layers, self.acts)):
                layer.set_weight_scales(pow2)
                h = layer(h)
                if i + 1 < len(self.layers):
                    h = torch.relu(h)
                q.calibrate(h, pow2, out_symmetric if i + 1 == len(self.layers) else act_symmetric)
                h = q(h)


def synthetic_jets(n, features, classes, seed):
    """Gaussian 'jet features' whose class is decided by a fixed random linear map."""
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, features, generator=g)
    m = torch.randn(features, classes, generator=g)
    return x, (x @ m).argmax(dim=1)


def train(model, x, y, steps, pow2, sym):
    model.calibrate(x[:256], pow2, *sym)
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    for _ in range(steps):
        idx = torch.randint(0, x.shape[0], (128,))
        loss = torch.nn.functional.cross_entropy(model(x[idx]), y[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()
    # Re-calibrate on the trained weights: scales are constants of the exported graph.
    model.calibrate(x[:256], pow2, *sym)
    return float(loss)


def export(model, features, path):
    model.eval()
    torch.onnx.export(model, torch.zeros(1, features), path, opset_version=13, input_names=["x"],
                      output_names=["y"], dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}},
                      do_constant_folding=True)


def initializer_map(g):
    return {t.name: t for t in g.initializer}


def const_value(g, name):
    """Value of an initializer or a Constant node's output."""
    inits = initializer_map(g)
    if name in inits:
        return numpy_helper.to_array(inits[name])
    for n in g.node:
        if n.op_type == "Constant" and n.output[0] == name:
            return numpy_helper.to_array(n.attribute[0].t)
    raise KeyError(name)


def fold_weight_quantizers(model):
    """QuantizeLinear of a float weight initializer -> an int8 initializer (what ONNX Runtime's own
    quantizer writes): q = saturate(round_half_even(w / scale) + zero_point), in float32 as the
    ONNX definition computes it."""
    g = model.graph
    inits = initializer_map(g)
    keep = []
    for n in g.node:
        if n.op_type == "QuantizeLinear" and n.input[0] in inits:
            w = numpy_helper.to_array(inits[n.input[0]]).astype(np.float32)
            s = const_value(g, n.input[1]).astype(np.float32)
            zp = const_value(g, n.input[2])
            axis = next((a.i for a in n.attribute if a.name == "axis"), 1)
            if s.ndim == 1:
                shape = [1] * w.ndim
                shape[axis] = -1
                s, zp = s.reshape(shape), zp.reshape(shape)
            q = np.clip(np.round(w / s) + zp.astype(np.float32), -128, 127).astype(np.int8)
            g.initializer.append(numpy_helper.from_array(q, n.output[0]))
            continue
        keep.append(n)
    del g.node[:]
    g.node.extend(keep)


def drop_unused_initializers(model):
    g = model.graph
    used = {i for n in g.node for i in n.input}
    keep = [t for t in g.initializer if t.name in used]
    del g.initializer[:]
    g.initializer.extend(keep)


def quantize_gemm_biases(model):
    """Turns each Gemm's float bias into int32 codes at scale s_x * s_w plus a DequantizeLinear.

    PyTorch exports the bias in float; ONNX Runtime's own quantizer (and every integer runtime)
    stores it as int32 at the accumulator scale. With arbitrary scales a float bias cannot be added
    exactly to an integer accumulator, so this is the form aiemc imports (see docs/import.md).
    """
    g = model.graph
    producer = {o: n for n in g.node for o in n.output}
    new_nodes = []
    for n in g.node:
        if n.op_type == "Gemm" and len(n.input) == 3 and n.input[2] in initializer_map(g):
            dq_x, dq_w = producer[n.input[0]], producer[n.input[1]]
            sx = np.float32(const_value(g, dq_x.input[1]))
            sw = const_value(g, dq_w.input[1]).astype(np.float32)
            b = const_value(g, n.input[2]).astype(np.float32)
            sb = (sx * sw).astype(np.float32)  # float32 product, as ONNX Runtime's quantizer computes it
            codes = np.round(b.astype(np.float64) / sb.astype(np.float64)).astype(np.int32)
            base = n.input[2].replace(".", "_")
            inits = [numpy_helper.from_array(codes, base + "_quantized"),
                     numpy_helper.from_array(np.atleast_1d(sb) if sb.ndim else np.array(sb, np.float32),
                                             base + "_scale"),
                     numpy_helper.from_array(np.zeros_like(codes) if sb.ndim else np.array(0, np.int32),
                                             base + "_zero_point")]
            g.initializer.extend(inits)
            attrs = [helper.make_attribute("axis", 0)] if sb.ndim else []
            dq = helper.make_node("DequantizeLinear", [i.name for i in inits], [base + "_dequantized"],
                                  name=n.name + "_bias_dq")
            dq.attribute.extend(attrs)
            new_nodes.append(dq)
            n.input[2] = base + "_dequantized"
    old = list(g.node)
    del g.node[:]
    g.node.extend(new_nodes + old)


def snap_biases_to_grid(model_t):
    """For power-of-two scales: biases exactly on the accumulator grid s_x * s_w[n], kept in float."""
    with torch.no_grad():
        sx = model_t.inq.scale
        for layer, q in zip(model_t.layers, [model_t.inq] + list(model_t.acts[:-1])):
            step = (q.scale * layer.w_scale).double()
            layer.bias.copy_((torch.round(layer.bias.double() / step) * step).float())


def torch_fixture(name, sizes, seed, pow2, sym, signs, per_channel=False, matmul=False, steps=150):
    torch.manual_seed(seed)
    model = QMLP(sizes, *signs, per_channel=per_channel, matmul=matmul)
    x, y = synthetic_jets(2048, sizes[0], sizes[-1], seed)
    loss = train(model, x, y, steps, pow2, sym)
    if pow2:
        snap_biases_to_grid(model)
    d = os.path.join(ROOT, name)
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, "model.onnx")
    export(model, sizes[0], path)
    m = onnx.load(path)
    if not pow2:  # arbitrary scales: the integer form ONNX Runtime's quantizer writes
        quantize_gemm_biases(m)
        fold_weight_quantizers(m)
        drop_unused_initializers(m)
    m.producer_name, m.doc_string = "aiemc make_onnx_fixtures.py (PyTorch " + torch.__version__ + ")", name
    onnx.checker.check_model(m)
    onnx.save(m, path)
    inputs = torch.randn(N_SAMPLES, sizes[0], generator=torch.Generator().manual_seed(seed + 1)) * 1.2
    np.save(os.path.join(d, "input.npy"), inputs.numpy().astype(np.float32))
    out_q = model.acts[-1]
    in_q = model.inq
    write_case(d, "onnxruntime", (in_q.scale, in_q.zero_point, in_q.qmin < 0), (out_q.scale, out_q.zero_point),
               {"trained_loss": round(loss, 4)})


def write_input_quantizer(d, scale, zero_point, signed):
    """input_quantizer.onnx: the model's input QuantizeLinear alone, so that ONNX Runtime (not aiemc)
    computes input_codes.npy."""
    zp = numpy_helper.from_array(np.asarray(zero_point, np.int8 if signed else np.uint8), "zp")
    sc = numpy_helper.from_array(np.asarray(scale, np.float32), "scale")
    node = helper.make_node("QuantizeLinear", ["x", "scale", "zp"], ["codes"], name="input_quantizer")
    out_type = TensorProto.INT8 if signed else TensorProto.UINT8
    graph = helper.make_graph([node], "input_quantizer", [helper.make_tensor_value_info("x", TensorProto.FLOAT, None)],
                              [helper.make_tensor_value_info("codes", out_type, None)], [sc, zp])
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)]), os.path.join(d, "input_quantizer.onnx"))


def write_case(d, oracle, input_quant, output_quant, extra=None):
    case = {
        "oracle": oracle,
        "input": "x",
        "output": "y",
        "input_scale": float(input_quant[0]), "input_zero_point": int(input_quant[1]),
        "input_signed": bool(input_quant[2]),
        "output_scale": float(output_quant[0]), "output_zero_point": int(output_quant[1]),
    }
    case.update(extra or {})
    if oracle == "onnxruntime":
        write_input_quantizer(d, *input_quant)
    with open(os.path.join(d, "case.json"), "w") as f:
        json.dump(case, f, indent=1, sort_keys=True)
        f.write("\n")


# ---------------------------------------------------------------------------------------------
# QONNX: graphs built with the onnx helper API, expectations from the published Quant definition
# ---------------------------------------------------------------------------------------------

def qonnx_fixture():
    """8 -> 12 -> 6 -> 3: 4-bit narrow weights, 6-bit unsigned activations, 6-bit weights, FLOOR output."""
    rng = np.random.default_rng(7)
    sizes = [8, 12, 6, 3]
    nodes, inits = [], []
    # Input: signed 8 bits at 2^-4; layer 1: 4-bit narrow weights at 2^-3, relu, unsigned 6 bits at 2^-3.
    specs = [  # weight (bits, scale, narrow), activation (bits, signed, scale, rounding), relu
        ((4, 2.0 ** -3, 1), (6, 0, 2.0 ** -3, "ROUND"), True),
        ((6, 2.0 ** -5, 0), (6, 0, 2.0 ** -4, "ROUND"), True),
        ((6, 2.0 ** -5, 0), (8, 1, 2.0 ** -5, "FLOOR"), False),
    ]
    n, i = quant_node("quant_x", "x", 2.0 ** -4, 0, 8, 1, 0, "ROUND", "x_q")
    nodes.append(n)
    inits += i
    h_name = "x_q"
    params = []
    for layer, ((k, m), ((wb, ws, wn), (ab, asg, ascale, around), relu)) in enumerate(
            zip(zip(sizes[:-1], sizes[1:]), specs), start=1):
        w = rng.uniform(-1, 1, (k, m)).astype(np.float32) * (2 ** (wb - 1)) * ws * 0.9
        in_scale = 2.0 ** -4 if layer == 1 else specs[layer - 2][1][2]
        b = (np.round(rng.uniform(-0.5, 0.5, m) / (in_scale * ws)) * in_scale * ws).astype(np.float32)
        inits += [numpy_helper.from_array(w, f"fc{layer}_w"), numpy_helper.from_array(b, f"fc{layer}_b")]
        n, i = quant_node(f"quant_w{layer}", f"fc{layer}_w", ws, 0, wb, 1, wn, "ROUND", f"fc{layer}_wq")
        nodes.append(n)
        inits += i
        nodes.append(helper.make_node("MatMul", [h_name, f"fc{layer}_wq"], [f"fc{layer}_mm"], name=f"fc{layer}_matmul"))
        nodes.append(helper.make_node("Add", [f"fc{layer}_mm", f"fc{layer}_b"], [f"fc{layer}_add"], name=f"fc{layer}_add"))
        pre = f"fc{layer}_add"
        if relu:
            nodes.append(helper.make_node("Relu", [pre], [f"fc{layer}_relu"], name=f"fc{layer}_relu"))
            pre = f"fc{layer}_relu"
        out = "y" if layer == len(specs) else f"fc{layer}_q"
        n, i = quant_node(f"quant_a{layer}", pre, ascale, 0, ab, asg, 0, around, out)
        nodes.append(n)
        inits += i
        params.append((w, b, (wb, ws, wn), (ab, asg, ascale, around), relu))
        h_name = out
    graph = helper.make_graph(nodes, "qonnx_mlp", [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 8])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", 3])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13), helper.make_opsetid(QONNX_DOMAIN, 1)],
                              producer_name="aiemc make_onnx_fixtures.py (onnx helper)")
    d = os.path.join(ROOT, "qonnx_4bit_6bit")
    os.makedirs(d, exist_ok=True)
    onnx.save(model, os.path.join(d, "model.onnx"))

    x = (rng.standard_normal((N_SAMPLES, 8)) * 2).astype(np.float32)
    xq_codes, h = qonnx_quant(x, 2.0 ** -4, 0, 8, 1, 0, "ROUND")
    codes = None
    for w, b, (wb, ws, wn), (ab, asg, ascale, around), relu in params:
        _, wq = qonnx_quant(w, ws, 0, wb, 1, wn, "ROUND")
        a = h @ wq + b.astype(np.float64)   # float64: every value here is a short dyadic, so this is exact
        if relu:
            a = np.maximum(a, 0)
        codes, h = qonnx_quant(a, ascale, 0, ab, asg, 0, around)
    np.save(os.path.join(d, "input.npy"), x)
    np.save(os.path.join(d, "input_codes.npy"), xq_codes.astype(np.int8))
    np.save(os.path.join(d, "expected.npy"), codes.astype(np.int8))
    write_case(d, "numpy QONNX Quant (scripts/make_onnx_fixtures.py: qonnx_quant)", (2.0 ** -4, 0, True),
               (2.0 ** -5, 0))


def qonnx_residual_concat_fixture():
    """A QONNX graph, not a chain: x(12) -> fc1 -> relu -> h(10); h fans out to fc2 (-> a), to the
    residual s = a + h and to concat([s, h]) (10 + 10 columns); hardtanh (Clip -1..1) -> c; head -> y(5).
    Gemm with transB (PyTorch / Brevitas layout), Quant weights, power-of-two scales, zero points 0,
    rounding ROUND, narrow 0: every float32 value is a short dyadic, so ONNX float semantics are exact."""
    rng = np.random.default_rng(21)
    batch, k, m, classes = 8, 12, 10, 5
    nodes, inits = [], []

    def add_quant(name, x, scale, bits, signed, out):
        n, i = quant_node(name, x, scale, 0, bits, signed, 0, "ROUND", out)
        nodes.append(n)
        inits.extend(i)

    def add_gemm(name, x, w, b, wbits, wscale, out):
        # w is [out, in] (transB=1); its Quant node quantizes the float initializer.
        inits.extend([numpy_helper.from_array(w, name + "_w"), numpy_helper.from_array(b, name + "_b")])
        add_quant("quant_" + name + "_w", name + "_w", wscale, wbits, 1, name + "_wq")
        nodes.append(helper.make_node("Gemm", [x, name + "_wq", name + "_b"], [out], name=name, transB=1))

    def weight(n_out, n_in, bits, scale):
        return (rng.uniform(-1, 1, (n_out, n_in)) * (2 ** (bits - 1)) * scale * 0.9).astype(np.float32)

    def bias(n, grid):  # on the accumulator grid (input scale * weight scale)
        return (np.round(rng.uniform(-0.5, 0.5, n) / grid) * grid).astype(np.float32)

    xs, hs, as_, ss, cs, ys = 2.0 ** -4, 2.0 ** -3, 2.0 ** -4, 2.0 ** -3, 2.0 ** -2, 2.0 ** -4
    w1s, w2s, w3s = 2.0 ** -8, 2.0 ** -5, 2.0 ** -3
    w1, b1 = weight(m, k, 8, w1s), bias(m, xs * w1s)
    w2, b2 = weight(m, m, 4, w2s), bias(m, hs * w2s)
    w3, b3 = weight(classes, 2 * m, 4, w3s), bias(classes, cs * w3s)
    add_quant("quant_x", "x", xs, 8, 1, "x_q")                       # int8 at 2^-4
    add_gemm("fc1", "x_q", w1, b1, 8, w1s, "fc1_out")                 # 8-bit weights at 2^-8
    nodes.append(helper.make_node("Relu", ["fc1_out"], ["fc1_relu"], name="relu1"))
    add_quant("quant_h", "fc1_relu", hs, 6, 0, "h")                   # uint6 at 2^-3
    add_gemm("fc2", "h", w2, b2, 4, w2s, "fc2_out")                   # 4-bit weights at 2^-5
    add_quant("quant_a", "fc2_out", as_, 8, 1, "a")                   # int8 at 2^-4 (not h's scale)
    nodes.append(helper.make_node("Add", ["a", "h"], ["s_sum"], name="residual_add"))
    add_quant("quant_s", "s_sum", ss, 8, 1, "s")                      # int8 at 2^-3
    nodes.append(helper.make_node("Concat", ["s", "h"], ["cat"], name="concat", axis=1))
    inits.extend([numpy_helper.from_array(np.asarray(-1.0, np.float32), "clip_min"),
                  numpy_helper.from_array(np.asarray(1.0, np.float32), "clip_max")])
    nodes.append(helper.make_node("Clip", ["cat", "clip_min", "clip_max"], ["cat_clip"], name="hardtanh"))
    add_quant("quant_c", "cat_clip", cs, 4, 1, "c")                   # int4 at 2^-2
    add_gemm("head", "c", w3, b3, 4, w3s, "head_out")                 # 4-bit weights at 2^-3
    add_quant("quant_y", "head_out", ys, 8, 1, "y")                   # int8 at 2^-4
    graph = helper.make_graph(nodes, "qonnx_residual_concat",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", k])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", classes])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13), helper.make_opsetid(QONNX_DOMAIN, 1)],
                              producer_name="aiemc make_onnx_fixtures.py (onnx helper)")
    d = os.path.join(ROOT, "qonnx_residual_concat")
    os.makedirs(d, exist_ok=True)
    onnx.save(model, os.path.join(d, "model.onnx"))

    # The oracle: qonnx_quant and ONNX Gemm / Relu / Add / Concat / Clip, in float64 (exact here, as float32 is).
    def gemm(v, w, wbits, wscale, b):
        _, wq = qonnx_quant(w, wscale, 0, wbits, 1, 0, "ROUND")
        return v @ wq.T + b.astype(np.float64)

    x = (rng.standard_normal((batch, k)) * 2).astype(np.float32)
    xq_codes, xq = qonnx_quant(x, xs, 0, 8, 1, 0, "ROUND")
    _, h = qonnx_quant(np.maximum(gemm(xq, w1, 8, w1s, b1), 0), hs, 0, 6, 0, 0, "ROUND")
    _, a = qonnx_quant(gemm(h, w2, 4, w2s, b2), as_, 0, 8, 1, 0, "ROUND")
    _, s = qonnx_quant(a + h, ss, 0, 8, 1, 0, "ROUND")
    cat = np.clip(np.concatenate([s, h], axis=1), -1.0, 1.0)
    _, c = qonnx_quant(cat, cs, 0, 4, 1, 0, "ROUND")
    codes, _ = qonnx_quant(gemm(c, w3, 4, w3s, b3), ys, 0, 8, 1, 0, "ROUND")
    np.save(os.path.join(d, "input.npy"), x)
    np.save(os.path.join(d, "input_codes.npy"), xq_codes.astype(np.int8))
    np.save(os.path.join(d, "expected.npy"), codes.astype(np.int8))
    write_case(d, "numpy QONNX Quant (scripts/make_onnx_fixtures.py: qonnx_quant)", (xs, 0, True), (ys, 0))


# ---------------------------------------------------------------------------------------------
# BatchNormalization after a dense layer (QDQ, power-of-two scales; run by ONNX Runtime)
# ---------------------------------------------------------------------------------------------

def qdq(nodes, inits, name, x, scale, zp, dtype, out, axis=None):
    zp_arr = np.asarray(zp, dtype)
    inits += [numpy_helper.from_array(np.asarray(scale, np.float32), name + "_scale"),
              numpy_helper.from_array(zp_arr, name + "_zp")]
    kw = {"axis": axis} if axis is not None else {}
    nodes.append(helper.make_node("QuantizeLinear", [x, name + "_scale", name + "_zp"], [out + "_q"], name=name + "_q", **kw))
    nodes.append(helper.make_node("DequantizeLinear", [out + "_q", name + "_scale", name + "_zp"], [out], name=name + "_dq", **kw))


def batchnorm_model(foldable):
    """x(int8, 2^-4) -> MatMul(int8 weights 2^-6) + bias -> BatchNormalization -> Relu -> Q(uint8, 2^-4)."""
    rng = np.random.default_rng(11)
    k, m = 10, 8
    nodes, inits = [], []
    qdq(nodes, inits, "x", "x", 2.0 ** -4, 0, np.int8, "x_dq")
    w_codes = rng.integers(-100, 100, (k, m)).astype(np.int8)
    inits += [numpy_helper.from_array(w_codes, "w_codes"),
              numpy_helper.from_array(np.float32(2.0 ** -6), "w_scale"),
              numpy_helper.from_array(np.int8(0), "w_zp")]
    nodes.append(helper.make_node("DequantizeLinear", ["w_codes", "w_scale", "w_zp"], ["w"], name="w_dq"))
    b = (rng.integers(-200, 200, m) * 2.0 ** -10).astype(np.float32)
    inits.append(numpy_helper.from_array(b, "b"))
    nodes.append(helper.make_node("MatMul", ["x_dq", "w"], ["mm"], name="fc1_matmul"))
    nodes.append(helper.make_node("Add", ["mm", "b"], ["lin"], name="fc1_add"))
    eps = 2.0 ** -10
    # var + eps = 4^j: sqrt exact; gamma a power of two (one channel negative); mean and beta on a coarse grid.
    var = (np.array([4.0 ** rng.integers(-1, 2) for _ in range(m)]) - eps).astype(np.float32)
    gamma = np.array([2.0 ** rng.integers(-1, 2) for _ in range(m)], np.float32)
    gamma[3] = -gamma[3]
    if not foldable:
        var[5] = np.float32(0.3)  # sqrt(0.3 + eps) is irrational: no exact fold
    mean = (rng.integers(-16, 16, m) * 2.0 ** -5).astype(np.float32)
    beta = (rng.integers(-16, 16, m) * 2.0 ** -5).astype(np.float32)
    for nm, arr in (("bn_gamma", gamma), ("bn_beta", beta), ("bn_mean", mean), ("bn_var", var)):
        inits.append(numpy_helper.from_array(arr, nm))
    nodes.append(helper.make_node("BatchNormalization", ["lin", "bn_gamma", "bn_beta", "bn_mean", "bn_var"], ["bn"],
                                  name="bn1", epsilon=eps))
    nodes.append(helper.make_node("Relu", ["bn"], ["act"], name="relu1"))
    qdq(nodes, inits, "y", "act", 2.0 ** -4, 0, np.uint8, "y")
    graph = helper.make_graph(nodes, "dense_batchnorm", [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", k])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", m])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)],
                              producer_name="aiemc make_onnx_fixtures.py (onnx helper)")
    onnx.checker.check_model(model)
    return model


def batchnorm_fixture():
    d = os.path.join(ROOT, "batchnorm_folded")
    os.makedirs(d, exist_ok=True)
    onnx.save(batchnorm_model(True), os.path.join(d, "model.onnx"))
    x = (np.random.default_rng(12).standard_normal((N_SAMPLES, 10)) * 2).astype(np.float32)
    np.save(os.path.join(d, "input.npy"), x)
    write_case(d, "onnxruntime", (2.0 ** -4, 0, True), (2.0 ** -4, 0))


# ---------------------------------------------------------------------------------------------
# Bad inputs: each breaks one rule and must be rejected with a clear error
# ---------------------------------------------------------------------------------------------

def tiny_qdq(op_after=None, weight_shape=(4, 3), drop_weight=False, opset=13, reshape_to=None):
    nodes, inits = [], []
    src = "x"
    if reshape_to is not None:
        inits.append(numpy_helper.from_array(np.asarray(reshape_to, np.int64), "shape"))
        nodes.append(helper.make_node("Reshape", ["x", "shape"], ["x_r"], name="reshape1"))
        src = "x_r"
    qdq(nodes, inits, "x", src, 2.0 ** -4, 0, np.int8, "x_dq")
    if not drop_weight:
        inits += [numpy_helper.from_array(np.ones(weight_shape, np.int8), "w_codes")]
    inits += [numpy_helper.from_array(np.float32(2.0 ** -6), "w_scale"), numpy_helper.from_array(np.int8(0), "w_zp")]
    nodes.append(helper.make_node("DequantizeLinear", ["w_codes", "w_scale", "w_zp"], ["w"], name="w_dq"))
    nodes.append(helper.make_node("MatMul", ["x_dq", "w"], ["mm"], name="fc1_matmul"))
    last = "mm"
    if op_after:
        nodes.append(helper.make_node(op_after, ["mm"], ["act"], name="/act/" + op_after))
        last = "act"
    qdq(nodes, inits, "y", last, 2.0 ** -4, 0, np.int8, "y")
    graph = helper.make_graph(nodes, "tiny", [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 4])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", 3])], inits)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])


def bad_fixtures():
    d = os.path.join(ROOT, "bad")
    os.makedirs(d, exist_ok=True)
    onnx.save(tiny_qdq(), os.path.join(d, "good_tiny.onnx"))  # the baseline the others break
    onnx.save(tiny_qdq(op_after="Sigmoid"), os.path.join(d, "unsupported_op.onnx"))
    onnx.save(tiny_qdq(drop_weight=True), os.path.join(d, "missing_initializer.onnx"))
    onnx.save(tiny_qdq(opset=7), os.path.join(d, "unsupported_opset.onnx"))
    onnx.save(tiny_qdq(weight_shape=(5, 3)), os.path.join(d, "inconsistent_shapes.onnx"))
    onnx.save(tiny_qdq(reshape_to=[-1, 3]), os.path.join(d, "bad_reshape.onnx"))
    # An inexact slope: once refused, now folded to 31-bit multipliers (test_bad_inputs.cpp checks it).
    onnx.save(batchnorm_model(False), os.path.join(d, "batchnorm_not_foldable.onnx"))
    with open(os.path.join(d, "not_onnx.onnx"), "w") as f:
        f.write("model m { input x : int8[4] }\n")


def main():
    os.makedirs(ROOT, exist_ok=True)
    # The jet tagger 16-64-32-32-5: PyTorch fake quantization with observed (arbitrary) scales,
    # asymmetric uint8 input and output (zero points), uint8 hidden activations after relu.
    torch_fixture("jet_tagger", [16, 64, 32, 32, 5], seed=1, pow2=False,
                  sym=(False, False, False), signs=(False, False, False))
    # 3-layer MLP with per-channel power-of-two weight scales, MatMul + Add, int8 activations.
    torch_fixture("mlp_per_channel", [12, 24, 16, 4], seed=2, pow2=True, sym=(True, True, True),
                  signs=(True, True, True), per_channel=True, matmul=True)
    # Arbitrary scales everywhere, per-channel weights, int8 activations with zero points.
    torch_fixture("arbitrary_scales", [8, 16, 6], seed=3, pow2=False, sym=(False, False, False),
                  signs=(True, True, True), per_channel=True)
    qonnx_fixture()
    qonnx_residual_concat_fixture()
    batchnorm_fixture()
    bad_fixtures()
    print("fixtures written to", os.path.normpath(ROOT), "- now run: node scripts/onnx_reference.mjs", file=sys.stderr)


if __name__ == "__main__":
    main()
