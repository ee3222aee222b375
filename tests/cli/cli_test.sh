#!/usr/bin/env bash
# Usage: cli_test.sh AIEMC SOURCE_DIR. Each check prints what it tested; any failure exits 1.
set -u
aiemc="$1"; src="$2"; tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
source "$(dirname "${BASH_SOURCE[0]}")/../shell_checks.sh"
ex="$src/examples/jet_tagger"

check help 0 "$aiemc" --help; contains help "check"
check version 0 "$aiemc" --version; contains version "aiemc 0."
# Repeatable options take one value per flag: options may come before the model file.
check options-first 0 "$aiemc" check -I "$tmp" -I "$ex" "$ex/jet_tagger.aiem"; contains options-first "ok: model 'jet_tagger'"
check options-first-run 0 "$aiemc" run -i "x=$ex/input.npy" "$ex/jet_tagger.aiem"
check options-first-build 0 "$aiemc" build --keep-out 9,0 --keep-out 10,0 "$ex/jet_tagger.aiem" -o "$tmp/prj_ko" -q
# The man page and the bash completion come from the CLI definition: every subcommand, its options.
check manpage 0 "$aiemc" manpage
for sub in check run import build place emulate report; do contains manpage ".SS aiemc $sub"; done
contains manpage '\-\-force'
"$aiemc" completion bash > "$tmp/completion.bash"
complete_words() { bash -c "source '$tmp/completion.bash'; COMP_WORDS=($1); COMP_CWORD=\$(( \${#COMP_WORDS[@]} - 1 )); _aiemc; echo \"\${COMPREPLY[*]}\""; }
[[ " $(complete_words 'aiemc bu') " == *" build "* ]] && passes=$((passes+1)) || { echo "FAIL completion: no 'build'"; fails=$((fails+1)); }
[[ " $(complete_words 'aiemc build --fo') " == *" --force "* ]] && passes=$((passes+1)) || { echo "FAIL completion: no '--force'"; fails=$((fails+1)); }
[[ " $(complete_words 'aiemc emulate --cx') " == *" --cxx "* ]] && passes=$((passes+1)) || { echo "FAIL completion: no '--cxx'"; fails=$((fails+1)); }
check run-help 0 "$aiemc" run --help; contains run-help "--output-dir"
check no-subcommand 1 "$aiemc"
check bad-flag 1 "$aiemc" check --frobnicate "$ex/jet_tagger.aiem"
check check-ok 0 "$aiemc" check "$ex/jet_tagger.aiem"; contains check-ok "ok: model 'jet_tagger' for vek280, batch 8"
check emit-ir 0 "$aiemc" check --emit ir "$ex/jet_tagger.aiem"; contains emit-ir "node   fc2 = dense(fc1, fc2.w, fc2.b) units=32 relu acc=int32/frac12 @tiles(cascade: 2, parallel: 2)"
check missing-file 1 "$aiemc" check "$tmp/nope.aiem"; contains missing-file "nope.aiem: error: cannot read file"

printf 'model m {\n  input x : int8[4]\n  y = relu(q)\n  output y\n}\n' > "$tmp/bad.aiem"
check bad-model 1 "$aiemc" check "$tmp/bad.aiem"; contains bad-model "bad.aiem:3:12: error: unknown name 'q'"

check run-codes 0 "$aiemc" run "$ex/jet_tagger.aiem" --input "x=$ex/input.npy" -o "$tmp/out1"
cmp -s <(tail -c +129 "$tmp/out1/fc4.npy") <(tail -c +129 "$ex/expected_fc4.npy") && passes=$((passes+1)) \
  || { echo "FAIL run-codes: fc4.npy differs from the oracle"; fails=$((fails+1)); }
check run-dequantize 0 "$aiemc" run "$ex/jet_tagger.aiem" --input "x=$ex/input.npy" -o "$tmp/out2" --dequantize
head -c 128 "$tmp/out2/fc4.npy" | grep -q "'descr': '<f8'" && passes=$((passes+1)) \
  || { echo "FAIL run-dequantize: not float64"; fails=$((fails+1)); }
