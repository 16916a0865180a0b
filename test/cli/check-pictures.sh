#!/usr/bin/env bash
# check-pictures.sh RESINC PNG_INFO REPO_ROOT
#
# docs.pictures: runs scripts/pictures into a scratch folder with the built
# resinc, then checks what it made: the same files as docs/pictures holds
# (so the committed pictures are the script's, and the script makes every
# one the docs show), each PNG decoding at its documented size, the SVG
# naming every node of its graph, and every picture the README and
# docs/tutorial.md show existing in docs/pictures.
set -u

if [ $# -ne 3 ]; then
  echo "usage: $0 RESINC PNG_INFO REPO_ROOT" >&2
  exit 2
fi
resinc=$1 pnginfo=$2 root=$3
. "$(dirname "${BASH_SOURCE[0]}")/harness.sh" check-pictures

step
if ! "$root/scripts/pictures" "$resinc" "$work/pictures" >"$work/out" 2>&1; then
  fail "scripts/pictures failed: $(tail -n 5 "$work/out")"
fi

made=$(cd "$work/pictures" && ls | sort | tr '\n' ' ')
committed=$(cd "$root/docs/pictures" && ls | grep -v '\.field$' | sort | tr '\n' ' ')
step
[ "$made" == "$committed" ] || fail "scripts/pictures makes '$made' but docs/pictures holds '$committed'"

png_size() { "$pnginfo" "$1" | cut -d' ' -f1,2; }
for pair in "eq-response.png:960 900" "sdf-distance.png:384 256"; do
  file=${pair%%:*} want=${pair#*:}
  step
  got=$(png_size "$work/pictures/$file")
  [ "$got" == "$want" ] || fail "$file: $got, expected $want"
done
# The chart: 960 wide, 2 x (80 + 26 x E) per file with E the most engines.
step
"$pnginfo" "$work/pictures/bench-baseline.png" | grep -q '^960 ' || fail "bench-baseline.png is not 960 wide"

# The diagram names every node of echo.graph (labels from its DOT text).
"$resinc" dump-ir --stage dot "$root/graphs/echo.graph" >"$work/echo.dot"
grep -o 'label="#[^"\\]*' "$work/echo.dot" | sed 's/^label="//' >"$work/labels"
step
[ "$(grep -c '^' "$work/labels")" -ge 5 ] || fail "too few nodes in echo.graph's DOT"
while IFS= read -r label; do
  step
  grep -qF ">$label<" "$work/pictures/echo-diagram.svg" || fail "echo-diagram.svg does not name '$label'"
done <"$work/labels"

# Every picture the README and the tutorial show is in docs/pictures.
for doc in README.md docs/tutorial.md docs/usage.md; do
  for picture in $(grep -o 'pictures/[A-Za-z0-9_.-]*\.\(png\|svg\)' "$root/$doc" | sort -u); do
    step
    [ -s "$root/docs/$picture" ] || fail "$doc shows $picture, which docs/pictures lacks"
  done
  step
  [ "$(grep -o 'pictures/[A-Za-z0-9_.-]*\.\(png\|svg\)' "$root/$doc" | sort -u | wc -l)" -ge 4 ] ||
    fail "$doc shows fewer than four pictures"
done

echo "check-pictures: $((total - failed)) of $total checks passed"
[ $failed -eq 0 ]
