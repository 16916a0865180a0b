#!/usr/bin/env bash
# run-malformed.sh RESINC DIR
#
# Runs `resinc opt FILE` on every malformed input listed in DIR/EXPECTED and
# checks that resinc rejects it properly (docs/reference/cli.md, "Exit codes and errors"):
#   - it finishes within 2 seconds (timeout 2);
#   - it exits with status 1 exactly (not 0, not 2, not a signal);
#   - the first line of stderr is `resinc: error: FILE:LINE:COL: message`
#     with FILE exactly as given on the command line;
#   - the message (the first line after `FILE:`) contains every expected
#     substring, and the location matches where one is given;
#   - stderr shows no sign of a crash (terminate, Aborted, Segmentation,
#     AddressSanitizer, ...).
#
# DIR/EXPECTED has one line per case: FILE<TAB>SUBSTRING[<TAB>SUBSTRING...].
# Substrings are matched against `LINE:COL: message` (the path is left out,
# so a file's name cannot satisfy them). A field of the form @LINE or
# @LINE:COL is not a substring but the expected location of the error.
# Empty lines and lines starting with '#' are ignored. Every file in DIR other
# than EXPECTED must have a line, so a new case cannot be forgotten.
#
# Prints one line per failure and a summary; exits 1 if anything failed.
set -u

if [ $# -ne 2 ]; then
  echo "usage: $0 RESINC DIR" >&2
  exit 2
fi
resinc=$1
dir=${2%/}
expected="$dir/EXPECTED"
if [ ! -x "$resinc" ]; then
  echo "run-malformed: $resinc is not an executable" >&2
  exit 2
fi
if [ ! -f "$expected" ]; then
  echo "run-malformed: $expected does not exist" >&2
  exit 2
fi

time_limit=${RESINC_TIME_LIMIT:-2}
scratch=$(mktemp -d "${TMPDIR:-/tmp}/run-malformed.XXXXXX") || exit 2
trap 'rm -rf "$scratch"' EXIT
err="$scratch/stderr"

total=0
failed=0
declare -A listed=()

fail() { # fail FILE REASON
  failed=$((failed + 1))
  echo "FAIL $1: $2"
}

# Shortens one line of stderr for the report (files can be megabytes).
excerpt() {
  local line=$1
  if [ ${#line} -gt 300 ]; then
    line="${line:0:300}..."
  fi
  printf '%s' "$line"
}

while IFS= read -r entry || [ -n "$entry" ]; do
  case "$entry" in
  '' | '#'*) continue ;;
  esac
  IFS=$'\t' read -r -a fields <<<"$entry"
  name=${fields[0]}
  if [ ${#fields[@]} -lt 2 ]; then
    fail "$name" "EXPECTED line has no substring (FILE<TAB>SUBSTRING)"
    continue
  fi
  listed[$name]=1
  total=$((total + 1))
  path="$dir/$name"
  if [ ! -f "$path" ]; then
    fail "$name" "listed in EXPECTED but $path does not exist"
    continue
  fi

  timeout -k 1 "$time_limit" "$resinc" opt "$path" >/dev/null 2>"$err" </dev/null
  status=$?
  first=$(head -n 1 "$err" | tr -d '\r')

  if [ $status -eq 124 ] || [ $status -eq 137 ]; then
    fail "$name" "timed out (more than ${time_limit}s)"
    continue
  fi
  if [ $status -gt 128 ]; then
    fail "$name" "killed by signal $((status - 128)) (exit $status); stderr: $(excerpt "$first")"
    continue
  fi
  crash=$(grep -a -m 1 -E 'terminate|Aborted|Segmentation|AddressSanitizer|UndefinedBehaviorSanitizer|runtime error:|stack trace|Stack dump' "$err")
  if [ -n "$crash" ]; then
    fail "$name" "crash output on stderr: $(excerpt "$crash")"
    continue
  fi
  if [ $status -ne 1 ]; then
    fail "$name" "exit status $status, expected 1; stderr: $(excerpt "$first")"
    continue
  fi
  prefix="resinc: error: $path:"
  rest=${first#"$prefix"}
  if [ "$rest" = "$first" ] || ! [[ $rest =~ ^[0-9]+:[0-9]+:\  ]]; then
    fail "$name" "first stderr line is not 'resinc: error: $path:LINE:COL: message': $(excerpt "$first")"
    continue
  fi
  where=${rest%%: *}
  for want in "${fields[@]:1}"; do
    if [[ $want == @* ]]; then
      want=${want#@}
      if [ "$where" != "$want" ] && [ "${where%:*}" != "$want" ]; then
        fail "$name" "error is located at $where, expected $want: $(excerpt "$first")"
        break
      fi
    elif [[ $rest != *"$want"* ]]; then
      fail "$name" "first stderr line lacks '$want': $(excerpt "$first")"
      break
    fi
  done
done <"$expected"

# Every case in DIR must be listed.
for path in "$dir"/* "$dir"/.[!.]*; do
  [ -e "$path" ] || continue
  name=${path##*/}
  [ "$name" = EXPECTED ] && continue
  if [ -z "${listed[$name]:-}" ]; then
    total=$((total + 1))
    fail "$name" "file in $dir has no line in EXPECTED"
  fi
done

echo "run-malformed: $total cases in $dir, $((total - failed)) passed, $failed failed"
[ $failed -eq 0 ]
