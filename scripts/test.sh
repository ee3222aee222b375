#!/usr/bin/env bash
# The whole test suite: set-up, build, every test through CTest, then a short fuzz search.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/build.sh"
cd "$root/build"
ctest --output-on-failure -j "${AIEM_JOBS:-$(nproc)}"
# A bounded libFuzzer search of every fuzz target (tests/fuzz/README.md) when clang with libFuzzer
# is installed: a reproducible one, AIEM_FUZZ_RUNS inputs (default 20000) from a fixed seed, at
# most AIEM_FUZZ_SECONDS per target (default 60; 0 skips it), so a result here is the result on
# any machine with the same compiler. CTest above already ran each target's committed corpus.
fuzz_seconds="${AIEM_FUZZ_SECONDS:-60}"
if [[ "$fuzz_seconds" != 0 ]] && "$root/scripts/fuzz.sh" --available; then
  AIEM_FUZZ_RUNS="${AIEM_FUZZ_RUNS:-20000}" AIEM_FUZZ_SEED="${AIEM_FUZZ_SEED:-1}" "$root/scripts/fuzz.sh" all "$fuzz_seconds"
else
  echo "test.sh: no clang++ with libFuzzer (or AIEM_FUZZ_SECONDS=0): the fuzz search is skipped; the corpora ran in CTest"
fi
