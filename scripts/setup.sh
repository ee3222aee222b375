#!/usr/bin/env bash
# Installs, with apt-get, whatever aiemc needs to build and test that is not yet on this machine
# (Debian bookworm). Safe to run again: it installs nothing when everything is present.
set -euo pipefail

packages=(
  build-essential cmake pkg-config ccache
  libboost-dev        # Spirit X3 (parser), multiprecision (exact reference in tests)
  libfmt-dev librange-v3-dev libcli11-dev nlohmann-json3-dev
  libzip-dev          # .npz parameter archives
  catch2              # Catch2 v2 test framework
  libonnx-dev libprotobuf-dev  # `aiemc import`: ONNX protobuf classes (onnx/onnx_pb.h, onnx_proto)
  procps              # tests: pgrep (no compiler outlives an interrupted emulation)
  python3             # tests: report_cli_test.sh checks the report's JSON with the standard library
  python3-dev pybind11-dev python3-numpy  # the Python module `aiem` (tools/python) and its tests
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
