#!/usr/bin/python3
"""Builds the ONNX QDQ fixtures of the convolution family (Conv 1-d and 2-d with strides, padding,
dilation, groups and per-channel weights; Pad, MaxPool, AveragePool, GlobalAveragePool and
BatchNormalization) under tests/fixtures/onnx_conv/: PyTorch models fake-quantized with
power-of-two scales (int8 weights per tensor or per output channel, the biases on the accumulator
grid s_x * s_w, a quantizer on every op's result) in PyTorch's channels-first layout, exported by
torch.onnx (opset 13, dynamic batch). The two BatchNorm models are exported without constant
folding, so their BatchNormalization node survives.

    /usr/bin/python3 scripts/make_conv_onnx_fixtures.py [case ...]   # no names: every case
    NODE_PATH=/some/dir/node_modules node scripts/onnx_reference.mjs tests/fixtures/onnx_conv/*/

Each directory holds what scripts/make_onnx_fixtures.py describes (model.onnx, input.npy,
input_quantizer.onnx, case.json); expected.npy comes from ONNX Runtime (onnx_reference.mjs), never
from aiemc. Deterministic: fixed seeds.
"""
import collections
import os
import sys

import onnx
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_dag_onnx_fixtures import Graph, L, Q, fixture  # noqa: E402
from make_onnx_fixtures import pow2_at_least  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "onnx_conv")


class C(torch.nn.Module):
    """A convolution with int8 power-of-two weights (one scale per tensor, or per output channel:
    axis 0, each channel's scale the power of two at least max|w_c| / 127, zero points 0; per-channel
    weights get a random gain per channel, so that the scales differ) and a bias on the accumulator
    grid s_x * s_w (per channel when the weights are)."""

    conv_class = None

    def __init__(self, cin, cout, k, stride=1, padding=0, dilation=1, groups=1, per_channel=False):
        super().__init__()
        self.conv = self.conv_class(cin, cout, k, stride=stride, padding=padding, dilation=dilation, groups=groups)
        with torch.no_grad():
            self.conv.bias.uniform_(-0.2, 0.2)
            if per_channel:  # channels of different magnitudes, so their scales differ
                self.conv.weight.mul_(torch.empty(cout, *[1] * (self.conv.weight.dim() - 1)).uniform_(0.1, 1.0))
        self.per_channel = per_channel
        w = self.conv.weight.detach()
        if per_channel:
            self.w_scale = torch.tensor([pow2_at_least(float(w[c].abs().max()) / 127) for c in range(cout)],
                                        dtype=torch.float32)
            self.w_zero_point = torch.zeros(cout, dtype=torch.int32)
        else:
            self.w_scale = pow2_at_least(float(w.abs().max()) / 127)

    def snap_bias(self):
        with torch.no_grad():  # the bias exactly on the accumulator grid s_x * s_w
            step = self.x_scale * self.w_scale
            self.conv.bias.copy_(torch.round(self.conv.bias / step) * step)

    def forward(self, x, x_scale):
        self.x_scale = x_scale
        if self.per_channel:
            w = torch.fake_quantize_per_channel_affine(self.conv.weight, self.w_scale, self.w_zero_point, 0, -128, 127)
        else:
            w = torch.fake_quantize_per_tensor_affine(self.conv.weight, self.w_scale, 0, -128, 127)
        return self.conv._conv_forward(x, w, self.conv.bias)


class C1(C):
    """nn.Conv1d on [batch, channels, positions]."""
    conv_class = torch.nn.Conv1d


class C2(C):
    """nn.Conv2d on [batch, channels, height, width]."""
    conv_class = torch.nn.Conv2d


class ConvGraph(Graph):
    def calibrate(self, x):
        super().calibrate(x)  # the quantizers, and the dense layers' biases
        for m in self.modules():
            if isinstance(m, C):
                m.snap_bias()


def trained_batchnorm(n):
    """nn.BatchNorm1d(n) with non-trivial statistics and affine parameters (the model runs in eval mode)."""
    bn = torch.nn.BatchNorm1d(n)
    with torch.no_grad():
        bn.running_mean.uniform_(-0.5, 0.5)
        bn.running_var.uniform_(0.5, 2.0)
        bn.weight.uniform_(0.5, 1.5)
        bn.bias.uniform_(-0.2, 0.2)
    return bn


