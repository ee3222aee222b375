#!/usr/bin/env bash
# Usage: output_paths_test.sh AIEMC SOURCE_DIR. Output paths never destroy anything aiemc did not
# write: a folder of the user's files, a file, the model's own folder, `dir/`, `.`, `..`, a
# symlink, a read-only directory, an interrupted build; and an earlier project is replaced whole.
set -u
aiemc="$1"; src="$2"; tmp="$(mktemp -d)"; trap 'chmod -R u+w "$tmp"; rm -rf "$tmp"' EXIT
source "$(dirname "${BASH_SOURCE[0]}")/../shell_checks.sh"
no_leftovers() { ok "$1 leaves no temporaries" "[[ -z \"\$(find '$2' -maxdepth 2 -name '.*tmp-*' -o -maxdepth 2 -name '.*old-*')\" ]]"; }

cp -r "$src/examples/jet_tagger" "$tmp/model"
m="$tmp/model/jet_tagger.aiem"

# A folder of one's own files is refused, and left alone; --force replaces it.
mkdir -p "$tmp/mine"; echo "notes" > "$tmp/mine/notes.txt"
check own-folder 1 "$aiemc" build "$m" -o "$tmp/mine" -q
contains own-folder "is a non-empty directory that aiemc did not write"
ok own-folder-kept "[[ \$(cat '$tmp/mine/notes.txt') == notes ]]"
check own-folder-force 0 "$aiemc" build "$m" -o "$tmp/mine" -q --force
ok own-folder-force-wrote "[[ -f '$tmp/mine/aiem_project.json' && ! -e '$tmp/mine/notes.txt' ]]"

# A file is refused.
echo "keep me" > "$tmp/notes.txt"
check a-file 1 "$aiemc" build "$m" -o "$tmp/notes.txt" -q; contains a-file "exists and is not a directory"
ok a-file-kept "[[ \$(cat '$tmp/notes.txt') == 'keep me' ]]"

# The model's own folder: refused even with --force (it holds the model).
check model-folder 1 "$aiemc" build "$m" -o "$tmp/model" -q --force; contains model-folder "which writing the project there would delete"
ok model-kept "[[ -f '$m' ]]"

# A trailing slash, a new nested path, then an earlier project replaced whole.
check slash 0 "$aiemc" build "$m" -o "$tmp/new/prj/" -q
ok slash-wrote "[[ -f '$tmp/new/prj/aiem_project.json' ]]"
echo stale > "$tmp/new/prj/stale.txt"
check replace 0 "$aiemc" build "$m" -o "$tmp/new/prj" -q
ok replace-whole "[[ -f '$tmp/new/prj/aiem_project.json' && ! -e '$tmp/new/prj/stale.txt' ]]"
no_leftovers replace "$tmp/new"

# `.` and `..`: an empty current directory is fine; a user's directory is refused.
mkdir -p "$tmp/empty" "$tmp/work/sub"; echo x > "$tmp/work/x.txt"
(cd "$tmp/empty" && "$aiemc" build "$m" -o . -q) > "$tmp/out" 2>&1 && passes=$((passes+1)) || { echo "FAIL dot: $(cat "$tmp/out")"; fails=$((fails+1)); }
ok dot-wrote "[[ -f '$tmp/empty/aiem_project.json' ]]"
(cd "$tmp/work/sub" && "$aiemc" build "$m" -o .. -q) > "$tmp/out" 2>&1; rc=$?
ok dotdot-refused "[[ $rc -eq 1 ]]"; contains dotdot "is a non-empty directory that aiemc did not write"
ok dotdot-kept "[[ -f '$tmp/work/x.txt' ]]"

# A symlink to a project directory: the project behind it is replaced, the link stays.
ln -s "$tmp/new/prj" "$tmp/link"
check symlink 0 "$aiemc" build "$m" -o "$tmp/link" -q
ok symlink-kept "[[ -L '$tmp/link' && -f '$tmp/link/aiem_project.json' ]]"

# A read-only parent: exit 1 with the path, nothing left behind.
if [[ $(id -u) -ne 0 ]]; then
  mkdir -p "$tmp/ro"; chmod a-w "$tmp/ro"
  check read-only 1 "$aiemc" build "$m" -o "$tmp/ro/prj" -q; contains read-only "$tmp/ro"
  chmod u+w "$tmp/ro"
fi

# A path through a file (what root sees as "unwritable" too): exit 1 with the path, nothing written.
check under-a-file 1 "$aiemc" build "$m" -o "$tmp/notes.txt/prj" -q; contains under-a-file "$tmp/notes.txt"
ok under-a-file-kept "[[ \$(cat '$tmp/notes.txt') == 'keep me' ]]"
check report-under-a-file 1 "$aiemc" report "$m" --html "$tmp/notes.txt/r.html"; contains report-under-a-file "notes.txt"

# import -o into a missing folder that fails half way leaves neither the folder nor an .npz.
check import-fail 1 "$aiemc" import "$src/tests/fixtures/onnx/bad/unsupported_op.onnx" -o "$tmp/imp/m.aiem"
ok import-fail-clean "[[ ! -e '$tmp/imp' ]]"

# build --input checks the array's shape as run does (a transposed array is not the input).
python3 - "$tmp/t.npy" <<'PY'
import sys
header = "{'descr': '|i1', 'fortran_order': False, 'shape': (16, 8), }"
header += " " * (118 - len(header)) + "\n"
open(sys.argv[1], "wb").write(b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little") + header.encode() + bytes(128))
PY
check transposed-input 1 "$aiemc" build "$m" --input "x=$tmp/t.npy" -o "$tmp/tr" -q; contains transposed-input "the array has shape [16, 8]"
ok transposed-input-nothing-written "[[ ! -e '$tmp/tr' ]]"

# run --output-dir: all outputs or none; a new folder is created.
check run-out 0 "$aiemc" run "$m" --input "x=$tmp/model/input.npy" --output-dir "$tmp/runout/"
ok run-out-wrote "[[ -f '$tmp/runout/fc4.npy' ]]"

# An interrupted build removes its temporaries (SIGTERM during the write of a large project).
cat > "$tmp/big.aiem" <<'M'
model big { batch 8  input x : int8[1024]
  y = dense(x, 1184, w: int8 from random(1)) -> int8 @tiles(cascade: 8, parallel: 37)
  output y }
M
( "$aiemc" build "$tmp/big.aiem" -o "$tmp/intr/prj" -q & pid=$!; sleep 0.3; kill -TERM $pid; wait $pid ) > /dev/null 2>&1
no_leftovers interrupted "$tmp/intr"
ok interrupted-no-partial "[[ ! -e '$tmp/intr/prj' || -f '$tmp/intr/prj/aiem_project.json' ]]"

echo "output paths: $passes checks passed, $fails failed"
[[ $fails -eq 0 ]]
