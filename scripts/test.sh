#!/usr/bin/env bash
# The whole test suite: set-up, build, then every test through CTest.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/build.sh"
cd "$root/build"
ctest --output-on-failure -j "${AIEM_JOBS:-$(nproc)}"