class Conv1dTagger(ConvGraph):
    """[batch, 8 channels, 16 positions]: Conv1d 8->16 k=3 padding 1, relu, Conv1d 16->16 k=3 stride 2
    (7 positions), relu, flattened into a 5-class head."""

    def __init__(self):
        super().__init__()
        self.qx, self.q1, self.q2, self.qy = Q(), Q(), Q(), Q()
        self.c1, self.c2 = C1(8, 16, 3, padding=1), C1(16, 16, 3, stride=2)
        self.head = L(16 * 7, 5)

    def forward(self, x):
        x = self.qx(x)
        h = self.q1(torch.relu(self.c1(x, self.qx.scale)))
        h = self.q2(torch.relu(self.c2(h, self.q1.scale)))
        return self.qy(self.head(torch.flatten(h, 1), self.q2.scale))


class Conv2dMaxPool(ConvGraph):
    """[batch, 1, 12, 12]: Conv2d 1->8 3x3 padding 1 and Conv2d 8->8 3x3, both with per-channel
    weights, each followed by relu and a 2x2 MaxPool (12 -> 6 -> 4 -> 2), flattened into a 4-class head."""

    def __init__(self):
        super().__init__()
        self.qx, self.q1, self.qp1, self.q2, self.qp2, self.qy = Q(), Q(), Q(), Q(), Q(), Q()
        self.c1, self.c2 = C2(1, 8, 3, padding=1, per_channel=True), C2(8, 8, 3, per_channel=True)
        self.pool1, self.pool2 = torch.nn.MaxPool2d(2), torch.nn.MaxPool2d(2, stride=2)
        self.head = L(8 * 2 * 2, 4)

    def forward(self, x):
        x = self.qx(x)
        h = self.q1(torch.relu(self.c1(x, self.qx.scale)))
        p = self.qp1(self.pool1(h))
        h = self.q2(torch.relu(self.c2(p, self.qp1.scale)))
        p = self.qp2(self.pool2(h))
        return self.qy(self.head(torch.flatten(p, 1), self.qp2.scale))


class Conv2dClassifier16(Conv2dMaxPool):
    """[batch, 1, 16, 16]: Conv2d 1->8 3x3 padding 1 and Conv2d 8->16 3x3 padding 1, both with
    per-channel weights, each followed by relu and a 2x2 MaxPool (16 -> 8 -> 4), flattened (256)
    into a 4-class head: Conv2dMaxPool's graph with larger layers."""

    def __init__(self):
        ConvGraph.__init__(self)  # not Conv2dMaxPool's layers: the seed draws these ones
        self.qx, self.q1, self.qp1, self.q2, self.qp2, self.qy = Q(), Q(), Q(), Q(), Q(), Q()
        self.c1 = C2(1, 8, 3, padding=1, per_channel=True)
        self.c2 = C2(8, 16, 3, padding=1, per_channel=True)
        self.pool1, self.pool2 = torch.nn.MaxPool2d(2), torch.nn.MaxPool2d(2)
        self.head = L(16 * 4 * 4, 4)


class Conv1dPadPool(ConvGraph):
    """[batch, 4, 20]: an explicit zero Pad (2 before, 1 after: 23 positions), Conv1d 4->8 k=3 (21),
    relu, AveragePool 2 (10), Conv1d 8->8 k=3 padding 1, relu, GlobalAveragePool, a 3-class head."""

    def __init__(self):
        super().__init__()
        self.qx, self.qpad, self.q1, self.qa, self.q2, self.qg, self.qy = Q(), Q(), Q(), Q(), Q(), Q(), Q()
        self.c1, self.c2 = C1(4, 8, 3), C1(8, 8, 3, padding=1)
        self.avg = torch.nn.AvgPool1d(2)
        self.head = L(8, 3)

    def forward(self, x):
        x = self.qx(x)
        p = self.qpad(torch.nn.functional.pad(x, (2, 1)))
        h = self.q1(torch.relu(self.c1(p, self.qpad.scale)))
        a = self.qa(self.avg(h))
        h = self.q2(torch.relu(self.c2(a, self.qa.scale)))
        g = self.qg(torch.nn.functional.adaptive_avg_pool1d(h, 1))
        return self.qy(self.head(torch.flatten(g, 1), self.qg.scale))


