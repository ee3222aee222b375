#!/usr/bin/env bash
# The test suite under AddressSanitizer and UndefinedBehaviorSanitizer (not part of CI: it takes
# about three times as long). Emulated projects are compiled by g++ without sanitizers, so the
# emulation sweep checks the compiler, not the emulated kernels, here. Build dir: build-asan.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
jobs="${AIEM_JOBS:-$(nproc)}"
cmake -S "$root" -B "$root/build-asan" -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_CXX_FLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" > /dev/null
cmake --build "$root/build-asan" -j "$jobs"
cd "$root/build-asan"
ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure -j "$jobs" "$@"
