#!/usr/bin/env bash
# The benchmark suite (not part of the unit tests): configures a separate build with
# AIEM_BUILD_BENCH=ON, builds the benchmark targets and runs them. The performance-model benchmark
# writes bench/results.md; the model benchmark adds its section (automatic splits vs the published
# best, compile time). Build dir: $AIEM_BENCH_BUILD (default build-bench); jobs: $AIEM_JOBS.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${AIEM_BENCH_BUILD:-$root/build-bench}"
jobs="${AIEM_JOBS:-$(nproc)}"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DAIEM_BUILD_BENCH=ON -DAIEM_BUILD_TESTS=OFF
cmake --build "$build" --target aiem_bench_perf aiem_bench_placement aiem_bench_models -j "$jobs"
"$build/bench/aiem_bench_perf" "$root/bench/results.md"
# After aiem_bench_perf, which rewrites results.md whole: this one replaces only its own section.
"$build/bench/aiem_bench_models" "$root/bench/results.md"
"$build/bench/aiem_bench_placement"
