#!/usr/bin/env bash
# aiemc import end to end: a fixture imports, checks and runs to the oracle's codes; bad inputs
# exit with 1 and leave no output behind.
set -euo pipefail
aiemc="$1"; fixtures="$2"; tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
# The values of a .npy file, one per line (od type: d4 for int32, u1 for uint8).
npy_values() {
  local hl; hl=$(od -An -v -t u2 -j 8 -N 2 "$1" | tr -d ' ')
  od -An -v -t "$2" -j $((10 + hl)) "$1" | tr -s ' \n' '\n' | sed '/^$/d'
}

"$aiemc" import "$fixtures/jet_tagger/model.onnx" -o "$tmp/out/jet.aiem" --batch 32 2> "$tmp/log" || fail "import: $(cat "$tmp/log")"
[[ -f "$tmp/out/jet.aiem" && -f "$tmp/out/jet.npz" ]] || fail "import wrote no .aiem + .npz"
grep -q "^model jet {" "$tmp/out/jet.aiem" || fail "model is not named after the output file"
"$aiemc" check "$tmp/out/jet.aiem" > /dev/null || fail "check of the imported model"
"$aiemc" run "$tmp/out/jet.aiem" --input "x=$fixtures/jet_tagger/input_codes.npy" --codes -o "$tmp/run" > "$tmp/run.txt" \
  || fail "run of the imported model"
cmp <(npy_values "$fixtures/jet_tagger/expected.npy" d4) <(npy_values "$tmp/run/fc4.npy" u1) \
  || fail "imported jet tagger output differs from ONNX Runtime's"
# --softmax-reciprocal writes each softmax with one reciprocal per line.
"$aiemc" import "$fixtures/../onnx_float_ops/softmax_head/model.onnx" -o "$tmp/sm/sm.aiem" --softmax-reciprocal 2> "$tmp/log" \
  || fail "import --softmax-reciprocal: $(cat "$tmp/log")"
grep -q "softmax(.*reciprocal: 1)" "$tmp/sm/sm.aiem" || fail "--softmax-reciprocal did not write reciprocal: 1"
# A model without parameters (QONNX mean pooling) still gets both files: an empty .npz, as numpy
# writes one; and it runs in one step from the .onnx.
pool="$fixtures/../onnx_float_ops/qonnx_token_pool"
"$aiemc" import "$pool/model.onnx" -o "$tmp/pool/pool.aiem" 2> "$tmp/log" || fail "import of a model without parameters: $(cat "$tmp/log")"
[[ -f "$tmp/pool/pool.aiem" && -f "$tmp/pool/pool.npz" ]] || fail "import of a model without parameters wrote no .aiem + .npz"
"$aiemc" run "$pool/model.onnx" --batch 8 --input "x=$pool/input_codes.npy" --codes -o "$tmp/pool_run" > /dev/null 2> "$tmp/log" \
  || fail "one-step run of a model without parameters: $(cat "$tmp/log")"
# The user's path to the array: the imported model builds into an AIE project whose golden output
# is ONNX Runtime's, and that project emulates bit-exactly. The stream carries each row of 5 uint8
# outputs padded to 8 (whole 32-bit words), so the golden file's rows are cropped to 5.
"$aiemc" build "$tmp/out/jet.aiem" -o "$tmp/aie" --input "x=$fixtures/jet_tagger/input_codes.npy" -q 2> "$tmp/log" \
  || fail "build of the imported model: $(cat "$tmp/log")"
cmp <(npy_values "$fixtures/jet_tagger/expected.npy" d4 | tr -s ' \n' '\n' | grep -v '^$') \
    <(tr -s ' \n' '\n' < "$tmp/aie/data/golden_fc4.txt" | grep -v '^$' | awk '(NR - 1) % 8 < 5') \
  || fail "the AIE project's golden output differs from ONNX Runtime's"
"$aiemc" emulate "$tmp/aie" > "$tmp/emu.txt" 2>&1 || fail "emulation of the imported model: $(cat "$tmp/emu.txt")"
grep -q "bit-exact" "$tmp/emu.txt" || fail "emulation not bit-exact: $(cat "$tmp/emu.txt")"

# One step: an .onnx model goes straight to check, run, report and build (imported in memory), and
# per-layer hints come from a TOML file keyed by layer name, so a re-import keeps them.
onnx="$fixtures/jet_tagger/model.onnx"
"$aiemc" check "$onnx" > "$tmp/log" 2>&1 || fail "check of an .onnx model: $(cat "$tmp/log")"
"$aiemc" run "$onnx" --batch 32 --input "x=$fixtures/jet_tagger/input_codes.npy" --codes -o "$tmp/run1" > /dev/null 2>&1 \
  || fail "run of an .onnx model"
cmp <(npy_values "$fixtures/jet_tagger/expected.npy" d4) <(npy_values "$tmp/run1/fc4.npy" u1) \
  || fail "one-step run differs from ONNX Runtime"
