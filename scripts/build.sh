#!/usr/bin/env bash
# Set-up plus configure plus build (Release, ccache) into build/. Used by demo.sh and test.sh.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
jobs="${AIEM_JOBS:-$(nproc)}"
cmake -S "$root" -B "$root/build" -DCMAKE_BUILD_TYPE=Release > "$root/build.configure.log" || {
  cat "$root/build.configure.log"; exit 1; }
cmake --build "$root/build" -j "$jobs" "$@"