class Conv2dDepthwise(ConvGraph):
    """[batch, 4, 10, 10]: a depthwise Conv2d (groups 4) 3x3 with dilation 2 and padding 2 (10x10),
    relu, a pointwise Conv2d 4->8 1x1 stride 2 (5x5), relu, AveragePool 2x2 stride 2 padding 1
    without the padding in the count (3x3), flattened into a 3-class head."""

    def __init__(self):
        super().__init__()
        self.qx, self.q1, self.q2, self.qa, self.qy = Q(), Q(), Q(), Q(), Q()
        self.dw = C2(4, 4, 3, padding=2, dilation=2, groups=4)
        self.pw = C2(4, 8, 1, stride=2)
        self.avg = torch.nn.AvgPool2d(2, stride=2, padding=1, count_include_pad=False)
        self.head = L(8 * 3 * 3, 3)

    def forward(self, x):
        x = self.qx(x)
        h = self.q1(torch.relu(self.dw(x, self.qx.scale)))
        h = self.q2(torch.relu(self.pw(h, self.q1.scale)))
        a = self.qa(self.avg(h))
        return self.qy(self.head(torch.flatten(a, 1), self.qa.scale))


class MlpBatchNorm(ConvGraph):
    """[batch, 12]: a dense layer 12->16 whose result goes straight into BatchNorm1d (trained
    statistics, slopes that are not binary fractions), quantized, relu, a 4-output dense layer."""

    def __init__(self):
        super().__init__()
        self.qx, self.qb, self.qh, self.qy = Q(), Q(), Q(), Q()
        self.fc1, self.fc2 = L(12, 16), L(16, 4)
        self.bn = trained_batchnorm(16)

    def forward(self, x):
        x = self.qx(x)
        b = self.qb(self.bn(self.fc1(x, self.qx.scale)))
        h = self.qh(torch.relu(b))
        return self.qy(self.fc2(h, self.qh.scale))


class Conv1dBatchNorm(ConvGraph):
    """[batch, 6, 16]: Conv1d 6->8 k=3 padding 1, quantized, BatchNorm1d (trained statistics) between
    quantizers, relu, flattened into a 4-class head."""

    def __init__(self):
        super().__init__()
        self.qx, self.qc, self.qb, self.qh, self.qy = Q(), Q(), Q(), Q(), Q()
        self.c = C1(6, 8, 3, padding=1)
        self.bn = trained_batchnorm(8)
        self.head = L(8 * 16, 4)

    def forward(self, x):
        x = self.qx(x)
        c = self.qc(self.c(x, self.qx.scale))
        b = self.qb(self.bn(c))
        h = self.qh(torch.relu(b))
        return self.qy(self.head(torch.flatten(h, 1), self.qh.scale))


# name, model, input shape without the batch, seed, constant folding, ops the export must contain
CASES = [
    ("conv1d_tagger", Conv1dTagger, (8, 16), 41, True, {"Conv"}),
    ("conv2d_maxpool", Conv2dMaxPool, (1, 12, 12), 42, True, {"Conv", "MaxPool"}),
    ("conv1d_pad_pool", Conv1dPadPool, (4, 20), 43, True, {"Pad", "Conv", "AveragePool", "GlobalAveragePool"}),
    ("conv2d_depthwise", Conv2dDepthwise, (4, 10, 10), 44, True, {"Conv", "AveragePool"}),
    ("mlp_batchnorm", MlpBatchNorm, (12,), 45, False, {"Gemm", "BatchNormalization"}),
    ("conv1d_batchnorm", Conv1dBatchNorm, (6, 16), 46, False, {"Conv", "BatchNormalization"}),
    ("conv2d_classifier16", Conv2dClassifier16, (1, 16, 16), 47, True, {"Conv", "MaxPool"}),
]


if __name__ == "__main__":
    torch.set_num_threads(1)
    wanted = sys.argv[1:]  # case names; none: every case
    unknown = set(wanted) - {case[0] for case in CASES}
    if unknown:
        raise SystemExit(f"unknown case(s) {sorted(unknown)}; known: {', '.join(case[0] for case in CASES)}")
    for name, model, shape, seed, fold, ops in CASES:
        if wanted and name not in wanted:
            continue
        fixture(name, model, shape, seed, fold=fold, opset=13, root=ROOT)
        graph = onnx.load(os.path.join(ROOT, name, "model.onnx")).graph
        found = collections.Counter(n.op_type for n in graph.node)
        missing = ops - set(found)
        if missing:
            raise SystemExit(f"{name}: the export has no {sorted(missing)} node")
        print(f"{name}: " + ", ".join(f"{op} x{k}" for op, k in sorted(found.items())))
    print("conv fixtures written")
