// ONNX Runtime's output codes for every int8 input code of each table fixture
// (tests/fixtures/onnx/tables/, made by scripts/make_dag_onnx_fixtures.py): input x = code * s_in
// (exactly on the grid), output code = y / s_out (y is (code - 0) * s_out, so this is exact).
// Writes <dir>/expected.json: { model: [256 codes, for input codes -128 .. 127] }.
// Usage: NODE_PATH=/some/dir/node_modules node scripts/table_reference.mjs tests/fixtures/onnx/tables
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";

const require = createRequire(import.meta.url);
const ort = require(process.env.NODE_PATH ? path.join(process.env.NODE_PATH, "onnxruntime-node") : "onnxruntime-node");
const dir = process.argv[2];
const index = JSON.parse(fs.readFileSync(path.join(dir, "index.json")));
const expected = {};
for (const c of index) {
  const s = await ort.InferenceSession.create(path.join(dir, c.model));
  const x = new Float32Array(256);
  for (let i = 0; i < 256; ++i) x[i] = Math.fround((i - 128) * c.input_scale);
  const r = await s.run({ x: new ort.Tensor("float32", x, [1, 256]) });
  expected[c.model] = Array.from(r.y.data).map((v) => Math.round(v / Math.fround(c.output_scale)));
}
fs.writeFileSync(path.join(dir, "expected.json"), JSON.stringify(expected, null, 0) + "\n");
console.log(`${dir}: ${index.length} tables from onnxruntime ${require(path.join(process.env.NODE_PATH ?? "", "onnxruntime-node/package.json")).version}`);
