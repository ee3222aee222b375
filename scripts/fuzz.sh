#!/usr/bin/env bash
# Searches for crashes with libFuzzer: builds tests/fuzz with clang, ASan and UBSan into
# build-fuzz/ and runs one target (or all) for a while on a copy of its committed corpus.
#   scripts/fuzz.sh [TARGET|all] [SECONDS]     TARGET: frontend npy npz device onnx_import (default all, 60 s each)
# A crash, a hang (> 10 s on one input) or a leak is written to tests/fuzz/findings/<target>/; copy
# the minimised input into tests/fuzz/corpus/<target>/ once fixed, so CTest keeps checking it.
#   scripts/fuzz.sh --available                 exit 0 when clang++ with libFuzzer is installed (test.sh asks)
# AIEM_FUZZ_RUNS=N and AIEM_FUZZ_SEED=S make a run reproducible: N inputs from seed S (SECONDS still
# bounds it), the same search on every machine with the same compiler; test.sh uses them.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
libfuzzer_works() {
  command -v clang++ > /dev/null || return 1
  local probe; probe="$(mktemp -d)"
  echo 'extern "C" int LLVMFuzzerTestOneInput(const unsigned char*, unsigned long) { return 0; }' > "$probe/p.cpp"
  local rc=0
  clang++ -fsanitize=fuzzer,address,undefined "$probe/p.cpp" -o "$probe/p" > /dev/null 2>&1 || rc=1
  rm -rf "$probe"; return $rc
}
if [[ "${1:-}" == --available ]]; then libfuzzer_works; exit $?; fi
target="${1:-all}"; seconds="${2:-60}"
libfuzzer_works || { echo "fuzz.sh: clang++ with libFuzzer is needed (apt-get install clang libclang-rt-14-dev)"; exit 1; }
"$root/scripts/setup.sh"
flags="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fsanitize=fuzzer-no-link -fno-sanitize-recover=undefined"
cmake -S "$root" -B "$root/build-fuzz" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_CXX_FLAGS="$flags" -DAIEM_FUZZ=ON -DAIEM_BUILD_TESTS=ON > "$root/build-fuzz.configure.log"
targets=(frontend npy npz device onnx_import)
[[ "$target" != all ]] && targets=("$target")
for t in "${targets[@]}"; do
  cmake --build "$root/build-fuzz" --target "fuzz_$t" -j "${AIEM_JOBS:-$(nproc)}"
  work="$(mktemp -d)"; cp -r "$root/tests/fuzz/corpus/$t/." "$work/"
  mkdir -p "$root/tests/fuzz/findings/$t"
  echo "fuzz.sh: $t for ${seconds}s"
  "$root/build-fuzz/tests/fuzz/fuzz_$t" "$work" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 \
    -dict="$root/tests/fuzz/aiem.dict" -artifact_prefix="$root/tests/fuzz/findings/$t/" -print_final_stats=1 \
    ${AIEM_FUZZ_RUNS:+-runs="$AIEM_FUZZ_RUNS"} ${AIEM_FUZZ_SEED:+-seed="$AIEM_FUZZ_SEED"} || status=$?
  rm -rf "$work"
  [[ ${status:-0} -eq 0 ]] || { echo "fuzz.sh: $t found a problem (tests/fuzz/findings/$t/)"; exit 1; }
done
