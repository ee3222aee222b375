#!/usr/bin/env bash
# The graph examples' committed reports (examples/<name>/report.txt) are what `aiemc report` prints
# for them today: a change of the plan, the placement or the performance model shows up here.
# Regenerate with:  for e in residual_mlp two_branch mixer_tagger transformer_tagger conv1d_tagger conv2d_classifier; do aiemc report examples/$e/$e.aiem > examples/$e/report.txt; done
set -u
aiemc="$1"; src="$2"; fails=0
for e in residual_mlp two_branch mixer_tagger transformer_tagger conv1d_tagger conv2d_classifier; do
  if ! diff -u "$src/examples/$e/report.txt" <(cd "$src" && "$aiemc" report "examples/$e/$e.aiem" 2>&1); then
    echo "FAIL $e: the report differs from examples/$e/report.txt (regenerate it if the change is intended)"
    fails=$((fails + 1))
  fi
done
echo "example reports: $((4 - fails)) of 4 as committed"
[ "$fails" -eq 0 ]
