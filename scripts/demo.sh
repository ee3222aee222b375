#!/usr/bin/env bash
# The main job: build aiemc, check the jet-tagger example and run it on the reference
# interpreter, then compare with the outputs the independent numpy oracle computed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/build.sh" --target aiemc
aiemc="$root/build/tools/aiemc/aiemc"
ex="$root/examples/jet_tagger"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
"$aiemc" check "$ex/jet_tagger.aiem"
"$aiemc" run "$ex/jet_tagger.aiem" --input x="$ex/input.npy" --output-dir "$out"
cmp -s <(tail -c +129 "$out/fc4.npy") <(tail -c +129 "$ex/expected_fc4.npy") \
  && echo "fc4 matches the numpy oracle bit for bit (examples/jet_tagger/expected_fc4.npy)" \
  || { echo "fc4 differs from the numpy oracle"; exit 1; }
