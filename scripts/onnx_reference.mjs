// Expected outputs of the QDQ importer fixtures, computed by ONNX Runtime (the oracle; aiemc's own
// code is never used here). For each fixture directory whose case.json names "onnxruntime":
//   input_codes.npy  <- input_quantizer.onnx (the model's input QuantizeLinear) on input.npy
//   expected.npy     <- model.onnx on input.npy, the float output turned back into the codes of the
//                       model's last QuantizeLinear: code = (y / scale) + zero_point, which is exact
//                       because y = (code - zero_point) * scale was computed from an integer code
//                       (checked below to 1e-3).
//   expected_float.npy <- model.onnx on input.npy, the raw float32 output exactly as ORT returns it.
//
// Usage (onnxruntime-node installed outside the repository, e.g. with `npm install onnxruntime-node` in /some/dir):
//   NODE_PATH=/some/dir/node_modules node scripts/onnx_reference.mjs tests/fixtures/onnx/*/
// The session uses ONNX Runtime's default graph optimizations (what users get); ORT_OPT=disabled
// runs the unoptimized graph instead, for comparison.
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";

const require = createRequire(import.meta.url);
const ort = require(process.env.NODE_PATH ? path.join(process.env.NODE_PATH, "onnxruntime-node") : "onnxruntime-node");

// ---- minimal .npy (version 1.0, little-endian, C order) ----
const DTYPES = {
  "<f4": [Float32Array, "float32"], "<f8": [Float64Array, "float64"], "|i1": [Int8Array, "int8"],
  "|u1": [Uint8Array, "uint8"], "<i4": [Int32Array, "int32"], "<i8": [BigInt64Array, "int64"],
};

function readNpy(file) {
  const buf = fs.readFileSync(file);
  const headerLen = buf.readUInt16LE(8);
  const header = buf.subarray(10, 10 + headerLen).toString("latin1");
  const descr = /'descr':\s*'([^']+)'/.exec(header)[1];
  const shape = /'shape':\s*\(([^)]*)\)/.exec(header)[1].split(",").filter((s) => s.trim()).map(Number);
  if (/'fortran_order':\s*True/.test(header)) throw new Error(`${file}: Fortran order not supported`);
  const [Ctor, type] = DTYPES[descr] ?? (() => { throw new Error(`${file}: dtype ${descr}`); })();
  const data = buf.subarray(10 + headerLen);
  const arr = new Ctor(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
  return { shape, type, data: arr };
}

function writeNpy(file, shape, int32Values) {
  writeNpyRaw(file, shape, "<i4", Buffer.from(Int32Array.from(int32Values).buffer));
}

function writeNpyFloat32(file, shape, float32Values) {
  writeNpyRaw(file, shape, "<f4", Buffer.from(Float32Array.from(float32Values).buffer));
}

function writeNpyRaw(file, shape, descr, body) {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const total = 10 + header.length + 1;
  header += " ".repeat((64 - (total % 64)) % 64) + "\n";
  const head = Buffer.alloc(10);
  Buffer.from([0x93]).copy(head, 0);
  head.write("NUMPY", 1, "latin1");
  head[6] = 1;
  head[7] = 0;
  head.writeUInt16LE(header.length, 8);
  fs.writeFileSync(file, Buffer.concat([head, Buffer.from(header, "latin1"), body]));
}

async function runModel(file, input) {
  const opt = process.env.ORT_OPT === "disabled" ? "disabled" : "all";
  const session = await ort.InferenceSession.create(file, { graphOptimizationLevel: opt });
  const feeds = { [session.inputNames[0]]: new ort.Tensor("float32", input.data, input.shape) };
  const out = await session.run(feeds);
  return out[session.outputNames[0]];
}

async function fixture(dir) {
  const casePath = path.join(dir, "case.json");
  if (!fs.existsSync(casePath)) return;
  const c = JSON.parse(fs.readFileSync(casePath, "utf8"));
  if (c.oracle !== "onnxruntime") return;
  const input = readNpy(path.join(dir, "input.npy"));
  const codes = await runModel(path.join(dir, "input_quantizer.onnx"), input);
  writeNpy(path.join(dir, "input_codes.npy"), input.shape, Array.from(codes.data, Number));

  const y = await runModel(path.join(dir, "model.onnx"), input);
  const out = [];
  for (const v of y.data) {
    const t = v / c.output_scale + c.output_zero_point;
    const q = Math.round(t);
    if (Math.abs(t - q) > 1e-3) throw new Error(`${dir}: output ${v} is not on the output grid`);
    out.push(q);
  }
  writeNpy(path.join(dir, "expected.npy"), y.dims.map(Number), out);
  if (y.type !== "float32") throw new Error(`${dir}: model output is ${y.type}, not float32`);
  writeNpyFloat32(path.join(dir, "expected_float.npy"), y.dims.map(Number), y.data);
  console.log(`${dir}: ${out.length} output codes from onnxruntime ${ort.env.versions.common}`);
}

for (const dir of process.argv.slice(2)) await fixture(dir);
