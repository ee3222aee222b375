#!/usr/bin/env bash
set -euo pipefail
build="$1"; src="$2"; tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" > "$tmp/install.log"
cmake -S "$src/examples/embed" -B "$tmp/build" -DCMAKE_PREFIX_PATH="$tmp/prefix" -DCMAKE_BUILD_TYPE=Release > "$tmp/configure.log"
cmake --build "$tmp/build" > "$tmp/build.log"
out="$("$tmp/build/embed")"
expected=$'y : int8\n11 0 15\n9 0 19'
if [[ "$out" != "$expected" ]]; then echo "embed printed:"; echo "$out"; echo "expected:"; echo "$expected"; exit 1; fi
echo "embed example: 1 passed, 0 failed"