check run-missing-input 1 "$aiemc" run "$ex/jet_tagger.aiem" -o "$tmp/out3"; contains run-missing-input "missing input 'x'"
[[ ! -e "$tmp/out3" ]] && passes=$((passes+1)) || { echo "FAIL: output dir created on error"; fails=$((fails+1)); }
check run-bad-spec 1 "$aiemc" run "$ex/jet_tagger.aiem" --input "x"; contains run-bad-spec "expected NAME=PATH.npy"
printf 'garbage' > "$tmp/bad.npy"
check run-bad-npy 1 "$aiemc" run "$ex/jet_tagger.aiem" --input "x=$tmp/bad.npy"; contains run-bad-npy "bad.npy: not a .npy file (bad magic)"
check run-wrong-shape 1 "$aiemc" run "$ex/jet_tagger.aiem" --input "x=$src/examples/tau_selection/input.npy"
contains run-wrong-shape "input 'x' has shape [8,160], the model expects [8,16]"
check run-unknown-input 1 "$aiemc" run "$ex/jet_tagger.aiem" --input "x=$ex/input.npy" --input "z=$ex/input.npy"
contains run-unknown-input "has no input 'z'"

# build / place: summary, files, keep-outs, errors without partial output
check build 0 "$aiemc" build "$ex/jet_tagger.aiem" -o "$tmp/aie"; contains build "total: "
contains build "predicted: latency"
for f in aiem_project.json report.json Makefile aie.cfg src/graph.h src/graph.cpp host/host.cpp data/golden_fc4.txt; do
  [[ -f "$tmp/aie/$f" ]] && passes=$((passes+1)) || { echo "FAIL build: $f missing"; fails=$((fails+1)); }
done
check build-bad-columns 1 "$aiemc" build "$ex/jet_tagger.aiem" -o "$tmp/aie2" --columns 9..3
[[ ! -e "$tmp/aie2" ]] && passes=$((passes+1)) || { echo "FAIL: build left an output directory after an error"; fails=$((fails+1)); }
check build-no-fit 1 "$aiemc" build "$ex/jet_tagger.aiem" -o "$tmp/aie3" --columns 0..0
contains build-no-fit "placement on vek280"
[[ ! -e "$tmp/aie3" ]] && passes=$((passes+1)) || { echo "FAIL: build left an output directory after an error"; fails=$((fails+1)); }
check build-again 0 "$aiemc" build "$ex/jet_tagger.aiem" -o "$tmp/aie_again" -q
diff -r "$tmp/aie" "$tmp/aie_again" > /dev/null && passes=$((passes+1)) \
  || { echo "FAIL build-again: two builds of the same model differ"; diff -r "$tmp/aie" "$tmp/aie_again" | head; fails=$((fails+1)); }
check build-input 0 "$aiemc" build "$ex/jet_tagger.aiem" -o "$tmp/aie4" --input "x=$ex/input.npy" -q
[[ -f "$tmp/aie4/data/in_x_s0.txt" ]] && passes=$((passes+1)) || { echo "FAIL build-input: no input PLIO file"; fails=$((fails+1)); }
check build-input-name 1 "$aiemc" build "$ex/jet_tagger.aiem" -o "$tmp/aie5" --input "y=$ex/input.npy"; contains build-input-name "the model has no input 'y' (its inputs: x)"
check build-input-bad 1 "$aiemc" build "$ex/jet_tagger.aiem" -o "$tmp/aie5" --input "x=$tmp/bad.npy"; contains build-input-bad "bad.npy"
[[ ! -e "$tmp/aie5" ]] && passes=$((passes+1)) || { echo "FAIL: build left an output directory after an error"; fails=$((fails+1)); }
check place-keep-out 0 "$aiemc" place "$ex/jet_tagger.aiem" --keep-out 0,0 --keep-out 1,0; contains place-keep-out "r0    ##"
check place-bad-keep-out 1 "$aiemc" place "$ex/jet_tagger.aiem" --keep-out 1x0; contains place-bad-keep-out "--keep-out '1x0': expected COL,ROW"
check place-svg 0 "$aiemc" place "$ex/jet_tagger.aiem" --svg "$tmp/p.svg"
grep -q "<svg" "$tmp/p.svg" && passes=$((passes+1)) || { echo "FAIL place-svg: no SVG written"; fails=$((fails+1)); }

echo "cli: $passes passed, $fails failed"
[[ $fails -eq 0 ]]
