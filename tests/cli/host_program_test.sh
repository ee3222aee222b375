#!/usr/bin/env bash
# The host program every build writes (host/host.cpp, the board flow) compiles: against stand-ins
# for the XRT declarations it uses (tests/fixtures/xrt_stub), for an MLP, a model with several
# inputs and outputs, and a CNN whose channels-first input is transposed by the host.
set -u
aiemc="$1"; src="$2"; fails=0
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
for m in examples/jet_tagger/jet_tagger.aiem examples/two_branch/two_branch.aiem examples/conv2d_classifier/conv2d_classifier.aiem; do
  n="$(basename "$m" .aiem)"
  if ! (cd "$src" && "$aiemc" build "$m" -o "$tmp/$n" -q) > "$tmp/$n.log" 2>&1; then
    echo "FAIL $n: build"; cat "$tmp/$n.log"; fails=$((fails + 1)); continue
  fi
  if ! g++ -std=c++17 -Wall -Wextra -Werror -fsyntax-only -I"$src/tests/fixtures/xrt_stub" "$tmp/$n/host/host.cpp" 2> "$tmp/$n.err"; then
    echo "FAIL $n: host/host.cpp does not compile"; cat "$tmp/$n.err"; fails=$((fails + 1))
  fi
done
grep -q "arriving(data.back(), in)" "$tmp/conv2d_classifier/host/host.cpp" || { echo "FAIL: the CNN's host program does not transpose its input"; fails=$((fails + 1)); }
echo "host programs: $fails failure(s)"
[ "$fails" -eq 0 ]
