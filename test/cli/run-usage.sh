#!/usr/bin/env bash
# run-usage.sh RESINC
#
# Command-line errors and help (docs/reference/cli.md, "Exit codes and errors"): a wrong
# command line exits 2, a wrong or unreadable input exits 1, help and version
# exit 0. Every error is one `resinc: error: ...` line on stderr; nothing may
# crash. Prints one line per failure and a summary; exits 1 on any failure.
set -u

if [ $# -ne 1 ]; then
  echo "usage: $0 RESINC" >&2
  exit 2
fi
resinc=$1
. "$(dirname "${BASH_SOURCE[0]}")/harness.sh" run-usage

printf 'input x\noutput x * 0.5\n' >"$work/ok.graph"
printf '{"format": "resin-field/1", "expr": {"Sin": "X"}}\n' >"$work/ok.json"
printf 'input x\noutput frob(x)\n' >"$work/bad.graph"
printf 'sin(x)\n' >"$work/ok.txt"
mkdir "$work/dir.graph"


# check NAME EXPECTED_STATUS STDERR_PATTERN STDOUT_PATTERN [STDIN_FILE] -- ARGS...
# Patterns are extended regular expressions ('' = anything), matched against
# the first line of stderr and the whole of stdout.
check() {
  local name=$1 want=$2 errpat=$3 outpat=$4 input=/dev/null
  shift 4
  if [ "$1" != -- ]; then
    input=$1
    shift
  fi
  shift # --
  total=$((total + 1))
  timeout -k 1 5 "$resinc" "$@" <"$input" >"$work/stdout" 2>"$work/stderr"
  local status=$?
  local first
  first=$(head -n 1 "$work/stderr")
  local why=""
  if [ $status -eq 124 ] || [ $status -eq 137 ]; then
    why="timed out"
  elif [ $status -gt 128 ]; then
    why="killed by signal $((status - 128))"
  elif grep -a -q -E 'terminate|Aborted|Segmentation|AddressSanitizer|runtime error:' "$work/stderr"; then
    why="crash output on stderr"
  elif ! [[ " $want " == *" $status "* ]]; then
    why="exit status $status, expected $want"
  elif [ -n "$errpat" ] && ! [[ $first =~ $errpat ]]; then
    why="first stderr line does not match /$errpat/"
  elif [ -n "$outpat" ] && ! grep -a -q -E -e "$outpat" "$work/stdout"; then
    why="stdout does not match /$outpat/"
  fi
  if [ -n "$why" ]; then
    failed=$((failed + 1))
    echo "FAIL $name: $why (resinc $*); stderr: ${first:0:300}"
  fi
}

err='^resinc: error: '
# Wrong command lines: exit 2, one error line naming the problem.
check unknown-flag 2 "$err.*--bogus" '' -- opt --bogus "$work/ok.graph"
check unknown-flag-before-subcommand 2 "$err" '' -- --bogus opt "$work/ok.graph"
check missing-file 2 "${err}.*FILE" '' -- opt
check bad-emit 2 "$err.*--emit" '' -- opt "$work/ok.graph" --emit yaml
check bad-emit-equals 2 "$err.*--emit" '' -- opt "$work/ok.graph" --emit=yaml
check missing-emit-value 2 "$err" '' -- opt "$work/ok.graph" --emit
check missing-output-value 2 "$err" '' -- opt "$work/ok.graph" -o
check bad-format 2 "$err.*--format" '' -- opt - --format yaml
check extra-argument 2 "$err" '' -- opt "$work/ok.graph" "$work/ok.json"
check unknown-subcommand 2 "$err.*unknown subcommand 'frobnicate'" '' -- frobnicate "$work/ok.graph"
check flags-without-subcommand 2 "$err'-O3' is a flag of the subcommands" '' -- -O3
check flag-before-subcommand 2 "$err'-O3' is a flag of 'resinc opt' and goes after" '' -- -O3 opt "$work/ok.graph"
check help-unknown-subcommand 2 "$err.*unknown subcommand 'frobnicate'" '' -- help frobnicate
# Standard input needs --format: that is a command-line problem (exit 2).
check stdin-without-format 2 "$err.*--format" '' -- opt -

# Wrong or unreadable inputs: exit 1.
check nonexistent-file 1 "${err}$work/missing.graph: " '' -- opt "$work/missing.graph"
check directory 1 "${err}$work/dir.graph: " '' -- opt "$work/dir.graph"
check unknown-extension "1 2" "${err}$work/ok.txt: .*extension" '' -- opt "$work/ok.txt"
check malformed-file 1 "${err}$work/bad.graph:2:8: unknown op 'frob'" '' -- opt "$work/bad.graph"
check malformed-stdin 1 "${err}<stdin>:2:8: unknown op 'frob'" '' "$work/bad.graph" -- opt - --format graph
check unwritable-output 1 "${err}$work/no/such/dir/out.graph" '' -- opt "$work/ok.graph" -o "$work/no/such/dir/out.graph"

# Help, version and success: exit 0.
check no-subcommand 0 '' '^Subcommands:' --
check help 0 '' 'opt' -- --help
check help-subcommand 0 '' '^Usage: resinc run ' -- help run
check help-all 0 '' '^bench$' -- --help-all
check ops 0 '' '^osc +source ' -- ops
check ops-one 0 '' '^call: biquad\(in, kind, ' -- ops biquad
check ops-unknown 1 "$err.*unknown op 'biqud'; did you mean 'biquad'" '' -- ops biqud
check help-short 0 '' 'opt' -- -h
check opt-help 0 '' '--emit' -- opt --help
check version 0 '' 'resinc' -- --version
check opt-graph 0 '' '^output ' -- opt "$work/ok.graph"
check opt-emit-json 0 '' '"format": "resin-graph/1"' -- opt "$work/ok.graph" --emit json
check opt-emit-equals 0 '' '"format": "resin-field/1"' -- opt "$work/ok.json" --emit=json
check opt-stdin 0 '' '^output ' "$work/ok.graph" -- opt - --format graph

# `resinc ops` lists every op of the registry: docs/ops.md's generated table
# (checked against the registry by a unit test) names them, one a row.
source_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
ops_doc="$source_dir"/docs/ops.md
"$resinc" ops >"$work/ops" 2>&1
sed -n '/BEGIN GENERATED OP TABLE/,/END GENERATED OP TABLE/p' "$ops_doc" |
  awk -F'|' 'NR > 4 && NF > 3 { gsub(/ /, "", $2); print $2 }' >"$work/op-names"
total=$((total + 1))
[ "$(wc -l <"$work/op-names")" -gt 50 ] || {
  failed=$((failed + 1))
  echo "FAIL ops-doc: docs/ops.md's table gives $(wc -l <"$work/op-names") op names"
}
while read -r op; do
  total=$((total + 1))
  grep -q -E "^$op +(pure|stateful|source) " "$work/ops" || {
    failed=$((failed + 1))
    echo "FAIL ops-lists-$op: 'resinc ops' has no line for $op"
  }
done <"$work/op-names"

echo "run-usage: $total cases, $((total - failed)) passed, $failed failed"
[ $failed -eq 0 ]
