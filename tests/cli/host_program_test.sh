#!/usr/bin/env bash
# The board flow's host program (host/host.cpp) and data (data/*.bin), for an MLP, a model with
# several inputs and outputs, and a CNN whose channels-first input the host transposes. Each is built
# with 2 batches, host.cpp is compiled with -Wall -Wextra -Werror against stand-ins for XRT
# (tests/fixtures/xrt_stub) and run: the stand-in output movers return the golden PLIO streams, so
# the host must drop their padding and find every output bit-exact with data/golden_*.bin; the bytes
# its input movers were given must be exactly the PLIO input files' values. A corrupted golden file
# must make it fail. Then check_outputs.sh (make compare) on simulator-style output files.
set -u
aiemc="$1"; src="$2"; fails=0
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL $1"; fails=$((fails + 1)); }

# PLIO text file -> raw little-endian codes of `bytes` each (aiesimulator's "T"/TLAST lines skipped).
to_bytes() {
  python3 - "$1" "$2" "$3" <<'PY'
import sys
path, nbytes, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
vals = [int(t) for line in open(path) if line.split() and line.split()[0] not in ("T", "TLAST") for t in line.split()]
open(out, "wb").write(b"".join(v.to_bytes(nbytes, "little", signed=v < 0) for v in vals))
PY
}

for m in examples/jet_tagger/jet_tagger.aiem examples/two_branch/two_branch.aiem examples/conv2d_classifier/conv2d_classifier.aiem; do
  n="$(basename "$m" .aiem)"; p="$tmp/$n"; stub="$tmp/$n.stub"; mkdir -p "$stub"
  if ! (cd "$src" && "$aiemc" build "$m" -o "$p" --batches 2 -q) > "$tmp/$n.log" 2>&1; then
    fail "$n: build"; cat "$tmp/$n.log"; continue
  fi
  if ! g++ -std=c++17 -Wall -Wextra -Werror -I"$src/tests/fixtures/xrt_stub" "$p/host/host.cpp" -o "$tmp/$n.host" 2> "$tmp/$n.err"; then
    fail "$n: host/host.cpp does not compile"; cat "$tmp/$n.err"; continue
  fi
  # Each output mover returns its PLIO's golden stream (with padding columns), as the graph would.
  while IFS= read -r line; do
    case "$line" in
      stream_connect=ai_engine_0.*)
        plio="${line#stream_connect=ai_engine_0.}"; plio="${plio%%:*}"; inst="${line##*:}"; inst="${inst%.s}"
        golden="$(python3 -c "import json,sys; m=json.load(open('$p/aiem_project.json')); print([o for o in m['outputs'] if o['plio']=='$plio'][0]['golden'])")"
        dtype="$(python3 -c "import json,sys; m=json.load(open('$p/aiem_project.json')); print([o for o in m['outputs'] if o['plio']=='$plio'][0]['shape']['dtype'])")"
        bytes=1; [[ "$dtype" == *16 ]] && bytes=2
        to_bytes "$p/$golden" "$bytes" "$stub/$inst.out" ;;
    esac
  done < "$p/system.cfg"
  if ! AIEM_XRT_STUB_DIR="$stub" "$tmp/$n.host" "$n.xclbin" "$p/data" > "$tmp/$n.run" 2>&1; then
    fail "$n: the host program did not find its outputs bit-exact"; cat "$tmp/$n.run"; continue
  fi
  grep -q "bit-exact with golden_" "$tmp/$n.run" || fail "$n: no output was compared"
  grep -q "^latency: .* us for one batch" "$tmp/$n.run" || fail "$n: no latency line"
  grep -q "^throughput: .* samples/s (2 batches" "$tmp/$n.run" || fail "$n: no throughput line over both batches"
  # What the input movers were given on the run over both batches is the PLIO input file.
  while IFS= read -r line; do
    case "$line" in
      stream_connect=mm2s_*)
        inst="${line#stream_connect=}"; inst="${inst%%.s:*}"; plio="${line##*ai_engine_0.}"
        got="$stub/$inst.1.bin"
        values="$(python3 -c "print(sum(len(l.split()) for l in open('$p/data/in_$plio.txt')))")"
        size="$(stat -c %s "$got")"; bytes=$((size / values))
        to_bytes "$p/data/in_$plio.txt" "$bytes" "$stub/$inst.want"
        cmp -s "$got" "$stub/$inst.want" || fail "$n: the host gave mover $inst other bytes than data/in_$plio.txt holds" ;;
    esac
  done < "$p/system.cfg"
  # A wrong golden file is found.
  g="$(ls "$p"/data/golden_*.bin | head -1)"
  python3 -c "import sys; b=bytearray(open('$g','rb').read()); b[-1]^=1; open('$g','wb').write(b)"
  if AIEM_XRT_STUB_DIR="$stub" "$tmp/$n.host" "$n.xclbin" "$p/data" > "$tmp/$n.bad" 2>&1; then
    fail "$n: a corrupted golden file passed"
  fi
  grep -q "MISMATCH" "$tmp/$n.bad" || fail "$n: no MISMATCH line for a corrupted golden file"
done
grep -q "arriving(data\[i\], in)" "$tmp/conv2d_classifier/host/host.cpp" || fail "the CNN's host program does not transpose its input"

# make compare: aiesimulator-style files ("T <time>" lines, TLAST) with the golden values pass; one
# changed value fails and is located; a missing file fails.
p="$tmp/jet_tagger"; sim="$tmp/sim"; mkdir -p "$sim/data"
python3 - "$p/data/golden_fc4.txt" "$sim/data/out_fc4.txt" <<'PY'
import sys
lines = open(sys.argv[1]).read().split("\n")
with open(sys.argv[2], "w") as f:
    for i, l in enumerate(x for x in lines if x.strip()):
        f.write(f"T {1000 + 4 * i} ns\n{l}\n")
    f.write("TLAST\n")
PY
(cd "$p" && sh check_outputs.sh "$sim") > "$tmp/cmp.log" 2>&1 || { fail "check_outputs.sh: aiesimulator-style outputs equal to the golden ones"; cat "$tmp/cmp.log"; }
grep -q "bit-exact" "$tmp/cmp.log" || fail "check_outputs.sh printed no bit-exact line"
sed -i '2s/^\(-\?[0-9]*\)/9\1/' "$sim/data/out_fc4.txt"
if (cd "$p" && sh check_outputs.sh "$sim") > "$tmp/cmp2.log" 2>&1; then fail "check_outputs.sh passed a changed value"; fi
grep -q "MISMATCH.*first difference at value 1" "$tmp/cmp2.log" || { fail "check_outputs.sh did not locate the difference"; cat "$tmp/cmp2.log"; }
rm "$sim/data/out_fc4.txt"
if (cd "$p" && sh check_outputs.sh "$sim") > "$tmp/cmp3.log" 2>&1; then fail "check_outputs.sh passed a missing output"; fi
grep -q "MISSING" "$tmp/cmp3.log" || fail "check_outputs.sh did not name the missing output"
(cd "$p" && make -n compare SIM=aiesim) | grep -q "check_outputs.sh build/hw/aiesimulator_output" || fail "make compare SIM=aiesim"
(cd "$p" && make emulate AIEMC=/no/such/aiemc) > "$tmp/emu.log" 2>&1 && fail "make emulate with a missing aiemc"
grep -q "not found" "$tmp/emu.log" || fail "make emulate does not say that aiemc is missing"
echo "host programs and output checks: $fails failure(s)"
[ "$fails" -eq 0 ]
