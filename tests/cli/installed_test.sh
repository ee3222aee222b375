#!/usr/bin/env bash
# Usage: installed_test.sh BUILD_DIR SOURCE_DIR. The installed aiemc is relocatable and needs
# nothing of the source or build tree: install to a prefix, move the prefix elsewhere, then check,
# build and emulate a model (using the standard blocks, the device catalog, the kernel library and
# the host emulation headers) from the moved copy, in a clean environment.
set -u
build="$1"; src="$2"; tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
cmake --install "$build" --prefix "$tmp/first" > "$tmp/install.log" 2>&1 || fail "install: $(cat "$tmp/install.log")"
mv "$tmp/first" "$tmp/moved"
aiemc="$tmp/moved/bin/aiemc"
[[ -x "$aiemc" ]] || fail "no installed aiemc"
[[ -f "$tmp/moved/share/man/man1/aiemc.1" && -f "$tmp/moved/share/bash-completion/completions/aiemc" ]] \
  || fail "man page or completion not installed"
mkdir -p "$tmp/user"
cat > "$tmp/user/m.aiem" <<'M'
import "std/mlp.aiem"
model m { batch 4  type act = fixed<8, 3, RND_CONV, SAT>
  input x : act[16]
  h = dense_relu(x, 24, act, fixed<8, 1> from random(1), fixed<16, 6> from random(3))
  y = dense(h, 5, w: fixed<8, 1> from random(2)) -> act
  output y }
M
cd "$tmp/user"
run() { env -i PATH=/usr/bin:/bin HOME="$tmp" "$aiemc" "$@"; }
run --version | grep -q "aiemc " || fail "--version"
run check m.aiem > "$tmp/out" 2>&1 || fail "check: $(cat "$tmp/out")"
run build m.aiem -o prj -q > "$tmp/out" 2>&1 || fail "build: $(cat "$tmp/out")"
run emulate prj -q > "$tmp/out" 2>&1 || fail "emulate: $(cat "$tmp/out")"
grep -q "bit-exact" "$tmp/out" || fail "emulate: $(cat "$tmp/out")"
# The standard library resolves too (import "std/mlp.aiem" above), and a relocated copy reports
# a missing data directory clearly instead of looking elsewhere.
AIEM_DATA_DIR="$tmp/nowhere" "$aiemc" build m.aiem -o prj2 -q > "$tmp/out" 2>&1 && fail "built without data"
grep -q "$tmp/nowhere" "$tmp/out" || fail "missing data directory not named: $(cat "$tmp/out")"
echo "installed aiemc: relocatable, check + build + emulate ok"
