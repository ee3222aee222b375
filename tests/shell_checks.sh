# Shared helpers of the shell tests (sourced): each check counts into $passes / $fails; the last
# command's stdout and stderr are in $tmp/out. The caller sets $tmp and prints the totals.
fails=0; passes=0
check() {  # check NAME EXPECTED_RC COMMAND...
  local name="$1" want="$2"; shift 2
  "$@" > "$tmp/out" 2>&1; local rc=$?
  if [[ $rc -ne $want ]]; then echo "FAIL $name: exit $rc, expected $want"; cat "$tmp/out"; fails=$((fails+1));
  else passes=$((passes+1)); fi
}
contains() {  # contains NAME TEXT: the last command's output contains TEXT
  if ! grep -qF -- "$2" "$tmp/out"; then echo "FAIL $1: output lacks '$2'"; cat "$tmp/out"; fails=$((fails+1));
  else passes=$((passes+1)); fi
}
ok() {  # ok NAME CONDITION: a bash condition that must hold
  if eval "$2"; then passes=$((passes+1)); else echo "FAIL $1: $2"; fails=$((fails+1)); fi
}
