#!/usr/bin/env bash
# Usage: error_paths_test.sh AIEMC SOURCE_DIR. Walks the user and environment error paths of every
# subcommand: each must exit 1 (never 2, never a signal), name the offending file, path or option,
# never call itself an internal error, and leave nothing behind.
set -u
aiemc="$1"; src="$2"; tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
source "$(dirname "${BASH_SOURCE[0]}")/../shell_checks.sh"
ex="$src/examples/jet_tagger"; m="$ex/jet_tagger.aiem"; in="x=$ex/input.npy"
onnx="$src/tests/fixtures/onnx/bad/good_tiny.onnx"
cd "$tmp" || exit 1

mkdir dir; echo "x" > file; echo garbage > bad.npy; printf 'junk' > bad.onnx
printf 'model m {\n  input x : int8[4]\n  output x\n' > truncated.aiem
printf '{"name":' > bad_device.json
printf '[fc1\ncascade = 2\n' > bad_hints.toml
"$aiemc" build "$m" -o prj -q || { echo "FAIL: the baseline build"; exit 1; }

# user_error NAME TEXT COMMAND...: exit 1, the output names TEXT, no "internal error".
user_error() {
  local name="$1" text="$2"; shift 2
  check "$name" 1 "$@"; contains "$name" "$text"
  if grep -q "internal error" "$tmp/out"; then echo "FAIL $name: reported as an internal error"; cat "$tmp/out"; fails=$((fails+1));
  else passes=$((passes+1)); fi
}

# Model files that are missing, directories, not .aiem, or malformed: every reading subcommand.
for sub in check run place report; do
  user_error "$sub-missing" "nope.aiem: error: cannot read file" "$aiemc" $sub nope.aiem
  user_error "$sub-directory" "dir: error: cannot read file" "$aiemc" $sub dir
  user_error "$sub-not-aiem" "file:1:1: error:" "$aiemc" $sub file
  user_error "$sub-truncated" "truncated.aiem:4:1: error: expected '}'" "$aiemc" $sub truncated.aiem
  user_error "$sub-bad-onnx" "bad.onnx: not an ONNX model" "$aiemc" $sub bad.onnx
done
user_error build-missing "nope.aiem: error: cannot read file" "$aiemc" build nope.aiem -o result
user_error build-bad-onnx "bad.onnx: not an ONNX model" "$aiemc" build bad.onnx -o result
user_error import-missing "nope.onnx: cannot open the file" "$aiemc" import nope.onnx
user_error import-directory "dir: not an ONNX model" "$aiemc" import dir
user_error import-not-onnx "file: not an ONNX model" "$aiemc" import file
user_error emulate-not-project "dir/aiem_project.json: cannot open" "$aiemc" emulate dir
user_error emulate-missing "nope/aiem_project.json: cannot open" "$aiemc" emulate nope

# `check` makes build's checks (the same code): a valid model build would refuse is a warning, an
# error with --build; a buildable one is neither.
cat > "$tmp/bcast.aiem" <<'EOF'
model bcast {
  input x : int8[16]
  h = dense(x, 1, w: int8 from random(1)) -> int8
  y = sub(h, x) -> int8
  output y
}
EOF
check check-unbuildable 0 "$aiemc" check "$tmp/bcast.aiem"
contains check-unbuildable "warning: aiemc build would refuse this model for vek280: 'y': sub of [1,1] and [1,16]: the AIE backend broadcasts the second operand only"
user_error check-build "bcast.aiem:4:7: error: 'y': sub of [1,1] and [1,16]: the AIE backend broadcasts the second operand only" \
  "$aiemc" check --build "$tmp/bcast.aiem"
"$aiemc" import "$onnx" --batch 65536 -o big_batch.aiem > /dev/null 2>&1  # the activations, not the weights, overflow
check check-build-batch 0 "$aiemc" check --build big_batch.aiem  # ... so the batch runs as graph iterations
user_error report-whole-batch "'fc1' (4x3 weights, batch 65536) does not fit the tiles' data memory" \
  "$aiemc" report big_batch.aiem --samples-per-iteration 65536
contains report-whole-batch "stage 0 needs 2099296 bytes of data memory"
user_error report-batch-divisor "the batch of 65536 cannot run as graph iterations of 3 sample(s): 3 does not divide the batch 65536" \
  "$aiemc" report big_batch.aiem --samples-per-iteration 3
check check-build-ok 0 "$aiemc" check --build "$m"
ok check-build-quiet "! grep -q warning '$tmp/out'"