# The float input the ONNX model takes: quantized as ONNX Runtime's QuantizeLinear does (@real).
"$aiemc" run "$onnx" --batch 32 --input "x=$fixtures/jet_tagger/input.npy" --codes -o "$tmp/runf" > /dev/null 2>&1 \
  || fail "run with the float input"
cmp <(npy_values "$fixtures/jet_tagger/expected.npy" d4) <(npy_values "$tmp/runf/fc4.npy" u1) \
  || fail "the float input does not give ONNX Runtime's codes"
"$aiemc" build "$onnx" --batch 32 --input "x=$fixtures/jet_tagger/input.npy" -o "$tmp/aief" -q 2> "$tmp/log" \
  || fail "build with the float input: $(cat "$tmp/log")"
cmp <(npy_values "$fixtures/jet_tagger/expected.npy" d4 | tr -s ' \n' '\n' | grep -v '^$') \
    <(tr -s ' \n' '\n' < "$tmp/aief/data/golden_fc4.txt" | grep -v '^$' | awk '(NR - 1) % 8 < 5') \
  || fail "build with the float input: golden output differs from ONNX Runtime's"
printf '[fc1]\ncascade = 1\nparallel = 4\n[fc4]\nedge = "memtile"\n' > "$tmp/hints.toml"
"$aiemc" build "$onnx" --batch 32 --hints "$tmp/hints.toml" --input "x=$fixtures/jet_tagger/input_codes.npy" -o "$tmp/aie1" -q \
  2> "$tmp/log" || fail "one-step build: $(cat "$tmp/log")"
grep -q '"cascade": 1,' "$tmp/aie1/report.json" && grep -q '"parallel": 4,' "$tmp/aie1/report.json" || fail "hints not applied"
cmp <(npy_values "$fixtures/jet_tagger/expected.npy" d4 | tr -s ' \n' '\n' | grep -v '^$') \
    <(tr -s ' \n' '\n' < "$tmp/aie1/data/golden_fc4.txt" | grep -v '^$' | awk '(NR - 1) % 8 < 5') \
  || fail "one-step build: golden output differs from ONNX Runtime's"
"$aiemc" report "$onnx" --hints "$tmp/hints.toml" --json > "$tmp/rep.json" 2> "$tmp/log" || fail "one-step report: $(cat "$tmp/log")"
printf '[fc9]\ncascade = 2\n' > "$tmp/bad_hints.toml"
set +e
"$aiemc" build "$onnx" --hints "$tmp/bad_hints.toml" -o "$tmp/aie2" -q 2> "$tmp/err"; rc=$?
set -e
[[ $rc -eq 1 ]] && grep -q "bad_hints.toml: \[fc9\]: the model '.*' has no layer 'fc9'" "$tmp/err" || fail "unknown hint layer: rc $rc: $(cat "$tmp/err")"
[[ ! -e "$tmp/aie2" ]] || fail "a project was written despite bad hints"
printf '[fc1]\ntiles = 2\n' > "$tmp/bad_key.toml"
set +e; "$aiemc" report "$onnx" --hints "$tmp/bad_key.toml" 2> "$tmp/err"; rc=$?; set -e
[[ $rc -eq 1 ]] && grep -q "unknown hint 'tiles'" "$tmp/err" || fail "unknown hint key: $(cat "$tmp/err")"
set +e; "$aiemc" check "$tmp/out/jet.aiem" --batch 4 2> "$tmp/err"; rc=$?; set -e
[[ $rc -eq 1 ]] && grep -q "applies to .onnx models" "$tmp/err" || fail "--batch on a .aiem model: $(cat "$tmp/err")"
ls "${TMPDIR:-/tmp}" | grep -q "^aiem-onnx-" && fail "an imported temporary was left behind" || true

for bad in unsupported_op missing_initializer unsupported_opset inconsistent_shapes not_onnx; do
  set +e
  "$aiemc" import "$fixtures/bad/$bad.onnx" -o "$tmp/bad/$bad.aiem" 2> "$tmp/err"
  rc=$?
  set -e
  [[ $rc -eq 1 ]] || fail "$bad: exit code $rc, expected 1"
  grep -q "aiemc: error: " "$tmp/err" || fail "$bad: no error message"
  [[ ! -e "$tmp/bad/$bad.aiem" && ! -e "$tmp/bad/$bad.npz" ]] || fail "$bad: partial output left behind"
done
head -c 3000 "$fixtures/jet_tagger/model.onnx" > "$tmp/truncated.onnx"
set +e; "$aiemc" import "$tmp/truncated.onnx" -o "$tmp/t.aiem" 2> /dev/null; rc=$?; set -e
[[ $rc -eq 1 && ! -e "$tmp/t.aiem" ]] || fail "truncated model: exit code $rc"
echo "cli import: all passed"
