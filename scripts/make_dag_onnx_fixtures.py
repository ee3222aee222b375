#!/usr/bin/python3
"""Builds the graph-shaped ONNX QDQ fixtures of the importer tests (tests/fixtures/onnx/dag_*/):
PyTorch models with residual adds, fanout, two branches, sigmoid, tanh and hardtanh heads,
fake-quantized with power-of-two scales and exported by torch.onnx as QuantizeLinear /
DequantizeLinear pairs.

    /usr/bin/python3 scripts/make_dag_onnx_fixtures.py
    NODE_PATH=/some/dir/node_modules node scripts/onnx_reference.mjs tests/fixtures/onnx/dag_*/
    NODE_PATH=/some/dir/node_modules node scripts/table_reference.mjs tests/fixtures/onnx/tables

Each directory holds what scripts/make_onnx_fixtures.py describes (model.onnx, input.npy,
input_quantizer.onnx, case.json); expected.npy comes from ONNX Runtime (onnx_reference.mjs), never
from aiemc. Deterministic: fixed seeds.
"""
import os
import sys

import numpy as np
import onnx
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_onnx_fixtures import ROOT, N_SAMPLES, ActQuant, pow2_at_least, write_case  # noqa: E402


class Q(ActQuant):
    """An activation quantizer that calibrates itself on the first (calibration) pass."""

    def __init__(self, signed=True):
        super().__init__(signed)
        self.calibrating = False

    def forward(self, x):
        if self.calibrating:
            if self.qmin < 0:
                self.calibrate(x.detach(), pow2=True, symmetric=True)
            else:  # unsigned: [0, max], zero point 0
                self.scale = pow2_at_least(max(float(x.max()), 1e-6) / self.qmax)
                self.zero_point, self.enabled = 0, True
            self.calibrating = False
        return super().forward(x)


class L(torch.nn.Module):
    """nn.Linear with int8 power-of-two per-tensor weights and a bias on the accumulator grid."""

    def __init__(self, k, n):
        super().__init__()
        self.lin = torch.nn.Linear(k, n)
        with torch.no_grad():
            self.lin.bias.uniform_(-0.2, 0.2)
        self.w_scale = pow2_at_least(float(self.lin.weight.abs().max()) / 127)

    def snap_bias(self):
        with torch.no_grad():  # the bias exactly on the accumulator grid s_x * s_w
            step = self.x_scale * self.w_scale
            self.lin.bias.copy_(torch.round(self.lin.bias / step) * step)

    def forward(self, x, x_scale):
        self.x_scale = x_scale
        w = torch.fake_quantize_per_tensor_affine(self.lin.weight, self.w_scale, 0, -128, 127)
        return torch.nn.functional.linear(x, w, self.lin.bias)


class Graph(torch.nn.Module):
    def output_quantizer(self):
        return self.qy

    def quantizers(self):
        return [m for m in self.modules() if isinstance(m, Q)]

    def calibrate(self, x):
        for q in self.quantizers():
            q.calibrating = True
        with torch.no_grad():
            self(x)
        for m in self.modules():
            if isinstance(m, L):
                m.snap_bias()


class ResidualMLP(Graph):
    """h = relu(fc1(x)); r = relu(fc3(relu(fc2(h))) + h); y = head(r): h fans out to fc2 and the add."""

    def __init__(self):
        super().__init__()
        self.qx, self.qh, self.q2, self.q3, self.qr, self.qy = Q(), Q(), Q(), Q(), Q(), Q()
        self.fc1, self.fc2, self.fc3, self.head = L(16, 32), L(32, 32), L(32, 32), L(32, 5)

    def forward(self, x):
        x = self.qx(x)
        h = self.qh(torch.relu(self.fc1(x, self.qx.scale)))
        a = self.q2(torch.relu(self.fc2(h, self.qh.scale)))
        b = self.q3(self.fc3(a, self.q2.scale))
        r = self.qr(torch.relu(b + h))
        return self.qy(self.head(r, self.qr.scale))


