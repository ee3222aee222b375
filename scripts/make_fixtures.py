#!/usr/bin/python3
"""Regenerates the example models' parameters, inputs and expected outputs, and the oracle
fixtures under tests/fixtures/oracle/, with the independent numpy oracle (scripts/oracle).

    /usr/bin/python3 scripts/make_fixtures.py

Deterministic: fixed seeds; running it twice gives identical files. Needs numpy only.
"""
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from oracle.fixedpoint import Fmt, intfmt, quantize, dequantize, splitmix64_codes  # noqa: E402
from oracle.ops import (dense, relu, add, sub, mul, lookup, concat, slice_axis, transpose, reshape,  # noqa: E402
                        pad, reduce, softmax, norm, matmul, conv, pool)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def container(f: Fmt):
    bits = 8 if f.width <= 8 else 16 if f.width <= 16 else 32
    return np.dtype(("int" if f.signed else "uint") + str(bits))


def save_npz(path, arrays):
    # np.savez writes zip timestamps of "now"; write members in sorted order with fixed times instead.
    import zipfile, io
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        for name in sorted(arrays):
            buf = io.BytesIO()
            np.lib.format.write_array(buf, np.asarray(arrays[name]), allow_pickle=False)
            info = zipfile.ZipInfo(name + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            z.writestr(info, buf.getvalue())


class Model:
    """Builds a model statement by statement: .aiem text, parameters and oracle values together."""

    def __init__(self, name, batch, types, target="vek280", params_file=None):
        self.name, self.batch, self.types, self.target = name, batch, types, target
        self.params_file = params_file
        self.lines, self.params, self.values, self.outputs = [], {}, {}, []
        self.inputs = {}

    def t(self, alias):
        return self.types[alias] if isinstance(alias, str) and alias in self.types else alias

    def tname(self, f):
        for k, v in self.types.items():
            if v == f:
                return k
        return f.text()

    def input(self, name, alias, shape, rng, real=False):
        f = self.t(alias)
        n = self.batch * int(np.prod(shape))
        if real:
            vals = rng.uniform(dequantize(f.lo, f) * 1.1, dequantize(f.hi, f) * 1.1, size=n)
            arr = np.array(vals, dtype=np.float64).reshape([self.batch] + list(shape))
            codes = [quantize(float(v), f) for v in vals]
        else:
            codes = [int(c) for c in rng.integers(f.lo, f.hi + 1, size=n)]
            arr = np.array(codes, dtype=np.int64).reshape([self.batch] + list(shape)).astype(container(f))
        self.inputs[name] = arr
        self.values[name] = (codes, f, list(shape))
        self.lines.append(f"input {name} : {self.tname(f)}[{', '.join(map(str, shape))}]")

    def rows(self, name):
        codes, f, shape = self.values[name]
        k = shape[-1]
        return [codes[i:i + k] for i in range(0, len(codes), k)], f, shape

    def dense(self, name, x, units, w, b=None, out=None, relu_=False, relu_out=None, source="npz", rng=None,
              hints="", real=False):
        rows, fx, shape = self.rows(x)
        fw = self.t(w)
        fb = self.t(b) if b is not None else None
        fy = self.t(out) if out is not None else fx
        K = shape[-1]
        args = [x, str(units)]
        if source == "random":
            seed_w, seed_b = rng
            wc = splitmix64_codes(seed_w, K * units, fw)
            wargs = f"w: {self.tname(fw)} from random({seed_w})"
            bc = splitmix64_codes(seed_b, units, fb) if fb else None
            bargs = f"b: {self.tname(fb)} from random({seed_b})" if fb else None
        else:
            lim = max(2, int(256 / np.sqrt(K)))  # keep sums in range so outputs rarely saturate
            wc = [int(c) for c in rng.integers(max(fw.lo, -lim), min(fw.hi, lim) + 1, size=K * units)]
            bc = [int(c) for c in rng.integers(max(fb.lo, -300), min(fb.hi, 300) + 1, size=units)] if fb else None
            if real:  # real values exactly on the grid
                self.params[f"{name}.w"] = np.array([dequantize(c, fw) for c in wc]).reshape(K, units)
                if fb:
                    self.params[f"{name}.b"] = np.array([dequantize(c, fb) for c in bc])
            else:
                self.params[f"{name}.w"] = np.array(wc, dtype=np.int64).reshape(K, units).astype(container(fw))
                if fb:
                    self.params[f"{name}.b"] = np.array(bc, dtype=np.int64).astype(container(fb))
            wargs = f"w: {self.tname(fw)}"
            bargs = f"b: {self.tname(fb)}" if fb else None
        args.append(wargs)
        if bargs:
            args.append(bargs)
        wm = [wc[k * units:(k + 1) * units] for k in range(K)]
        y = dense(rows, fx, wm, fw, bc, fb, fy)
        line = f"{name} = dense({', '.join(args)})"
        if out is not None:
            line += f" -> {self.tname(fy)}"
        if relu_:
            fr = self.t(relu_out) if relu_out is not None else fy
            y = relu(y, fy, fr)
            line += " |> relu" + (f" -> {self.tname(fr)}" if relu_out is not None else "")
            fy = fr
        if hints:
            line += "  " + hints
        self.lines.append(line)
        self.values[name] = ([v for r in y for v in r], fy, shape[:-1] + [units])

    def relu(self, name, x, out=None):
        rows, fx, shape = self.rows(x)
        fy = self.t(out) if out is not None else fx
        self.values[name] = ([v for r in relu(rows, fx, fy) for v in r], fy, shape)
        self.lines.append(f"{name} = relu({x})" + (f" -> {self.tname(fy)}" if out is not None else ""))

    def array(self, name):
        codes, f, shape = self.values[name]
        return np.array(codes, dtype=object).reshape([self.batch] + shape), f

    def set(self, name, arr, f, line):
        self.values[name] = ([int(v) for v in np.asarray(arr).reshape(-1)], f, list(np.asarray(arr).shape[1:]))
        self.lines.append(line)

    def typed(self, line, out):
        return line + (f" -> {self.tname(self.t(out))}" if out is not None else "")

    def add(self, name, a, b, out=None):
        self.binary("add", name, a, b, out)

    def binary(self, op, name, a, b, out=None, relu_=False):
        """add/sub/mul of two tensors, broadcast as in numpy."""
        xa, fa = self.array(a)
        xb, fb = self.array(b)
        fy = self.t(out) if out is not None else fa
        y = {"add": add, "sub": sub, "mul": mul}[op](xa, fa, xb, fb, fy)
        if relu_:
            y = np.frompyfunc(lambda v: max(v, 0), 1, 1)(y)
        self.set(name, y, fy, self.typed(f"{name} = {op}({a}, {b})", out) + (" |> relu" if relu_ else ""))

    def binary_const(self, op, name, a, ctype, rng, out=None):
        """add/sub/mul by a constant `c: P`, one value per feature, from the parameters file."""
        xa, fa = self.array(a)
        fc = self.t(ctype)
        fy = self.t(out) if out is not None else fa
        c = [int(v) for v in rng.integers(fc.lo, fc.hi + 1, size=xa.shape[-1])]
        self.params[f"{name}.c"] = np.array(c, dtype=np.int64).astype(container(fc))
        y = {"add": add, "sub": sub, "mul": mul}[op](xa, fa, np.array(c, dtype=object), fc, fy)
        self.set(name, y, fy, self.typed(f"{name} = {op}({a}, c: {self.tname(fc)})", out))

    def lookup(self, name, fn, x, out=None, **params):
        xa, fx = self.array(x)
        fy = self.t(out) if out is not None else fx
        args = "".join(f", {k}: {v!r}" for k, v in params.items())
        self.set(name, lookup(xa, fx, fy, fn, **params), fy, self.typed(f"{name} = {fn}({x}{args})", out))

    def table(self, name, x, rng, out):
        """lookup(x, table: T): a user table of one entry per input code, from the parameters file."""
        xa, fx = self.array(x)
        fy = self.t(out)
        t = [int(v) for v in rng.integers(fy.lo, fy.hi + 1, size=fx.hi - fx.lo + 1)]
        self.params[f"{name}.table"] = np.array(t, dtype=np.int64).astype(container(fy))
        y = np.frompyfunc(lambda v: t[v - fx.lo], 1, 1)(xa)
        self.set(name, y, fy, self.typed(f"{name} = lookup({x}, table: {self.tname(fy)})", out))

    def transpose(self, name, x, perm):
        xa, f = self.array(x)
        self.set(name, transpose(xa, perm), f, f"{name} = transpose({x}, perm: [{', '.join(map(str, perm))}])")

    def slice(self, name, x, start, end, step, axis):
        xa, f = self.array(x)
        self.set(name, slice_axis(xa, axis, start, end, step), f,
                 f"{name} = slice({x}, start: {start}, end: {end}, step: {step}, axis: {axis})")

    def reshape(self, name, x, shape):
        xa, f = self.array(x)
        self.set(name, reshape(xa, shape), f, f"{name} = reshape({x}, shape: [{', '.join(map(str, shape))}])")

    def pad(self, name, x, before, after, value):
        xa, f = self.array(x)
        self.set(name, pad(xa, before, after, value, f), f,
                 f"{name} = pad({x}, before: [{', '.join(map(str, before))}], after: [{', '.join(map(str, after))}], "
                 f"value: {value!r})")

    def concat(self, name, xs, axis, out=None):
        parts = [self.array(x) for x in xs]
        fy = self.t(out) if out is not None else parts[0][1]
        self.set(name, concat(parts, axis, fy), fy, self.typed(f"{name} = concat([{', '.join(xs)}], axis: {axis})", out))

    def reduce(self, name, fn, x, axes, out=None, keepdims=False):
        xa, fx = self.array(x)
        fy = self.t(out) if out is not None else fx
        args = f", axes: [{', '.join(map(str, axes))}]" + (", keepdims: 1" if keepdims else "")
        self.set(name, reduce(xa, fx, fy, fn, axes, keepdims), fy, self.typed(f"{name} = reduce_{fn}({x}{args})", out))

    def softmax(self, name, x, out, axis=-1, reciprocal=False):
        xa, fx = self.array(x)
        fy = self.t(out)
        flag = ", reciprocal: 1" if reciprocal else ""
        self.set(name, softmax(xa, fx, fy, axis, reciprocal), fy, self.typed(f"{name} = softmax({x}, axis: {axis}{flag})", out))

    def norm(self, name, fn, x, rng, gamma=None, beta=None, eps=1e-5, out=None):
        """layernorm/rmsnorm; gamma and beta: (type, low, high) of their random codes, from the parameters file."""
        xa, fx = self.array(x)
        fy = self.t(out) if out is not None else fx
        n = xa.shape[-1]
        params = {}
        args = ""
        for key, spec in (("gamma", gamma), ("beta", beta)):
            if spec is None:
                continue
            f, lo, hi = self.t(spec[0]), spec[1], spec[2]
            codes = [int(c) for c in rng.integers(lo, hi + 1, size=n)]
            self.params[f"{name}.{key}"] = np.array(codes, dtype=np.int64).astype(container(f))
            params[key] = (codes, f)
            args += f", {key}: {self.tname(f)}"
        g, fg = params.get("gamma", (None, None))
        b, fb = params.get("beta", (None, None))
        y = norm(xa, fx, fy, g, fg, b, fb, eps, centered=fn == "layernorm")
        self.set(name, y, fy, self.typed(f"{name} = {fn}({x}{args}, eps: {eps!r})", out))

    def matmul(self, name, a, b, out=None, transpose_b=False):
        xa, fa = self.array(a)
        xb, fb = self.array(b)
        fy = self.t(out) if out is not None else fa
        self.set(name, matmul(xa, fa, xb, fb, fy, transpose_b), fy,
                 self.typed(f"{name} = matmul({a}, {b}" + (", transpose_b: 1" if transpose_b else "") + ")", out))

    def conv(self, name, x, channels, kernel, w, b, rng, out=None, stride=None, dilation=None, padding=None,
             groups=1, relu_=False):
        """conv1d/conv2d with random weight codes from the parameters file; padding: (before, after)
        per axis."""
        xa, fx = self.array(x)
        fw, fb = self.t(w), self.t(b) if b is not None else None
        fy = self.t(out) if out is not None else fx
        axes = len(kernel)
        stride, dilation = stride or [1] * axes, dilation or [1] * axes
        before, after = padding or ([0] * axes, [0] * axes)
        cg = xa.shape[-1] // groups
        K = int(np.prod(kernel)) * cg
        lim = max(2, int(256 / np.sqrt(K)))
        wc = rng.integers(max(fw.lo, -lim), min(fw.hi, lim) + 1, size=list(kernel) + [cg, channels])
        self.params[f"{name}.w"] = wc.astype(container(fw))
        bc = None
        args = f"{x}, {channels}, kernel: [{', '.join(map(str, kernel))}]"
        if stride != [1] * axes:
            args += f", stride: [{', '.join(map(str, stride))}]"
        if dilation != [1] * axes:
            args += f", dilation: [{', '.join(map(str, dilation))}]"
        if padding:
            args += f", padding: [{', '.join(map(str, list(before) + list(after)))}]"
        if groups != 1:
            args += f", groups: {groups}"
        args += f", w: {self.tname(fw)}"
        if fb:
            bc = [int(c) for c in rng.integers(max(fb.lo, -300), min(fb.hi, 300) + 1, size=channels)]
            self.params[f"{name}.b"] = np.array(bc, dtype=np.int64).astype(container(fb))
            args += f", b: {self.tname(fb)}"
        y = conv(xa, fx, wc, fw, bc, fb, fy, kernel, stride, dilation, (before, after), groups, relu_)
        line = self.typed(f"{name} = conv{axes}d({args})", out) + (" |> relu" if relu_ else "")
        self.set(name, y, fy, line)

    def pool(self, name, fn, x, kernel, out=None, stride=None, padding=None, count_include_pad=False):
        xa, fx = self.array(x)
        fy = self.t(out) if out is not None else fx
        axes = len(kernel)
        stride = stride or list(kernel)
        before, after = padding or ([0] * axes, [0] * axes)
        args = f"{x}, kernel: [{', '.join(map(str, kernel))}]"
        if stride != list(kernel):
            args += f", stride: [{', '.join(map(str, stride))}]"
        if padding:
            args += f", padding: [{', '.join(map(str, list(before) + list(after)))}]"
        if count_include_pad:
            args += ", count_include_pad: 1"
        y = pool(xa, fx, fy, fn, kernel, stride, [1] * axes, (before, after), count_include_pad)
        self.set(name, y, fy, self.typed(f"{name} = {fn}pool({args})", out))

    def output(self, *names):
        self.outputs += names
        self.lines.append(f"output {', '.join(names)}")

    def text(self, header):
        out = [f"// {line}" for line in header] + [f"model {self.name} {{", f"  target {self.target}", f"  batch {self.batch}"]
        out.append("")
        for k, v in self.types.items():
            out.append(f"  type {k} = {v.text()}")
        if self.params:
            out += ["", f'  params "{self.params_file}"']
        out.append("")
        out += ["  " + line for line in self.lines]
        out.append("}")
        return "\n".join(out) + "\n"

    def expected(self, name):
        codes, f, shape = self.values[name]
        return np.array(codes, dtype=np.int64).reshape([self.batch] + shape).astype(container(f))

    def write(self, directory, header, stem, input_name="input.npy", expected_prefix="expected_"):
        os.makedirs(directory, exist_ok=True)
        with open(os.path.join(directory, stem + ".aiem"), "w") as fh:
            fh.write(self.text(header))
        if self.params:
            save_npz(os.path.join(directory, self.params_file), self.params)
        files = {}
        for k, arr in self.inputs.items():
            fn = input_name if len(self.inputs) == 1 else f"{k}.npy"
            np.save(os.path.join(directory, fn), arr)
            files[k] = fn
        exp = {}
        for o in self.outputs:
            fn = f"{expected_prefix}{o}.npy"
            np.save(os.path.join(directory, fn), self.expected(o))
            exp[o] = fn
        return files, exp


def act8():
    return {"act": Fmt(8, 3, True, "RND_CONV", "SAT"), "w8": Fmt(8, 1), "b16": Fmt(16, 6)}


def examples():
    # M1: hls4ml jet tagger 16-64-32-32-5, parameters as real values on the ap_fixed grid.
    rng = np.random.default_rng(2024)
    m = Model("jet_tagger", 8, act8(), params_file="jet_tagger.npz")
    m.input("x", "act", [16], rng, real=True)
    m.dense("fc1", "x", 64, "w8", "b16", "act", relu_=True, rng=rng, real=True)
    m.dense("fc2", "fc1", 32, "w8", "b16", "act", relu_=True, rng=rng, real=True, hints="@tiles(cascade: 2, parallel: 2)")
    m.dense("fc3", "fc2", 32, "w8", "b16", "act", relu_=True, rng=rng, real=True)
    m.dense("fc4", "fc3", 5, "w8", "b16", "act", rng=rng, real=True)
    m.output("fc4")
    m.write(os.path.join(ROOT, "examples/jet_tagger"),
            ["examples/jet_tagger/jet_tagger.aiem -- hls4ml jet tagger 16-64-32-32-5 (benchmark M1), int8, batch 8.",
             "Parameters: jet_tagger.npz (real values on the fixed-point grid), made by scripts/make_fixtures.py."],
            "jet_tagger")

    # M2: tau-tau event selection 160-64-64-64-8, parameters as integer codes.
    rng = np.random.default_rng(160)
    types = {"act": Fmt(8, 4, True, "RND_CONV", "SAT"), "w8": Fmt(8, 0), "b16": Fmt(16, 8, True, "RND_CONV")}
    m = Model("tau_selection", 8, types, params_file="tau_selection.npz")
    m.input("x", "act", [160], rng)
    m.dense("fc1", "x", 64, "w8", "b16", "act", relu_=True, rng=rng, hints="@tiles(cascade: 4)")
    m.dense("fc2", "fc1", 64, "w8", "b16", "act", relu_=True, rng=rng)
    m.dense("fc3", "fc2", 64, "w8", "b16", "act", relu_=True, rng=rng)
    m.dense("fc4", "fc3", 8, "w8", "b16", "act", rng=rng)
    m.output("fc4")
    m.write(os.path.join(ROOT, "examples/tau_selection"),
            ["examples/tau_selection/tau_selection.aiem -- tau-tau event selection 160-64-64-64-8 (benchmark M2).",
             "Parameters: tau_selection.npz (integer codes), made by scripts/make_fixtures.py."],
            "tau_selection")

    # M5: multi-qubit readout 256-128-128-128-128-8, int8 with random(seed) parameters.
    rng = np.random.default_rng(256)
    types = {"act": intfmt(8), "acc": Fmt(32, 32, True)}
    m = Model("qubit_readout", 8, types)
    m.input("x", "act", [256], rng)
    for i, (inp, units) in enumerate([("x", 128), ("fc1", 128), ("fc2", 128), ("fc3", 128)], start=1):
        m.dense(f"fc{i}", inp, units, "act", "acc", Fmt(8, 1, True, "RND_CONV", "SAT") if False else "act",
                relu_=True, source="random", rng=(10 * i, 10 * i + 1))
    m.dense("fc5", "fc4", 8, "act", "acc", "act", source="random", rng=(50, 51))
    m.output("fc5")
    m.write(os.path.join(ROOT, "examples/qubit_readout"),
            ["examples/qubit_readout/qubit_readout.aiem -- multi-qubit readout discriminator 256-128x4-8 (benchmark M5).",
             "int8 throughout; parameters drawn with random(seed) (see docs/language.md)."],
            "qubit_readout")


def dag_examples():
    # A residual MLP: two blocks y = relu(x + dense(relu(dense(x)))), then a 5-class head.
    rng = np.random.default_rng(4242)
    m = Model("residual_mlp", 8, act8(), params_file="residual_mlp.npz")
    m.input("x", "act", [32], rng, real=True)
    m.dense("stem", "x", 32, "w8", "b16", "act", relu_=True, rng=rng, real=True)
    prev = "stem"
    for i in (1, 2):
        m.dense(f"b{i}_fc1", prev, 32, "w8", "b16", "act", relu_=True, rng=rng, real=True)
        m.dense(f"b{i}_fc2", f"b{i}_fc1", 32, "w8", "b16", "act", rng=rng, real=True)
        m.binary("add", f"b{i}", f"b{i}_fc2", prev, relu_=True)
        prev = f"b{i}"
    m.dense("head", prev, 5, "w8", "b16", "act", rng=rng, real=True)
    m.output("head")
    m.write(os.path.join(ROOT, "examples/residual_mlp"),
            ["examples/residual_mlp/residual_mlp.aiem -- a residual MLP: stem 32, two residual blocks of two dense",
             "layers (the input of each block fans out to the block and to its add), a 5-class head. int8, batch 8.",
             "Parameters: residual_mlp.npz, made by scripts/make_fixtures.py."],
            "residual_mlp")

    # Two branches on one input, joined elementwise: a ReLU MLP branch gated by a tanh branch,
    # plus a difference of the two, then a sigmoid score.
    rng = np.random.default_rng(77)
    types = dict(act8())
    types["unit"] = Fmt(8, 1, True, "RND", "SAT")  # [-1, 1): tanh and sigmoid outputs
    m = Model("two_branch", 8, types, params_file="two_branch.npz")
    m.input("x", "act", [24], rng, real=True)
    m.dense("a1", "x", 32, "w8", "b16", "act", relu_=True, rng=rng, real=True)
    m.dense("a2", "a1", 16, "w8", "b16", "act", rng=rng, real=True)
    m.dense("g1", "x", 16, "w8", "b16", "act", rng=rng, real=True)
    m.lookup("gate", "tanh", "g1", "unit")
    m.binary("mul", "gated", "a2", "gate", "act")
    m.binary("sub", "diff", "a2", "g1", "act")
    m.binary("add", "joined", "gated", "diff", "act")
    m.dense("score", "joined", 4, "w8", "b16", "act", rng=rng, real=True)
    m.lookup("prob", "sigmoid", "score", "unit")
    m.output("prob")
    m.write(os.path.join(ROOT, "examples/two_branch"),
            ["examples/two_branch/two_branch.aiem -- two branches on one input (a ReLU MLP and a tanh gate), joined",
             "by mul, sub and add, then a 4-way sigmoid score. int8, batch 8.",
             "Parameters: two_branch.npz, made by scripts/make_fixtures.py."],
            "two_branch")


def fixtures():
    base = os.path.join(ROOT, "tests/fixtures/oracle")
    cases = []

    def case(name, what, m):
        d = os.path.join(base, name)
        inputs, expected = m.write(d, [what], "model", input_name="x.npy", expected_prefix="")
        with open(os.path.join(d, "case.json"), "w") as fh:
            json.dump({"model": "model.aiem", "inputs": inputs, "expected": expected, "what": what}, fh, indent=1,
                      sort_keys=True)
            fh.write("\n")
        cases.append(name)

    # Every rounding mode: one fractional bit dropped per shift of 1 makes ties frequent.
    for q in ["TRN", "TRN_ZERO", "RND", "RND_ZERO", "RND_INF", "RND_MIN_INF", "RND_CONV"]:
        rng = np.random.default_rng(7)
        types = {"a": Fmt(8, 4, True, q, "SAT"), "w": Fmt(4, 3), "y": Fmt(8, 6, True, q, "SAT")}
        m = Model("round_" + q.lower(), 4, types, params_file="params.npz")
        m.input("x", "a", [12], rng)
        m.dense("d", "x", 6, "w", None, "y", rng=rng)
        m.relu("r", "d", Fmt(6, 3, False, q, "SAT"))
        m.output("d", "r")
        case("round_" + q.lower(), f"rounding mode {q} on dense (ties) and relu", m)

    for o in ["WRAP", "SAT", "SAT_ZERO", "SAT_SYM"]:
        rng = np.random.default_rng(11)
        types = {"a": intfmt(8), "w": intfmt(8), "y": Fmt(6, 2, True, "RND", o), "u": Fmt(5, 1, False, "TRN", o)}
        m = Model("overflow_" + o.lower(), 4, types, params_file="params.npz")
        m.input("x", "a", [16], rng)
        m.dense("d", "x", 8, "w", "a", "y", rng=rng)
        m.dense("e", "x", 8, "w", None, "u", rng=rng)
        m.output("d", "e")
        case("overflow_" + o.lower(), f"overflow mode {o} at sub-container widths fixed<6,2> and ufixed<5,1>", m)

    rng = np.random.default_rng(3)
    types = {"a": Fmt(8, 6, True, "RND_CONV", "SAT"), "w": Fmt(8, 6), "y": Fmt(16, 4, True, "RND_CONV", "SAT"),
             "b": Fmt(16, 2, True, "RND_INF")}
    m = Model("left_shift", 2, types, params_file="params.npz")
    m.input("x", "a", [8], rng)
    m.dense("d", "x", 4, "w", "b", "y", rng=rng)
    m.output("d")
    case("left_shift_bias_rounding", "output with more fraction bits than the accumulator; bias rounded to it", m)

    rng = np.random.default_rng(5)
    types = {"a": intfmt(16), "w": intfmt(8), "y": Fmt(16, 10, True, "RND", "SAT")}
    m = Model("wide_acc", 2, types, params_file="params.npz")
    m.input("x", "a", [512], rng)
    m.dense("d", "x", 4, "w", None, "y", rng=rng)
    m.output("d")
    case("int16_int8_wide_accumulator", "int16 x int8, K=512: accumulator beyond 32 bits", m)

    rng = np.random.default_rng(6)
    types = {"a": intfmt(16), "w": intfmt(16), "y": intfmt(16)}
    m = Model("i16", 2, types, params_file="params.npz")
    m.input("x", "a", [32], rng)
    m.dense("d", "x", 8, "w", None, "y", relu_=True, rng=rng)
    m.output("d")
    case("int16_int16", "int16 x int16 with fused relu", m)

    rng = np.random.default_rng(8)
    types = {"a": Fmt(8, 3, True, "RND_CONV", "SAT"), "w": Fmt(8, 1), "b": Fmt(16, 6), "y": Fmt(8, 2, True, "RND", "SAT")}
    m = Model("tokens", 2, types, params_file="params.npz")
    m.input("x", "a", [4, 16], rng, real=True)
    m.dense("d", "x", 8, "w", "b", "a", relu_=True, relu_out="y", rng=rng, real=True)
    m.output("d")
    case("tokens_2d_real_inputs", "per-sample [4,16] tensor, float inputs rounded, relu with its own type", m)

    rng = np.random.default_rng(9)
    types = {"a": Fmt(8, 3, True, "RND_CONV", "SAT"), "b2": Fmt(12, 2, True, "TRN", "WRAP"), "w": Fmt(8, 1),
             "y": Fmt(10, 4, True, "RND_MIN_INF", "SAT_SYM"), "u": Fmt(8, 4, False, "RND_ZERO", "SAT")}
    m = Model("adds", 3, types, params_file="params.npz")
    m.input("x", "a", [16], rng)
    m.dense("h", "x", 16, "w", None, "b2", rng=rng)
    m.add("s", "h", "x", "y")
    m.add("t", "x", "s", "u")
    m.output("s", "t")
    case("add_mixed_types", "add of fixed<12,2> and fixed<8,3> into fixed<10,4,RND_MIN_INF,SAT_SYM> and ufixed", m)

    rng = np.random.default_rng(10)
    types = {"a": Fmt(3, 1, True, "RND_CONV", "WRAP"), "w": Fmt(2, 1), "y": Fmt(3, 1, True, "RND_INF", "WRAP")}
    m = Model("tiny_widths", 4, types, params_file="params.npz")
    m.input("x", "a", [8], rng)
    m.dense("d", "x", 8, "w", None, "y", relu_=True, rng=rng)
    m.output("d")
    case("fixed3_wrap", "fixed<3,1> activations, fixed<2,1> weights, wrap then relu", m)

    rng = np.random.default_rng(12)
    types = {"act": intfmt(8), "acc": Fmt(32, 32, True)}
    m = Model("random_params", 2, types)
    m.input("x", "act", [24], rng)
    m.dense("d", "x", 16, "act", "acc", "act", relu_=True, source="random", rng=(3, 4))
    m.dense("e", "d", 4, Fmt(8, 2, True), None, Fmt(8, 5, True, "RND", "SAT"), source="random", rng=(5, 6))
    m.output("e")
    case("random_params", "random(seed) weights and biases (splitmix64), reproduced by the oracle", m)

    # The data-movement family: every op, with a conversion in a concat and joins along two axes.
    rng = np.random.default_rng(13)
    types = {"a": Fmt(8, 5, True, "RND_CONV", "SAT"), "b": Fmt(8, 3, True, "RND", "SAT")}
    m = Model("movement", 3, types)
    m.input("x", "a", [4, 6], rng)
    m.input("y", "b", [4, 3], rng)
    m.transpose("t", "x", [0, 2, 1])
    m.slice("s", "t", 1, 6, 2, 1)
    m.pad("p", "s", [1, 0], [0, 2], 0.5)
    m.reshape("r", "p", [24])
    m.concat("c", ["y", "x"], -1)
    m.concat("rows", ["x", "p"], 1)
    m.output("r", "c", "rows")
    case("movement_ops", "transpose, strided slice, pad with a value, reshape; concat converting fixed<8,5> "
         "into fixed<8,3,RND,SAT> (last axis) and concat along the token axis", m)

    # Broadcasting of two activations (per feature and per sample) and by constants.
    rng = np.random.default_rng(14)
    types = {"a": Fmt(8, 3, True, "RND_CONV", "SAT"), "gain": Fmt(8, 1, True, "TRN", "SAT"),
             "y": Fmt(10, 4, True, "RND_INF", "SAT_SYM"), "c": Fmt(6, 2, True)}
    m = Model("broadcast", 3, types, params_file="params.npz")
    m.input("x", "a", [4, 8], rng)
    m.input("g", "gain", [8], rng)
    m.input("k", "gain", [1], rng)
    m.reshape("feat", "g", [1, 8])
    m.reshape("scal", "k", [1, 1])
    m.binary("mul", "gated", "x", "feat", "y")
    m.binary("add", "shifted", "feat", "x", "y")
    m.binary("sub", "scaled", "x", "scal")
    m.binary_const("mul", "cm", "x", "c", rng, "y")
    m.binary_const("sub", "cs", "x", "c", rng)
    m.output("gated", "shifted", "scaled", "cm", "cs")
    case("broadcast_binary", "mul/add/sub of [4,8] with a [1,8] and a [1,1] activation (either side), and by "
         "per-feature constants", m)

    # Every table function, its parameters, and a user table.
    rng = np.random.default_rng(15)
    types = {"a": Fmt(8, 3, True, "RND_CONV", "SAT"), "u": Fmt(8, 1, True, "RND", "SAT"),
             "w": Fmt(12, 8, False, "RND_CONV", "SAT"), "z": Fmt(10, 4, True, "RND_ZERO", "WRAP")}
    m = Model("tables", 2, types, params_file="params.npz")
    m.input("x", "a", [128], rng)
    for fn in ["sigmoid", "tanh", "gelu", "silu", "hardswish", "relu6"]:
        m.lookup("y_" + fn, fn, "x", "z" if fn in ("gelu", "silu", "hardswish", "relu6") else "u")
    m.lookup("y_exp", "exp", "x", "w")
    m.lookup("y_hardsigmoid", "hardsigmoid", "x", "u", alpha=0.2, beta=0.25)
    m.lookup("y_leaky", "leaky_relu", "x", "z", alpha=0.125)
    m.lookup("y_clip", "clip", "x", "z", min=-1.5, max=2.25)
    m.table("y_user", "x", rng, "u")
    m.output(*[f"y_{n}" for n in ["sigmoid", "tanh", "gelu", "silu", "hardswish", "relu6", "exp", "hardsigmoid",
                                  "leaky", "clip", "user"]])
    case("lookup_tables", "sigmoid, tanh, gelu, silu, hardswish, relu6, exp, hardsigmoid, leaky_relu, clip and a "
         "user table on 256 random codes of fixed<8,3>, into four formats", m)

    # The normalization family: reductions over chosen axes, softmax, layernorm and rmsnorm, from
    # real-valued inputs (tokens of a small transformer block), into several result formats.
    rng = np.random.default_rng(16)
    types = {"a": Fmt(8, 4, True, "RND_CONV", "SAT"), "p": Fmt(8, 0, False, "RND_CONV", "SAT"),
             "q": Fmt(16, 1, False, "RND", "SAT"), "g": Fmt(16, 4, True, "RND_CONV", "SAT"),
             "n": Fmt(8, 3, True, "RND_CONV", "SAT"), "s": Fmt(12, 8, True, "TRN", "WRAP"),
             "m": Fmt(10, 4, True, "RND_INF", "SAT_SYM")}
    m = Model("rows", 3, types, params_file="params.npz")
    m.input("x", "a", [6, 16], rng, real=True)
    m.softmax("attn", "x", "p")
    m.softmax("attn16", "x", "q", axis=1)
    m.norm("ln", "layernorm", "x", rng, gamma=("g", 2048, 6144), beta=("g", -2048, 2048), out="n")
    m.norm("ln_plain", "layernorm", "x", rng, eps=0.25)
    m.norm("rms", "rmsnorm", "x", rng, gamma=("g", 3000, 5000), eps=1e-6, out="n")
    m.reduce("pool", "mean", "x", [1], "m")
    m.reduce("rowsum", "sum", "x", [-1], "s", keepdims=True)
    m.reduce("peak", "max", "x", [1, 2])
    m.reduce("avg_all", "mean", "x", [1, 2], "n")
    m.output("attn", "attn16", "ln", "ln_plain", "rms", "pool", "rowsum", "peak", "avg_all")
    case("normalization_rows", "softmax (last axis into ufixed<8,0>, axis 1 into ufixed<16,1>), layernorm with and "
         "without gain and bias, rmsnorm, reduce_mean over tokens and over a whole sample, reduce_sum, reduce_max", m)

    # Attention: two heads of Q·Kᵀ, softmax and ·V on [B, 2, 6, 8], the heads split and joined by
    # re-layouts, from real-valued token inputs.
    rng = np.random.default_rng(17)
    types = {"a": Fmt(8, 3, True, "RND_CONV", "SAT"), "w": Fmt(8, 1), "b": Fmt(16, 6),
             "p": Fmt(8, 0, False, "RND_CONV", "SAT"), "s": Fmt(10, 5, True, "RND", "SAT")}
    m = Model("attention", 2, types, params_file="params.npz")
    m.input("x", "a", [6, 16], rng, real=True)
    for proj in ("q", "k", "v"):
        m.dense(proj, "x", 16, "w", "b", "a", rng=rng, real=True)
        m.reshape(proj + "r", proj, [6, 2, 8])
        m.transpose(proj + "h", proj + "r", [0, 2, 1, 3])
    m.matmul("scores", "qh", "kh", "s", transpose_b=True)
    m.softmax("attn", "scores", "p")
    m.matmul("mixed", "attn", "vh", "a")
    m.transpose("joined", "mixed", [0, 2, 1, 3])
    m.reshape("tokens", "joined", [6, 16])
    m.output("scores", "attn", "tokens")
    case("attention_heads", "two-head attention: matmul with a transposed operand, softmax over the keys, matmul "
         "with the values, heads split and joined by transposes", m)

    # The conv family: conv2d with padding, stride, groups and dilation, conv1d, max and average
    # pools (with and without counting the padding), from real-valued inputs.
    rng = np.random.default_rng(18)
    types = {"a": Fmt(8, 3, True, "RND_CONV", "SAT"), "w": Fmt(8, 1), "b": Fmt(16, 6),
             "y": Fmt(8, 2, True, "RND", "SAT"), "m": Fmt(10, 4, True, "RND_INF", "SAT_SYM")}
    m = Model("convs", 2, types, params_file="params.npz")
    m.input("img", "a", [7, 6, 4], rng, real=True)
    m.input("seq", "a", [11, 3], rng, real=True)
    m.conv("c1", "img", 8, [3, 3], "w", "b", rng, out="y", padding=([1, 1], [1, 1]), relu_=True)
    m.conv("c2", "c1", 4, [3, 2], "w", None, rng, stride=[2, 1], dilation=[1, 2], groups=4)
    m.pool("mp", "max", "c1", [2, 2], stride=[2, 2], padding=([1, 0], [0, 1]))
    m.pool("ap", "avg", "c1", [3, 3], out="m", stride=[2, 2], padding=([1, 1], [1, 1]))
    m.pool("api", "avg", "c1", [3, 3], out="m", stride=[2, 2], padding=([1, 1], [1, 1]), count_include_pad=True)
    m.conv("s1", "seq", 6, [3], "w", "b", rng, out="y", stride=[2], padding=([2], [1]))
    m.pool("sp", "avg", "s1", [2], out="m")
    m.output("c1", "c2", "mp", "ap", "api", "s1", "sp")
    case("conv_windows", "conv2d with padding and a fused relu, a grouped conv2d with stride and dilation, max "
         "and average pools with padding (counted and not), a strided conv1d and an average pool", m)

    # softmax with one reciprocal per line (reciprocal: 1) next to the exact division, over the last
    # axis and an earlier one, into formats of 1 to 9 fractional bits (9: probabilities above 1/2
    # saturate) and several rounding modes, from real-valued scores.
    rng = np.random.default_rng(19)
    types = {"a": Fmt(8, 3, True, "RND_CONV", "SAT"), "p": Fmt(8, 0, False, "RND_CONV", "SAT"),
             "q": Fmt(16, 1, False, "RND", "SAT"), "t": Fmt(8, -1, False, "TRN", "SAT"),
             "z": Fmt(12, 2, True, "RND_ZERO", "WRAP")}
    m = Model("softmax_reciprocal", 4, types)
    m.input("s", "a", [5, 12], rng, real=True)
    m.softmax("divided", "s", "p")
    m.softmax("recip", "s", "p", reciprocal=True)
    m.softmax("recip16", "s", "q", axis=1, reciprocal=True)
    m.softmax("recip_t", "s", "t", reciprocal=True)
    m.softmax("recip_z", "s", "z", axis=1, reciprocal=True)
    m.output("divided", "recip", "recip16", "recip_t", "recip_z")
    case("softmax_reciprocal", "softmax with one reciprocal per line (reciprocal: 1) over the last axis and an earlier "
         "one, into ufixed<8,0>, ufixed<16,1>, ufixed<8,-1> (saturating) and a wrapping fixed<12,2>, next to the exact "
         "division", m)

    with open(os.path.join(base, "README.md"), "w") as fh:
        fh.write("# Oracle fixtures\n\nMade by `/usr/bin/python3 scripts/make_fixtures.py` with the independent numpy "
                 "oracle in `scripts/oracle/`.\nEach directory: `model.aiem`, parameters, input `x.npy`, expected "
                 "outputs (integer codes), `case.json`.\n\n" + "".join(f"- `{c}`\n" for c in sorted(cases)))


if __name__ == "__main__":
    examples()
    dag_examples()
    fixtures()
    print("fixtures written")
