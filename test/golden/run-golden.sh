#!/usr/bin/env bash
# A small lit-style runner for golden tests. A test file carries its own
# command and expectations in comments:
#   # RUN: %resinc opt -O0 %s --emit json     (%resinc: the binary, %s: this file)
#   # EXIT: 1                             (expected exit code, default 0)
#   # CHECK: ...                          (FileCheck patterns over stdout+stderr)
# Usage: run-golden.sh RESINC FILECHECK TEST_FILE
set -uo pipefail
resinc=$1 filecheck=$2 test=$3
run=$(sed -n 's/^# RUN: //p' "$test" | head -n1)
[ -n "$run" ] || { echo "no '# RUN:' line in $test"; exit 2; }
want=$(sed -n 's/^# EXIT: //p' "$test" | head -n1)
want=${want:-0}
cmd=${run//%resinc/$resinc}
cmd=${cmd//%s/$test}
out=$(timeout 10 bash -c "$cmd" 2>&1)
got=$?
if [ "$got" != "$want" ]; then
  echo "exit code $got, expected $want, from: $cmd"
  echo "$out"
  exit 1
fi
printf '%s\n' "$out" | "$filecheck" --match-full-lines=false "$test"
