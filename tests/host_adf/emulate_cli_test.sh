#!/usr/bin/env bash
# Usage: emulate_cli_test.sh AIEMC SOURCE_DIR. `aiemc emulate` on a hand-written project: the
# bit-exact case, a golden mismatch, a malformed PLIO file, a broken kernel and a bad manifest.
set -u
aiemc="$1"; src="$2"; tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
source "$(dirname "${BASH_SOURCE[0]}")/../shell_checks.sh"
fresh() { rm -rf "$tmp/p"; cp -r "$src/tests/host_adf/projects/two_stage" "$tmp/p"; }

fresh
check exact 0 "$aiemc" emulate "$tmp/p" --work-dir "$tmp/w"; contains exact "y: 16 values, bit-exact with data/golden_y.txt"
[[ -f "$tmp/w/output/data/y.txt" ]] && passes=$((passes+1)) || { echo "FAIL: --work-dir lost the output"; fails=$((fails+1)); }

fresh; sed -i '2s/.*/-91 -83/' "$tmp/p/data/golden_y.txt"
check mismatch 1 "$aiemc" emulate "$tmp/p"
contains mismatch "y: MISMATCH with data/golden_y.txt: 16 values written, 16 expected, 1 differ (first at value 3: got -84, expected -83)"

fresh; sed -i '2s/.*/5 -6 seven -8/' "$tmp/p/data/x.txt"
check bad-plio 1 "$aiemc" emulate "$tmp/p"; contains bad-plio "data/x.txt:2: expected an integer, found 'seven'"

fresh; sed -i 's/in.data()\[i\] + delta/in.data()[i] + undeclared/' "$tmp/p/src/kernels/offset.cc"
check bad-kernel 1 "$aiemc" emulate "$tmp/p"; contains bad-kernel "does not compile against the host emulation"
contains bad-kernel "offset.cc:"
check bad-kernel-separate 1 "$aiemc" emulate --separate "$tmp/p"; contains bad-kernel-separate "offset.cc: does not compile against the host emulation"
contains bad-kernel "undeclared"

# A graph that needs the AIE API fails as in AMD's graph front end (C++17, no __AIENGINE__), even
# though the same code would compile as kernel code.
fresh; sed -i 's|#include "kernels.h"|#include "kernels.h"\n#include <aie_api/aie.hpp>\ninline const auto graph_side_zeros = aie::zeros<int8, 16>();|' "$tmp/p/src/graph.h"
check graph-front-end 1 "$aiemc" emulate "$tmp/p"
contains graph-front-end "the graph does not compile as AMD's graph front end compiles it"
contains graph-front-end "zeros"

fresh; sed -i 's/"aie_arch": 20/"aie_arch": 19/' "$tmp/p/aiem_project.json"
check bad-arch 1 "$aiemc" emulate "$tmp/p"; contains bad-arch "aiem_project.json: 'aie_arch' must be 20 (AIE-ML) or 22 (AIE-MLv2)"

fresh; sed -i 's|"src/kernels/square.cc"|"../square.cc"|' "$tmp/p/aiem_project.json"
check escape 1 "$aiemc" emulate "$tmp/p"; contains escape "'kernels[0]'"
contains escape "must stay inside the project"

fresh
check sanitized 0 "$aiemc" emulate "$tmp/p" --cxxflag=-fsanitize=address,undefined --cxxflag=-fno-sanitize-recover=undefined
contains sanitized "bit-exact"
check bad-flag 1 "$aiemc" emulate "$tmp/p" --cxxflag=-fno-such-option; contains bad-flag "does not compile against the host emulation"

check no-project 1 "$aiemc" emulate "$tmp/nothing"; contains no-project "cannot open (is"

# Compilers: missing, a launcher in CXX, a C compiler.
fresh
check no-compiler 1 "$aiemc" emulate "$tmp/p" --cxx no-such-compiler; contains no-compiler "cannot start 'no-such-compiler'"
contains no-compiler "--cxx or CXX"
check c-compiler 1 "$aiemc" emulate "$tmp/p" --cxx gcc; contains c-compiler "cannot build a C++20 program"
if command -v ccache > /dev/null; then
  check launcher 0 env CXX="ccache g++" "$aiemc" emulate "$tmp/p"; contains launcher "bit-exact"
fi

# A kept work directory rebuilds only what changed; progress goes to stderr; outputs as .npy.
fresh
check first 0 "$aiemc" emulate "$tmp/p" --work-dir "$tmp/wd" --output-dir "$tmp/npy"
contains first "compiling 1 translation unit(s)"
[[ -f "$tmp/npy/y.npy" && -f "$tmp/wd/output/y.npy" ]] && passes=$((passes+1)) || { echo "FAIL: no .npy outputs"; fails=$((fails+1)); }
check again 0 "$aiemc" emulate "$tmp/p" --work-dir "$tmp/wd"; contains again "1 translation unit(s) up to date"
touch "$tmp/p/src/kernels/offset.cc"
check touched 0 "$aiemc" emulate "$tmp/p" --work-dir "$tmp/wd"; contains touched "compiling 1 translation unit(s)"
check quiet 0 "$aiemc" emulate "$tmp/p" --work-dir "$tmp/wd" -q
grep -q "aiemc emulate:" "$tmp/out" && { echo "FAIL quiet: progress printed"; fails=$((fails+1)); } || passes=$((passes+1))

# An interrupted emulation leaves neither its temporary directory nor compilers behind.
fresh; mkdir -p "$tmp/t"
TMPDIR="$tmp/t" "$aiemc" emulate "$tmp/p" -q > /dev/null 2>&1 & pid=$!
sleep 1.5; kill -INT $pid; wait $pid; rc=$?
[[ $rc -ne 0 ]] || echo "note: the emulation finished before the interrupt"; passes=$((passes+1))
[[ -z "$(ls -A "$tmp/t")" ]] && passes=$((passes+1)) || { echo "FAIL interrupt: left $(ls -A "$tmp/t")"; fails=$((fails+1)); }
for _ in $(seq 50); do pgrep -f "$tmp/p/" > /dev/null || break; sleep 0.1; done  # SIGTERM'd compilers take a moment
pgrep -f "$tmp/p/" > /dev/null && { echo "FAIL interrupt: a compiler still runs"; fails=$((fails+1)); } || passes=$((passes+1))

echo "emulate cli: $passes checks passed, $fails failed"
[[ $fails -eq 0 ]]