# Options: unknown, missing, out of range, malformed; each names the option.
user_error no-subcommand "aiemc: error: A subcommand is required" "$aiemc"
user_error unknown-option "--frobnicate" "$aiemc" check --frobnicate "$m"
user_error build-no-output "aiemc build: error: --output is required" "$aiemc" build "$m"
user_error place-budget "aiemc place: error: --budget: Value 0 not in range" "$aiemc" place "$m" --budget 0
user_error report-batch "--batch: Value 0 not in range" "$aiemc" report "$onnx" --batch 0
user_error place-columns "--columns: column range 'abc'" "$aiemc" place "$m" --columns abc
user_error place-keep-out "keep-out tile (999,999) is outside vek280's array" "$aiemc" place "$m" --keep-out 999,999
user_error report-device "unknown device 'nosuch'" "$aiemc" report "$m" --device nosuch
user_error report-device-json "bad_device.json" "$aiemc" report "$m" --device bad_device.json
sed 's/"columns": 38/"columns": 100000/' "$src/stdlib/devices/vek280.json" > huge_device.json
user_error report-device-huge "field 'array.columns' is 100000; a device has at most 1024 columns" \
  "$aiemc" report "$m" --device huge_device.json
user_error build-hints-missing "nope.toml: cannot read the hints file" "$aiemc" build "$m" -o result --hints nope.toml
user_error build-hints-bad "bad_hints.toml:" "$aiemc" build "$m" -o result --hints bad_hints.toml
user_error completion-shell "zsh not in {bash}" "$aiemc" completion zsh
user_error run-input-directory "--input x: dir: cannot read file" "$aiemc" run "$m" -i x=dir
user_error run-input-bad "bad.npy: not a .npy file" "$aiemc" run "$m" -i x=bad.npy
user_error build-input-bad "bad.npy" "$aiemc" build "$m" -o result -i x=bad.npy
user_error emulate-compiler "cannot start '$tmp/nope/g++'" "$aiemc" emulate prj --cxx "$tmp/nope/g++" -q

# Outputs the file system refuses: under a regular file, in a directory that cannot exist, onto a
# directory, onto a full device. The path is named; nothing is left behind.
user_error run-out-under-file "file/sub" "$aiemc" run "$m" -i "$in" -o file/sub
user_error run-out-proc "/proc/aiemc_nope" "$aiemc" run "$m" -i "$in" -o /proc/aiemc_nope
ok run-out-nothing-printed "! grep -q 'fc4 :' '$tmp/out'"
user_error build-out-under-file "file/sub" "$aiemc" build "$m" -o file/sub
user_error build-out-file "file: exists and is not a directory" "$aiemc" build "$m" -o file
user_error build-out-device "/dev/null: is a device, pipe or socket" "$aiemc" build "$m" -o /dev/null --force
user_error import-out-under-file "file/x.aiem" "$aiemc" import "$onnx" -o file/x.aiem
user_error import-out-directory "dir: is a directory, not a file" "$aiemc" import "$onnx" -o dir
user_error report-html-directory "dir: is a directory, not a file" "$aiemc" report "$m" --html dir
user_error report-html-missing-dir "nope/r.html: directory" "$aiemc" report "$m" --html nope/r.html
user_error place-svg-under-file "file/x.svg" "$aiemc" place "$m" --svg file/x.svg
ok place-svg-no-map "! grep -q 'placed ' '$tmp/out'"
user_error emulate-work-dir "file: cannot create the work directory" "$aiemc" emulate prj --work-dir file -q
user_error emulate-output-dir "file/fc4.npy" "$aiemc" emulate prj --output-dir file -q
if [[ -w /dev/full ]]; then  # a full disk: the write error is reported, the device survives
  user_error report-html-full "/dev/full: write failed: No space left on device" "$aiemc" report "$m" --html /dev/full
  ok device-kept "[[ -c /dev/full ]]"
  for cmd in "check --emit ir $m" "report $m" "place $m" "run $m -i $in" "--help"; do
    user_error "stdout-full: $cmd" "cannot write to standard output: No space left on device" \
      bash -c "\"$aiemc\" $cmd > /dev/full"
  done
fi
[[ "$(head -c 15 < <("$aiemc" report "$m" --html /dev/stdout))" == "<!DOCTYPE html>" ]] && passes=$((passes+1)) \
  || { echo "FAIL: --html /dev/stdout is not written in place"; fails=$((fails+1)); }

# Nothing partial: no output made by a failed command, no temporaries anywhere.
ok no-out "[[ ! -e result && ! -e nope ]]"
ok no-temporaries "[[ -z \"\$(find . /proc -maxdepth 1 -name '.*tmp-*' 2>/dev/null)\" ]]"
ok file-kept "[[ \"\$(cat file)\" == x ]]"

echo "error paths: $passes passed, $fails failed"
[[ $fails -eq 0 ]]