class FanoutAdd(Graph):
    """h feeds two dense branches whose results are added: y = head(fa(h) + fb(h))."""

    def __init__(self):
        super().__init__()
        self.qx, self.qh, self.qa, self.qb, self.qs, self.qy = Q(), Q(), Q(), Q(), Q(), Q()
        self.fc1, self.fa, self.fb, self.head = L(12, 24), L(24, 16), L(24, 16), L(16, 4)

    def forward(self, x):
        x = self.qx(x)
        h = self.qh(torch.relu(self.fc1(x, self.qx.scale)))
        a = self.qa(self.fa(h, self.qh.scale))
        b = self.qb(torch.relu(self.fb(h, self.qh.scale)))
        s = self.qs(a + b)
        return self.qy(self.head(s, self.qs.scale))


class TwoBranchConcat(Graph):
    """Two branches on the input, concatenated: y = head(cat(relu(fa(x)), tanh(fb(x)))). Both
    branches end in one shared quantizer, so the concatenation joins codes of one scale."""

    def __init__(self):
        super().__init__()
        self.qx, self.qb, self.qc, self.qy = Q(), Q(), Q(), Q()
        self.fa, self.fb, self.head = L(16, 16), L(16, 8), L(24, 3)

    def forward(self, x):
        x = self.qx(x)
        a = self.qc(torch.relu(self.fa(x, self.qx.scale)))
        b = self.qc(torch.tanh(self.qb(self.fb(x, self.qx.scale))))
        c = torch.cat([a, b], dim=1)
        return self.qy(self.head(c, self.qc.scale))


class ConcatOffWords(Graph):
    """Branches of 10 and 20 int8 columns and the input's 6, concatenated: the second part starts
    inside a 32-bit word, so the join is a kernel on the array, not a memory-tile view."""

    def __init__(self):
        super().__init__()
        self.qx, self.qc, self.qy = Q(), Q(), Q()
        self.fa, self.fb, self.head = L(6, 10), L(6, 20), L(36, 4)

    def forward(self, x):
        x = self.qx(x)
        a = self.qc(torch.relu(self.fa(x, self.qx.scale)))
        b = self.qc(self.fb(x, self.qx.scale))
        c = torch.cat([a, b, self.qc(x)], dim=1)
        return self.qy(self.head(c, self.qc.scale))


class TwoBranchConcatRequant(Graph):
    """Two branches with their own quantizers, concatenated and quantized again: the concatenation
    converts each part to one scale."""

    def __init__(self):
        super().__init__()
        self.qx, self.qa, self.qb, self.qt, self.qc, self.qy = Q(), Q(), Q(), Q(), Q(), Q()
        self.fa, self.fb, self.head = L(16, 12), L(16, 8), L(20, 3)

    def forward(self, x):
        x = self.qx(x)
        a = self.qa(torch.relu(self.fa(x, self.qx.scale)))
        b = self.qt(torch.tanh(self.qb(self.fb(x, self.qx.scale))))
        c = self.qc(torch.cat([a, b], dim=1))
        return self.qy(self.head(c, self.qc.scale))


class SigmoidClassifier(Graph):
    """y = sigmoid(fc2(relu(fc1(x)))): a binary classifier with a sigmoid output."""

    def __init__(self):
        super().__init__()
        self.qx, self.qh, self.ql, self.qy = Q(), Q(), Q(), Q(signed=False)
        self.fc1, self.fc2 = L(10, 20), L(20, 4)

    def forward(self, x):
        x = self.qx(x)
        h = self.qh(torch.relu(self.fc1(x, self.qx.scale)))
        logits = self.ql(self.fc2(h, self.qh.scale))
        return self.qy(torch.sigmoid(logits))


