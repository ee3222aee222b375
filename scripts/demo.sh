#!/usr/bin/env bash
# The main job: build aiemc; run the jet tagger on the reference interpreter and compare with the
# independent numpy oracle; compile it into a Vitis AIE project (printing the one-screen summary:
# layers, PK x PN, tiles, memtiles, predicted latency, placement map); then build that project's own
# sources against the host emulation, run it and check its outputs bit for bit.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/build.sh" --target aiemc
aiemc="$root/build/tools/aiemc/aiemc"
ex="$root/examples/jet_tagger"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
"$aiemc" check "$ex/jet_tagger.aiem"
"$aiemc" run "$ex/jet_tagger.aiem" --input x="$ex/input.npy" --output-dir "$out/run" > /dev/null
cmp -s <(tail -c +129 "$out/run/fc4.npy") <(tail -c +129 "$ex/expected_fc4.npy") \
  && echo "reference interpreter: fc4 matches the numpy oracle bit for bit (examples/jet_tagger/expected_fc4.npy)" \
  || { echo "fc4 differs from the numpy oracle"; exit 1; }
echo
"$aiemc" build "$ex/jet_tagger.aiem" -o "$out/jet_tagger_aie" --batches 4
echo
"$aiemc" emulate "$out/jet_tagger_aie"
