#!/usr/bin/env bash
set -euo pipefail
build="$1"; src="$(cd "$2" && pwd)"; flags="${3:-}"; tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" > "$tmp/install.log"
cmake -S "$src/examples/embed" -B "$tmp/build" -DCMAKE_PREFIX_PATH="$tmp/prefix" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_CXX_FLAGS="$flags" > "$tmp/configure.log"
cmake --build "$tmp/build" > "$tmp/build.log"
out="$("$tmp/build/embed")"
expected=$'y : int8\n11 0 15\n9 0 19'
if [[ "$out" != "$expected" ]]; then echo "embed printed:"; echo "$out"; echo "expected:"; echo "$expected"; exit 1; fi
# The whole flow through the installed headers and aiem::onnx: an ONNX Runtime fixture's first 4
# samples predicted as ONNX Runtime computed them, then built, emulated and compared.
fx="$src/tests/fixtures/onnx/jet_tagger"
python3 -c "import sys; d=open(sys.argv[1],'rb').read(); h=int.from_bytes(d[8:10],'little'); open(sys.argv[2],'wb').write(d[10+h:10+h+4*16*4])" \
  "$fx/input.npy" "$tmp/x.f32"
want="$(python3 -c "import sys; d=open(sys.argv[1],'rb').read(); h=int.from_bytes(d[8:10],'little'); import struct; print(' '.join('%g' % v for v in struct.unpack('<5f', d[10+h:10+h+20])))" "$fx/expected_float.npy")"
# Installed under another prefix than the configured one: AIEM_DATA_DIR names its data (docs/api.md).
flow_out="$(AIEM_DATA_DIR="$tmp/prefix/share/aiem" "$tmp/build/flow" "$fx/model.onnx" "$tmp/x.f32" 4 "$tmp/flow_project" 2>&1)" || { echo "flow failed:"; echo "$flow_out"; exit 1; }
grep -qx "model_: fc4\[0\] = $want" <<< "$flow_out" || { echo "flow's prediction is not ONNX Runtime's ($want):"; echo "$flow_out"; exit 1; }
grep -q "^emulated: bit-exact with the golden files, equal to the prediction" <<< "$flow_out" || { echo "$flow_out"; exit 1; }
[ -f "$tmp/flow_project/host/host.cpp" ] || { echo "flow wrote no project"; exit 1; }
# The installed CMake helper: aiem_emulate() builds a generated project against the installed host
# emulation headers; its _check target runs it and compares the outputs with the golden files.
mkdir -p "$tmp/emu"
cat > "$tmp/emu/CMakeLists.txt" <<CMAKE
cmake_minimum_required(VERSION 3.22)
project(emulate_installed CXX)
find_package(aiem REQUIRED)
aiem_emulate(two_stage "$src/tests/host_adf/projects/two_stage")
CMAKE
cmake -S "$tmp/emu" -B "$tmp/emu/build" -DCMAKE_PREFIX_PATH="$tmp/prefix" > "$tmp/emu.log" 2>&1 || { cat "$tmp/emu.log"; exit 1; }
cmake --build "$tmp/emu/build" --target two_stage_check > "$tmp/emu_build.log" 2>&1 || { cat "$tmp/emu_build.log"; exit 1; }
grep -q "stdlib/host" "$tmp/emu/build/CMakeFiles/two_stage.dir/flags.make" \
  && { echo "aiem_emulate used the source tree's headers, not the installed ones"; exit 1; }
echo "embed example, the installed flow and installed aiem_emulate: 3 passed, 0 failed"