class TanhHardtanh(Graph):
    """tanh and hardtanh (Clip) activations between dense layers."""

    def __init__(self):
        super().__init__()
        self.qx, self.q1, self.qt, self.q2, self.qc, self.qy = Q(), Q(), Q(), Q(), Q(), Q()
        self.fc1, self.fc2, self.head = L(8, 16), L(16, 16), L(16, 6)

    def forward(self, x):
        x = self.qx(x)
        t = self.qt(torch.tanh(self.q1(self.fc1(x, self.qx.scale))))
        c = self.qc(torch.nn.functional.hardtanh(self.q2(self.fc2(t, self.qt.scale)), -0.5, 1.25))
        return self.qy(self.head(c, self.qc.scale))


class Activations(Graph):
    """SiLU, GELU, hardswish, leaky ReLU and a scaled, shifted output, as PyTorch exports them
    (x * Sigmoid(x); the erf form of GELU as Div, Erf, Add, Mul, Mul; Mul / Add by scalars)."""

    def __init__(self):
        super().__init__()
        self.qx, self.q1, self.qs, self.q2, self.qg, self.q3, self.qh, self.q4, self.qy = (Q() for _ in range(9))
        self.fc1, self.fc2, self.fc3, self.head = L(12, 16), L(16, 16), L(16, 16), L(16, 4)

    def forward(self, x):
        x = self.qx(x)
        s = self.qs(torch.nn.functional.silu(self.q1(self.fc1(x, self.qx.scale))))
        g = self.qg(torch.nn.functional.gelu(self.q2(self.fc2(s, self.qs.scale))))
        h = self.qh(torch.nn.functional.hardswish(self.q3(self.fc3(g, self.qg.scale))))
        return self.qy(torch.nn.functional.leaky_relu(self.q4(self.head(h, self.qh.scale)), 0.1) * 0.75 + 0.125)


class MixerBlock(Graph):
    """An MLP-Mixer block on [batch, tokens, channels]: token mixing (transpose, a dense layer over the
    tokens, transpose back) with a residual add, then channel mixing."""

    def __init__(self):
        super().__init__()
        self.qx, self.qt, self.qr, self.qc, self.qy = Q(), Q(), Q(), Q(), Q()
        self.tok, self.ch = L(8, 8), L(16, 16)

    def forward(self, x):
        x = self.qx(x)                                    # [B, 8 tokens, 16 channels]
        t = self.qt(torch.relu(self.tok(x.transpose(1, 2), self.qx.scale)))   # [B, 16, 8]
        r = self.qr(t.transpose(1, 2) + x)
        return self.qy(self.ch(r, self.qr.scale))


class ChannelAffine(Graph):
    """A per-channel affine (LayerScale-like) after a dense layer: y = head(h * gamma + beta), with
    gamma and beta fake-quantized constants of one value per feature."""

    def __init__(self):
        super().__init__()
        self.qx, self.qh, self.qm, self.qa, self.qy = Q(), Q(), Q(), Q(), Q()
        self.fc1, self.head = L(12, 16), L(16, 4)
        g = torch.Generator().manual_seed(5)
        self.gamma = torch.nn.Parameter(torch.rand(16, generator=g) * 1.5 + 0.25)
        self.beta = torch.nn.Parameter(torch.rand(16, generator=g) - 0.5)

    def forward(self, x):
        x = self.qx(x)
        h = self.qh(torch.relu(self.fc1(x, self.qx.scale)))
        gq = torch.fake_quantize_per_tensor_affine(self.gamma, 2 ** -6, 0, -128, 127)
        bq = torch.fake_quantize_per_tensor_affine(self.beta, 2 ** -7, 0, -128, 127)
        a = self.qa(self.qm(h * gq) + bq)
        return self.qy(self.head(a, self.qa.scale))


class MixerClassifier(MixerBlock):
    """The Mixer block, then its tokens flattened into one vector for a 4-class head."""

    def __init__(self):
        super().__init__()
        self.qo = Q()
        self.cls = L(128, 4)

    def output_quantizer(self):
        return self.qo

    def forward(self, x):
        h = super().forward(x)                       # [B, 8, 16], quantized by qy
        return self.qo(self.cls(torch.flatten(h, 1), self.qy.scale))


