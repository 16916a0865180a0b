#!/usr/bin/env bash
# run-tutorial.sh RESINC REPO_ROOT
#
# docs.tutorial: runs every ```sh block of docs/tutorial.md, in order, as one
# bash script with `set -euo pipefail`, in a scratch folder where `resinc`
# is the built binary and `graphs` is the repository's folder of graphs.
# ```console blocks (setup on a fresh machine) are shown, not run. Any
# failing command fails the test; the tutorial's own last step, a C program
# linking the ahead-of-time kernel, exits non-zero on a silent voice.
# Then checks the files the steps should have left behind.
set -u

if [ $# -ne 2 ]; then
  echo "usage: $0 RESINC REPO_ROOT" >&2
  exit 2
fi
resinc=$1
root=$2
. "$(dirname "${BASH_SOURCE[0]}")/harness.sh" run-tutorial

mkdir -p "$work/bin"
ln -s "$resinc" "$work/bin/resinc"
ln -s "$root/graphs" "$work/graphs"

# The sh blocks, concatenated.
awk '/^```sh$/ { inside = 1; next } /^```/ { inside = 0; next } inside { print }' \
  "${root}/docs/tutorial.md" >"$work/tutorial.sh"
step
[ "$(grep -c . "$work/tutorial.sh")" -gt 20 ] || fail "docs/tutorial.md has too few commands to be the tutorial"

step
(cd "$work" && PATH="$work/bin:$PATH" bash -euo pipefail tutorial.sh) >"$work/out.txt" 2>"$work/err.txt"
status=$?
if [ $status -ne 0 ]; then
  fail "the tutorial's commands stopped with exit $status:"
  tail -n 15 "$work/err.txt"
fi

for file in tremolo.wav voice.wav voice.ll hills.png echo.svg voice.svg eq.png eq.json \
  voice-bench.png voice-bench.svg distance.png voice.o voice.h play; do
  step
  [ -s "$work/$file" ] || fail "the tutorial did not leave $file"
done
step
grep -q "^voice: 96000 samples, peak " "$work/out.txt" || fail "play did not report the voice: $(tail -n 2 "$work/out.txt")"
step
grep -q "PASS" "$work/out.txt" || fail "verify did not say PASS"

echo "run-tutorial: $((total - failed)) of $total checks passed"
[ $failed -eq 0 ]
