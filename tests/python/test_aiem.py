"""The Python module `aiem` (docs/python.md), from the build tree: PYTHONPATH=<build>/python.

Every prediction is checked against a committed oracle: ONNX Runtime's outputs for the imported
fixtures (bit for bit on float arrays), the examples' expected codes for .aiem models.
"""
import json
import os
import pathlib
import shutil
import tempfile
import unittest

import numpy as np

import aiem

SRC = pathlib.Path(os.environ.get("AIEM_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))
FIXTURES = SRC / "tests" / "fixtures"
TINY = """
model tiny {
  batch 2
  input x : int8[4]
  y = dense(x, 3, w: int8 from [[1, 0, -1], [2, 1, 0], [0, 3, 1], [-1, -1, 2]], b: int32 from [10, -20, 5]) -> int8 |> relu
  output y
}
"""


def exact_fixtures():
    """The ONNX Runtime fixtures whose ops ONNX Runtime computes exactly (no float row ops)."""
    for group in ("onnx", "onnx_conv"):
        for case in sorted((FIXTURES / group).iterdir()):
            meta = case / "case.json"
            if meta.exists() and json.loads(meta.read_text()).get("oracle") == "onnxruntime":
                yield case


class Predict(unittest.TestCase):
    def test_imported_models_predict_onnx_runtime_floats_bit_for_bit(self):
        cases = list(exact_fixtures())
        self.assertGreaterEqual(len(cases), 20)
        for case in cases:
            with self.subTest(case=case.name):
                m = aiem.import_onnx(case / "model.onnx")
                x = np.load(case / "input.npy")
                y = m.predict(x)
                want = np.load(case / "expected_float.npy")
                self.assertEqual(y.dtype, np.float32)
                self.assertEqual(y.shape, want.shape)
                self.assertTrue(np.array_equal(y, want), f"{np.sum(y != want)} of {y.size} values differ")

    def test_integer_arrays_are_codes_in_and_out(self):
        case = FIXTURES / "onnx" / "jet_tagger"
        m = aiem.import_onnx(case / "model.onnx")
        codes = m.predict(np.load(case / "input_codes.npy"))
        self.assertEqual(codes.dtype, np.uint8)
        self.assertTrue(np.array_equal(codes, np.load(case / "expected.npy")))
        self.assertTrue(np.array_equal(m.quantize(np.load(case / "input.npy")), np.load(case / "input_codes.npy")))
        self.assertTrue(np.array_equal(m.dequantize(codes).astype(np.float32), np.load(case / "expected_float.npy")))

    def test_float_row_ops_agree_within_one_lsb(self):
        # Softmax, LayerNormalization...: ONNX Runtime computes in float, aiemc in exact integers.
        for case in sorted(p.parent for p in (FIXTURES / "onnx_float_ops").glob("*/model.onnx")):
            with self.subTest(case=case.name):
                m = aiem.import_onnx(case / "model.onnx")
                got = m.predict(np.load(case / "input_codes.npy")).astype(np.int64)
                want = np.load(case / "expected.npy").astype(np.int64)
                self.assertLessEqual(int(np.max(np.abs(got - want))), 1)

    def test_softmax_reciprocal_is_an_import_option(self):
        case = FIXTURES / "onnx_float_ops" / "softmax_head"
        m = aiem.import_onnx(case / "model.onnx", softmax_reciprocal=True)
        self.assertIn("reciprocal", m.ir)
        self.assertNotIn("reciprocal", aiem.import_onnx(case / "model.onnx").ir)
        got = m.predict(np.load(case / "input_codes.npy")).astype(np.int64)
        self.assertLessEqual(int(np.max(np.abs(got - np.load(case / "expected.npy")))), 1)

    def test_any_number_of_samples_and_the_aiem_language(self):
        m = aiem.load(TINY)
        self.assertEqual((m.name, m.batch), ("tiny", 2))
        x = np.array([[1, 2, 3, 4], [-5, 6, -7, 8], [1, 2, 3, 4]], dtype=np.int8)
        y = m.predict(x)  # 3 samples: two batches, the second padded
        self.assertEqual(y.dtype, np.int8)
        self.assertEqual(y.tolist(), [[11, 0, 15], [9, 0, 19], [11, 0, 15]])
        ex = SRC / "examples" / "jet_tagger"
        j = aiem.load(str(ex / "jet_tagger.aiem"))
        x, want = np.load(ex / "input.npy"), np.load(ex / "expected_fc4.npy")  # real inputs, output codes
        self.assertTrue(np.array_equal(j.predict(j.quantize(x)), want))
        self.assertTrue(np.array_equal(j.predict(x), j.dequantize(want)))

    def test_several_inputs_and_outputs_are_dicts(self):
        m = aiem.load(str(SRC / "examples" / "two_branch" / "two_branch.aiem"))
        rng = np.random.default_rng(1)
        x = {i.name: rng.integers(-20, 20, size=[m.batch] + i.shape[1:]).astype(np.int8) for i in m.inputs}
        y = m.predict(x)
        if len(m.outputs) > 1:
            self.assertEqual(sorted(y), sorted(o.name for o in m.outputs))
        else:
            self.assertIsInstance(y, np.ndarray)


class Errors(unittest.TestCase):
    def test_a_model_with_errors_raises_compile_error_with_its_diagnostics(self):
        with self.assertRaises(aiem.CompileError) as e:
            aiem.load("model m {\n  batch 1\n  input x : int8[4]\n  y = dense(x, 3, w: nosuch(1))\n  output y\n}\n")
        self.assertTrue(isinstance(e.exception, aiem.Error))
        d = e.exception.diagnostics[0]
        self.assertEqual((d["severity"], d["line"]), ("error", 4))
        self.assertIn("<text>:4:", str(e.exception))

    def test_bad_onnx_and_bad_arrays_raise_clear_errors(self):
        with self.assertRaises(aiem.CompileError) as e:
            aiem.import_onnx(FIXTURES / "onnx" / "bad" / "unsupported_op.onnx")
        self.assertIn("unsupported_op.onnx", str(e.exception))
        m = aiem.load(TINY)
        with self.assertRaisesRegex(aiem.Error, r"shape \[2, 5\], the model takes \[N, 4\]"):
            m.predict(np.zeros((2, 5), dtype=np.int8))
        with self.assertRaisesRegex(aiem.Error, "no input 'z'"):
            m.predict({"x": np.zeros((2, 4), dtype=np.int8), "z": np.zeros((2, 4))})
        with self.assertRaisesRegex(aiem.Error, "not a file"):
            aiem.load("no/such/model.aiem")
        with self.assertRaisesRegex(aiem.Error, "not finite"):
            m.predict(np.array([[np.nan, 0, 0, 0]]))


class Design(unittest.TestCase):
    def test_report_is_a_dict_with_the_predicted_latency(self):
        r = aiem.load(TINY).report(device="vek385")
        self.assertEqual(r["device"]["name"] if isinstance(r["device"], dict) else r["device"], "vek385")
        self.assertGreater(r["model_timing"]["latency_ns"], 0)
        with self.assertRaises(aiem.CompileError):
            aiem.load(TINY).report(device="nosuch")

    def test_hints_as_a_dict_or_a_file_set_the_splits(self):
        m = aiem.import_onnx(FIXTURES / "onnx" / "jet_tagger" / "model.onnx")
        layer = lambda r, n: [l for l in r["layers"] if l["name"] == n][0]
        fc1 = layer(m.report(hints={"fc1": {"cascade": 1, "parallel": 4}}), "fc1")
        self.assertEqual((fc1["PK"], fc1["PN"]), (1, 4))
        with tempfile.NamedTemporaryFile("w", suffix=".toml") as f:
            f.write("[fc2]\ncascade = 2\nparallel = 1\n")
            f.flush()
            fc2 = layer(m.build(hints=f.name).report, "fc2")
            self.assertEqual((fc2["PK"], fc2["PN"]), (2, 1))
        with self.assertRaisesRegex(aiem.Error, "no layer 'nosuch'"):
            m.report(hints={"nosuch": {"cascade": 2}})

    def test_build_writes_a_complete_project_and_emulates_it(self):
        case = FIXTURES / "onnx" / "jet_tagger"
        m = aiem.import_onnx(case / "model.onnx")
        x = np.load(case / "input.npy")[:6]
        tmp = pathlib.Path(tempfile.mkdtemp())
        try:
            p = m.build(tmp / "project")
            for f in ("Makefile", "src/graph.cpp", "host/host.cpp", "report.json", "aiem_project.json"):
                self.assertTrue((tmp / "project" / f).is_file(), f)
            self.assertEqual(p.dir, tmp / "project")
            self.assertIn("model_", p.summary)
            y = p.emulate(x)  # through the host emulation of the AIE API, checked against the interpreter
            self.assertTrue(np.array_equal(y, np.load(case / "expected_float.npy")[:6]))
            y2 = p.emulate(np.load(case / "input.npy")[6:12])  # same number of batches: nothing recompiles
            self.assertTrue(np.array_equal(y2, np.load(case / "expected_float.npy")[6:12]))
            (tmp / "mine").mkdir()
            (tmp / "mine" / "notes.txt").write_text("keep")
            with self.assertRaises(aiem.Error):
                m.build(tmp / "mine")
            self.assertEqual((tmp / "mine" / "notes.txt").read_text(), "keep")
            mem = m.build(device="ve2302")  # in memory only
            self.assertIsNone(mem.dir)
            self.assertIn("Makefile", mem.files)
            self.assertIsInstance(mem.files["data/x.bin"], bytes)
        finally:
            shutil.rmtree(tmp)


if __name__ == "__main__":
    unittest.main()