class PerTokenMLP(Graph):
    """A dense layer per token of [batch, tokens, features] (nn.Linear on a rank-3 input exports as
    MatMul of a transposed weight + Add), then a residual add of the tokens."""

    def __init__(self):
        super().__init__()
        self.qx, self.qh, self.qo, self.qy = Q(), Q(), Q(), Q()
        self.fc1, self.fc2 = L(8, 16), L(16, 8)

    def forward(self, x):
        x = self.qx(x)
        h = self.qh(torch.relu(self.fc1(x, self.qx.scale)))
        o = self.qo(self.fc2(h, self.qh.scale))
        return self.qy(o + x)


def fixture(name, model, features, seed, fold=True, opset=13, root=ROOT):
    torch.manual_seed(seed)
    m = model()
    m.eval()
    shape = features if isinstance(features, tuple) else (features,)
    features = shape
    calib = torch.randn(512, *shape, generator=torch.Generator().manual_seed(seed)) * 1.2
    m.calibrate(calib)
    d = os.path.join(root, name)
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, "model.onnx")
    torch.onnx.export(m, torch.zeros(1, *shape), path, opset_version=opset, input_names=["x"], output_names=["y"],
                      dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}}, do_constant_folding=fold)
    mo = onnx.load(path)
    mo.producer_name, mo.doc_string = "aiemc make_dag_onnx_fixtures.py (PyTorch " + torch.__version__ + ")", name
    onnx.checker.check_model(mo)
    onnx.save(mo, path)
    inputs = torch.randn(N_SAMPLES, *shape, generator=torch.Generator().manual_seed(seed + 1)) * 1.2
    np.save(os.path.join(d, "input.npy"), inputs.numpy().astype(np.float32))
    out_q = m.output_quantizer()
    write_case(d, "onnxruntime", (m.qx.scale, m.qx.zero_point, True), (out_q.scale, out_q.zero_point))


class PaddedTokens(Graph):
    """A token MLP whose result is padded on both per-sample axes (one token before, two features
    before and three after, with the code 2 of its quantizer) and flattened into a head."""

    def __init__(self):
        super().__init__()
        self.qx, self.qh, self.qy = Q(), Q(), Q()
        self.fc, self.head = L(8, 8), L(5 * 13, 3)

    def forward(self, x):
        x = self.qx(x)
        h = self.qh(torch.relu(self.fc(x, self.qx.scale)))
        p = torch.nn.functional.pad(h, (2, 3, 1, 0), value=2 * self.qh.scale)
        return self.qy(self.head(torch.flatten(p, 1), self.qh.scale))


class UnquantizedSums(Graph):
    """Three branches summed as a + b + c with no quantizer between the adds, and the sum read by
    the head without one: float32 is exact here (power-of-two scales, a few bits), so aiemc makes
    each partial sum a layer at its exact format."""

    def __init__(self):
        super().__init__()
        self.qx, self.qh, self.qa, self.qb, self.qc, self.qy = Q(), Q(), Q(), Q(), Q(), Q()
        self.fc1, self.fa, self.fb, self.fc, self.head = L(10, 12), L(12, 8), L(12, 8), L(12, 8), L(8, 3)

    def forward(self, x):
        x = self.qx(x)
        h = self.qh(torch.relu(self.fc1(x, self.qx.scale)))
        a = self.qa(self.fa(h, self.qh.scale))
        b = self.qb(self.fb(h, self.qh.scale))
        c = self.qc(torch.relu(self.fc(h, self.qh.scale)))
        s = a + b + c
        step = min(self.qa.scale, self.qb.scale, self.qc.scale)
        return self.qy(self.head(s, step))


