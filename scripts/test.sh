#!/usr/bin/env bash
# The whole test suite: set-up, build, every test through CTest, then a short fuzz search.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/build.sh"
cd "$root/build"
ctest --output-on-failure -j "${AIEM_JOBS:-$(nproc)}"
# A bounded libFuzzer search of every fuzz target (tests/fuzz/README.md) when clang with libFuzzer
# is installed: AIEM_FUZZ_SECONDS per target (default 15; 0 skips it). CTest above already ran each
# target's committed corpus.
fuzz_seconds="${AIEM_FUZZ_SECONDS:-15}"
if [[ "$fuzz_seconds" != 0 ]] && "$root/scripts/fuzz.sh" --available; then
  "$root/scripts/fuzz.sh" all "$fuzz_seconds"
else
  echo "test.sh: no clang++ with libFuzzer (or AIEM_FUZZ_SECONDS=0): the fuzz search is skipped; the corpora ran in CTest"
fi
