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
echo "embed example and installed aiem_emulate: 2 passed, 0 failed"