class GatedTokens(Graph):
    """Per-token features scaled by a per-token sigmoid gate ([B, T, D] * [B, T, 1]: numpy
    broadcasting of two activations), plus a shift per token, then a head on the flattened tokens."""

    def __init__(self):
        super().__init__()
        self.qx, self.qh, self.qg, self.qs, self.qm, self.qb, self.qy = Q(), Q(), Q(), Q(signed=False), Q(), Q(), Q()
        self.fc, self.gate, self.bias, self.head = L(8, 12), L(8, 1), L(8, 1), L(4 * 12, 3)

    def forward(self, x):
        x = self.qx(x)
        h = self.qh(torch.relu(self.fc(x, self.qx.scale)))
        s = self.qs(torch.sigmoid(self.qg(self.gate(x, self.qx.scale))))
        m = self.qm(h * s)
        b = self.qb(self.bias(x, self.qx.scale))
        z = self.qm(m + b)
        return self.qy(self.head(torch.flatten(z, 1), self.qm.scale))


class TokenSlices(Graph):
    """Tokens selected as PyTorch writes it: the class token h[:, 0] (Gather), every other token's
    features 2..6 h[:, 1::2, 2:7] (Slice of two axes with a step), flattened and joined for a head."""

    def __init__(self):
        super().__init__()
        self.qx, self.qh, self.qy = Q(), Q(), Q()
        self.fc, self.head = L(8, 8), L(8 + 15, 3)

    def forward(self, x):
        x = self.qx(x)
        h = self.qh(torch.relu(self.fc(x, self.qx.scale)))
        cls = h[:, 0]
        odd = torch.flatten(h[:, 1::2, 2:7], 1)
        return self.qy(self.head(torch.cat([cls, odd], dim=1), self.qh.scale))


class TokenConcat(Graph):
    """Two per-token branches joined along the token axis (torch.cat(dim=1) of [B, 4, 8] parts with
    their own quantizers, requantized) and flattened with x.view(x.shape[0], -1), which a dynamic
    batch exports as Shape -> Gather -> Unsqueeze -> Concat -> Reshape."""

    def __init__(self):
        super().__init__()
        self.qx, self.qa, self.qb, self.qc, self.qy = Q(), Q(), Q(), Q(), Q()
        self.fa, self.fb, self.head = L(6, 8), L(6, 8), L(8 * 8, 3)

    def forward(self, x):
        x = self.qx(x)
        a = self.qa(torch.relu(self.fa(x, self.qx.scale)))
        b = self.qb(self.fb(x, self.qx.scale))
        c = self.qc(torch.cat([a, b], dim=1))
        return self.qy(self.head(c.view(c.shape[0], -1), self.qc.scale))


class ResidualIntoSum(Graph):
    """y = Q(fc(h) + h): the residual joins the dense layer's unquantized result (no quantizer on
    fc's output), which aiemc refuses with a message saying where the quantizer goes."""

    def __init__(self):
        super().__init__()
        self.qx, self.qy = Q(), Q()
        self.fc = L(8, 8)

    def forward(self, x):
        x = self.qx(x)
        return self.qy(self.fc(x, self.qx.scale) + x)


def bad_models():
    """tests/fixtures/onnx/bad/: PyTorch exports that break one import rule each."""
    torch.manual_seed(24)
    m = ResidualIntoSum()
    m.eval()
    m.calibrate(torch.randn(64, 8, generator=torch.Generator().manual_seed(24)))
    path = os.path.join(ROOT, "bad", "residual_into_sum.onnx")
    torch.onnx.export(m, torch.zeros(1, 8), path, opset_version=13, input_names=["x"], output_names=["y"])
    mo = onnx.load(path)
    mo.producer_name, mo.doc_string = "aiemc make_dag_onnx_fixtures.py (PyTorch " + torch.__version__ + ")", "residual_into_sum"
    onnx.save(mo, path)


