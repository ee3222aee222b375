#!/usr/bin/python3
"""Builds the ONNX QDQ fixtures of the row ops (softmax, LayerNormalization, ReduceMean, ReduceMax,
MatMul of two activations)
under tests/fixtures/onnx_float_ops/: PyTorch models fake-quantized with power-of-two scales and
exported by torch.onnx (opset 17, so LayerNorm is one LayerNormalization node). ONNX Runtime
computes these ops in float32 between the quantizers, aiemc its exact integer definitions
(docs/language.md), so the test measures their agreement against the contract instead of
requiring equality.

    /usr/bin/python3 scripts/make_row_onnx_fixtures.py
    NODE_PATH=/some/dir/node_modules node scripts/onnx_reference.mjs tests/fixtures/onnx_float_ops/*/

Deterministic: fixed seeds.
"""
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_dag_onnx_fixtures import Graph, L, Q, fixture  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "onnx_float_ops")


class SoftmaxHead(Graph):
    """A 2-layer MLP whose 8 logits go through a softmax into uint8 probabilities."""

    def __init__(self):
        super().__init__()
        self.qx, self.qh, self.ql, self.qy = Q(), Q(), Q(), Q(signed=False)
        self.fc1, self.fc2 = L(12, 16), L(16, 8)

    def forward(self, x):
        x = self.qx(x)
        h = self.qh(torch.relu(self.fc1(x, self.qx.scale)))
        logits = self.ql(self.fc2(h, self.qh.scale))
        return self.qy(torch.softmax(logits, dim=-1))


class LayerNormTokens(Graph):
    """LayerNorm of each token of [batch, 8, 16] (with its gain and bias), then a per-token dense layer."""

    def __init__(self):
        super().__init__()
        self.qx, self.qn, self.qy = Q(), Q(), Q()
        self.ln = torch.nn.LayerNorm(16)
        with torch.no_grad():
            self.ln.weight.uniform_(0.5, 1.5)
            self.ln.bias.uniform_(-0.3, 0.3)
        self.fc = L(16, 16)

    def forward(self, x):
        x = self.qx(x)
        n = self.qn(self.ln(x))
        return self.qy(torch.relu(self.fc(n, self.qn.scale)))


class TokenPool(Graph):
    """Per-token features, pooled over the tokens by mean and by max (ReduceMean, ReduceMax over axis 1),
    summed, into a 4-class head."""

    def __init__(self):
        super().__init__()
        self.qx, self.qh, self.qp, self.qm, self.qs, self.qy = Q(), Q(), Q(), Q(), Q(), Q()
        self.fc, self.head = L(16, 16), L(16, 4)

    def forward(self, x):
        x = self.qx(x)
        h = self.qh(torch.relu(self.fc(x, self.qx.scale)))
        s = self.qs(self.qp(h.mean(dim=1)) + self.qm(h.amax(dim=1)))
        return self.qy(self.head(s, self.qs.scale))


class MixerTagger(Graph):
    """An MLP-Mixer jet tagger on [batch, 8 particles, 16 features]: a pre-norm Mixer block (LayerNorm,
    token mixing through transposes, residual; LayerNorm, channel mixing, residual), a final LayerNorm,
    the mean over the particles and a 5-class head."""

    def __init__(self):
        super().__init__()
        self.qx, self.qn1, self.qt, self.qr1, self.qn2, self.qc, self.qr2, self.qn3, self.qp, self.qy = (
            Q(), Q(), Q(), Q(), Q(), Q(), Q(), Q(), Q(), Q())
        self.ln1, self.ln2, self.ln3 = torch.nn.LayerNorm(16), torch.nn.LayerNorm(16), torch.nn.LayerNorm(16)
        self.tok, self.ch, self.head = L(8, 8), L(16, 16), L(16, 5)

    def forward(self, x):
        x = self.qx(x)
        n1 = self.qn1(self.ln1(x))
        t = self.qt(torch.relu(self.tok(n1.transpose(1, 2), self.qn1.scale)))
        r1 = self.qr1(t.transpose(1, 2) + x)
        n2 = self.qn2(self.ln2(r1))
        c = self.qc(torch.relu(self.ch(n2, self.qn2.scale)))
        r2 = self.qr2(c + r1)
        p = self.qp(self.qn3(self.ln3(r2)).mean(dim=1))
        return self.qy(self.head(p, self.qp.scale))


