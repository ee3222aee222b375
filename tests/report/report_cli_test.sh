#!/usr/bin/env bash
# Usage: report_cli_test.sh AIEMC SOURCE_DIR. `aiemc report` end to end: table, --json, --html,
# byte-identical reruns, exit codes and no partial HTML file on errors. Any failure exits 1.
set -u
aiemc="$1"; src="$2"; tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
fails=0; passes=0
pass() { passes=$((passes+1)); }
fail() { echo "FAIL $1"; [[ -f "$tmp/out" ]] && cat "$tmp/out"; fails=$((fails+1)); }
check() {  # check NAME EXPECTED_RC COMMAND... ; stdout in $tmp/out, stderr in $tmp/err
  local name="$1" want="$2"; shift 2
  "$@" > "$tmp/out" 2> "$tmp/err"; local rc=$?
  if [[ $rc -ne $want ]]; then fail "$name: exit $rc, expected $want"; cat "$tmp/err"; else pass; fi
}
contains() {  # contains NAME FILE TEXT
  grep -qF -- "$3" "$2" && pass || fail "$1: $(basename "$2") lacks '$3'"
}
jet="$src/examples/jet_tagger/jet_tagger.aiem"

check table 0 "$aiemc" report "$jet"
contains table "$tmp/out" "PK x PN"
contains table "$tmp/out" "MAC util"
contains table "$tmp/out" "inferences/s"
contains table "$tmp/out" "GOP/s"
contains table "$tmp/out" "memtiles"
contains table "$tmp/out" "% of the device)"
contains table "$tmp/out" "memtile DMA channels in use"   # the text placement map
cp "$tmp/out" "$tmp/table1"
check table-again 0 "$aiemc" report "$jet"
cmp -s "$tmp/out" "$tmp/table1" && pass || fail "table: two runs differ"

check json 0 "$aiemc" report "$jet" --json
/usr/bin/python3 - "$tmp/out" <<'PY' && pass || fail "json: does not parse or lacks fields"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["schema"] == "aiem-report/1" and r["model"] == "jet_tagger"
assert len(r["layers"]) == 4 and all("kernel_cycles" in l and "mac_utilisation" in l for l in r["layers"])
t = r["model_timing"]
assert all(k in t for k in ("latency_ns", "interval_ns", "inferences_per_s", "gops", "tiles", "memtiles",
                            "device_tile_fraction", "device_memtile_fraction"))
PY
cp "$tmp/out" "$tmp/json1"
check json-again 0 "$aiemc" report "$jet" --json
cmp -s "$tmp/out" "$tmp/json1" && pass || fail "json: two runs differ"

check html 0 "$aiemc" report "$jet" --html "$tmp/a.html"
contains html "$tmp/out" "wrote $tmp/a.html"
contains html "$tmp/a.html" "<svg"
contains html "$tmp/a.html" "class=\"latency-chart\""
[[ $(grep -o 'class="bar"' "$tmp/a.html" | wc -l) -eq 4 ]] && pass || fail "html: not one bar per layer"
check html-again 0 "$aiemc" report "$jet" --html "$tmp/b.html"
cmp -s "$tmp/a.html" "$tmp/b.html" && pass || fail "html: two runs differ"
check html-json 0 "$aiemc" report "$jet" --json --html "$tmp/c.html"
cmp -s "$tmp/out" "$tmp/json1" && pass || fail "html-json: stdout is not the plain JSON"
cmp -s "$tmp/a.html" "$tmp/c.html" && pass || fail "html-json: the page differs"

check columns 0 "$aiemc" report "$jet" --columns 20..30
contains columns "$tmp/out" "at (2"   # every layer starts in columns 20..29

# Errors: exit 1, a message naming the problem, and no HTML file (not even a partial one).
check unknown-device 1 "$aiemc" report "$jet" --device nowhere --html "$tmp/e1.html"
contains unknown-device "$tmp/err" "unknown device 'nowhere'"
[[ ! -e "$tmp/e1.html" ]] && pass || fail "unknown-device: wrote the HTML file"
check bad-columns 1 "$aiemc" report "$jet" --columns 7- --html "$tmp/e2.html"
contains bad-columns "$tmp/err" "--columns"
[[ ! -e "$tmp/e2.html" ]] && pass || fail "bad-columns: wrote the HTML file"
check outside-columns 1 "$aiemc" report "$jet" --columns 50..60
contains outside-columns "$tmp/err" "outside vek280"
check does-not-fit 1 "$aiemc" report "$src/examples/qubit_readout/qubit_readout.aiem" --columns 0..3 --html "$tmp/e3.html"
contains does-not-fit "$tmp/err" "does not fit"
[[ ! -e "$tmp/e3.html" ]] && pass || fail "does-not-fit: wrote the HTML file"
check unwritable 1 "$aiemc" report "$jet" --html "$tmp/missing/r.html"
contains unwritable "$tmp/err" "does not exist"
[[ -z $(ls -A "$tmp" | grep '^\.') ]] && pass || fail "a temporary file was left behind"
check missing-file 1 "$aiemc" report "$tmp/nope.aiem"

echo "report cli: $passes passed, $fails failed"
[[ $fails -eq 0 ]]