def table_models():
    """tests/fixtures/onnx/tables/: one graph per ONNX activation, Q -> DQ -> f -> Q -> DQ on one
    [1, 256] input (every int8 code), at power-of-two and arbitrary scales. ONNX Runtime's outputs
    for every code (scripts/table_reference.mjs) are what the importer's tables must reproduce."""
    from onnx import TensorProto, helper, numpy_helper
    cases = [("Sigmoid", 2 ** -4, 2 ** -7, {}), ("Sigmoid", 2 ** -5, 2 ** -8, {}), ("Tanh", 2 ** -4, 2 ** -7, {}),
             ("Tanh", 2 ** -6, 2 ** -7, {}), ("Sigmoid", 0.0371, 0.0039, {}), ("Tanh", 0.05, 0.0078, {}),
             ("HardSigmoid", 2 ** -4, 2 ** -7, {"alpha": 1 / 6, "beta": 0.5}), ("LeakyRelu", 2 ** -4, 2 ** -5, {"alpha": 0.01}),
             ("Elu", 2 ** -4, 2 ** -4, {}), ("Exp", 2 ** -5, 2 ** -4, {}), ("Softplus", 2 ** -4, 2 ** -4, {}),
             ("HardSwish", 2 ** -4, 2 ** -4, {}), ("Relu", 0.03, 0.02, {})]
    d = os.path.join(ROOT, "tables")
    os.makedirs(d, exist_ok=True)
    index = []
    for i, (op, si, so, attrs) in enumerate(cases):
        inits = [numpy_helper.from_array(np.array(si, np.float32), "si"), numpy_helper.from_array(np.array(0, np.int8), "zi"),
                 numpy_helper.from_array(np.array(so, np.float32), "so"), numpy_helper.from_array(np.array(0, np.int8), "zo")]
        nodes = [helper.make_node("QuantizeLinear", ["x", "si", "zi"], ["xq"], name="qx"),
                 helper.make_node("DequantizeLinear", ["xq", "si", "zi"], ["xd"], name="dqx"),
                 helper.make_node(op, ["xd"], ["f"], name="f", **attrs),
                 helper.make_node("QuantizeLinear", ["f", "so", "zo"], ["yq"], name="qy"),
                 helper.make_node("DequantizeLinear", ["yq", "so", "zo"], ["y"], name="dqy")]
        g = helper.make_graph(nodes, f"table_{op.lower()}_{i}", [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 256])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 256])], inits)
        m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 14)])
        onnx.checker.check_model(m)
        name = f"{i:02d}_{op.lower()}.onnx"
        onnx.save(m, os.path.join(d, name))
        index.append({"model": name, "op": op, "input_scale": si, "output_scale": so})
    import json
    with open(os.path.join(d, "index.json"), "w") as f:
        json.dump(index, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    fixture("dag_residual_mlp", ResidualMLP, 16, 11)
    fixture("dag_fanout_add", FanoutAdd, 12, 12)
    fixture("dag_two_branch_concat", TwoBranchConcat, 16, 13)
    fixture("dag_concat_requant", TwoBranchConcatRequant, 16, 20)
    fixture("dag_sigmoid_classifier", SigmoidClassifier, 10, 14)
    fixture("dag_tanh_hardtanh", TanhHardtanh, 8, 15)
    fixture("dag_per_token_mlp", PerTokenMLP, (4, 8), 16)
    fixture("dag_activations", Activations, 12, 17)
    fixture("dag_mixer_block", MixerBlock, (8, 16), 18)
    fixture("dag_channel_affine", ChannelAffine, 12, 19)
    fixture("dag_mixer_classifier", MixerClassifier, (8, 16), 21)
    fixture("dag_concat_off_words", ConcatOffWords, 6, 22)
    fixture("dag_padded_tokens", PaddedTokens, (4, 8), 25)
    fixture("dag_unquantized_sums", UnquantizedSums, 10, 26)
    fixture("dag_gated_tokens", GatedTokens, (4, 8), 27)
    fixture("dag_token_slices", TokenSlices, (6, 8), 28)
    fixture("dag_token_concat", TokenConcat, (4, 6), 29)
    # Exported without constant folding: every quantizer's scale is a double Constant and a Cast.
    fixture("dag_residual_unfolded", ResidualMLP, 16, 23, fold=False, opset=16)
    table_models()
    bad_models()
    print("DAG fixtures written")
