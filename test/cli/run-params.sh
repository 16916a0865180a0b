#!/usr/bin/env bash
# The params examples (graphs/params/): the sweep under its automation file
# gives the same bytes on interp and the default engine; verify passes both
# forms under random automation; a field's --set equals the literal; a bad
# automation line is a located error with exit 1.
#
#   run-params.sh RESINC GRAPHS_DIR
set -uo pipefail
resinc=$1
dir=$2/params
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() {
  echo "FAIL $*"
  failures=$((failures + 1))
}

for engine in interp native jit-baseline jit tiered; do
  "$resinc" run "$dir/sweep.graph" --automation "$dir/sweep.automation" --seconds 2 --quiet \
    --engine "$engine" -o "$work/$engine.wav" || fail "run --engine $engine"
done
for engine in native jit-baseline jit tiered; do
  cmp -s "$work/interp.wav" "$work/$engine.wav" || fail "sweep under automation: $engine differs from interp"
done
# The automation does something: without it the output differs.
"$resinc" run "$dir/sweep.graph" --seconds 2 --quiet --engine interp -o "$work/still.wav" || fail "run without automation"
cmp -s "$work/interp.wav" "$work/still.wav" && fail "the automation changed nothing"

out=$("$resinc" verify "$dir/sweep.graph" "$dir/sweep.json" 2>&1) || fail "verify: $out"
[ "$(grep -c PASS <<<"$out")" = 2 ] || fail "verify did not pass both forms: $out"

# --set on a field equals the value written in.
sed 's/param scale = 6 \[0.5, 64\];/let scale = 12;/' "$dir/scaled_noise.field" >"$work/literal.field"
"$resinc" render "$dir/scaled_noise.field" --set scale=12 --size 64x48 --quiet -o "$work/set.pfm" || fail "render --set"
"$resinc" render "$work/literal.field" --size 64x48 --quiet -o "$work/literal.pfm" || fail "render literal"
cmp -s "$work/set.pfm" "$work/literal.pfm" || fail "render --set scale=12 differs from the literal"

printf '0 cutoff 100\n10 cutof 200\n' >"$work/bad.automation"
err=$("$resinc" run "$dir/sweep.graph" --automation "$work/bad.automation" -o "$work/bad.wav" 2>&1)
status=$?
[ $status = 1 ] || fail "a bad automation line exits $status, not 1"
grep -q "bad.automation:2:4: no param named 'cutof'; did you mean 'cutoff'?" <<<"$err" ||
  fail "bad automation message: $err"
[ -e "$work/bad.wav" ] && fail "a refused run left bad.wav"
err=$("$resinc" run "$dir/sweep.graph" --set cutoff=9000 -o "$work/bad.wav" 2>&1)
[ $? = 1 ] && grep -q "param 'cutoff' takes \[40, 8000\], not 9000" <<<"$err" || fail "--set out of range: $err"

echo "run-params: $failures failures"
[ $failures = 0 ]