class TransformerTagger(Graph):
    """A transformer jet tagger on [batch, 8 particles, 16 features]: one pre-norm encoder layer with
    two attention heads of 8 (Q·Kᵀ and ·V as MatMul of two activations, softmax over the keys; the
    1/sqrt(8) score scale folded into the query weights before quantization), a ReLU MLP of 32, the
    mean over the particles and a 5-class head."""

    def __init__(self):
        super().__init__()
        names = ["qx", "qn1", "qq", "qk", "qv", "qs", "qo", "qa", "qr1", "qn2", "qf", "qg", "qr2", "qpool", "qy"]
        for name in names:
            setattr(self, name, Q())
        self.qp = Q(signed=False)
        self.ln1, self.ln2 = torch.nn.LayerNorm(16), torch.nn.LayerNorm(16)
        self.wq, self.wk, self.wv, self.wo = L(16, 16), L(16, 16), L(16, 16), L(16, 16)
        with torch.no_grad():
            self.wq.lin.weight.mul_(8 ** -0.5)
            self.wq.lin.bias.mul_(8 ** -0.5)
        self.wq.w_scale = self.wq.w_scale / 2  # the weights shrank by 1/sqrt(8) > 1/4: one octave finer
        self.fc1, self.fc2, self.head = L(16, 32), L(32, 16), L(16, 5)

    def heads(self, t):
        return t.reshape(-1, 8, 2, 8).transpose(1, 2)  # [B, 2 heads, 8 tokens, 8]

    def forward(self, x):
        x = self.qx(x)
        n1 = self.qn1(self.ln1(x))
        q = self.heads(self.qq(self.wq(n1, self.qn1.scale)))
        k = self.heads(self.qk(self.wk(n1, self.qn1.scale)))
        v = self.heads(self.qv(self.wv(n1, self.qn1.scale)))
        s = self.qs(q @ k.transpose(-2, -1))
        p = self.qp(torch.softmax(s, dim=-1))
        o = self.qo(p @ v).transpose(1, 2).reshape(-1, 8, 16)
        r1 = self.qr1(self.qa(self.wo(o, self.qo.scale)) + x)
        n2 = self.qn2(self.ln2(r1))
        f = self.qf(torch.relu(self.fc1(n2, self.qn2.scale)))
        r2 = self.qr2(self.qg(self.fc2(f, self.qf.scale)) + r1)
        pool = self.qpool(r2.mean(dim=1))
        return self.qy(self.head(pool, self.qpool.scale))


if __name__ == "__main__":
    fixture("softmax_head", SoftmaxHead, 12, 31, opset=17, root=ROOT)
    fixture("layernorm_tokens", LayerNormTokens, (8, 16), 32, opset=17, root=ROOT)
    # The same model at opset 13, where PyTorch writes LayerNorm as ReduceMean, Sub, Pow, ReduceMean,
    # Add, Sqrt, Div, Mul, Add.
    fixture("layernorm_decomposed", LayerNormTokens, (8, 16), 36, opset=13, root=ROOT)
    fixture("token_pool", TokenPool, (8, 16), 33, opset=17, root=ROOT)
    fixture("mixer_tagger", MixerTagger, (8, 16), 34, opset=17, root=ROOT)
    fixture("transformer_tagger", TransformerTagger, (8, 16), 35, opset=17, root=ROOT)
    print("row-op fixtures written")
