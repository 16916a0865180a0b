#!/usr/bin/env bash
# run-sanitize.sh RESINC
#
# `resinc run --sanitize` (docs/reliability.md, "Non-finite values"): a
# graph whose source has a NaN burst in its first 10 ms feeds a biquad.
#   - without --sanitize the biquad stays NaN to the end of the render;
#   - with --sanitize the end of the render is finite, and every engine the
#     host runs writes the same file, byte for byte;
#   - --sanitize on the graph with `finite()` written in already changes
#     nothing (the guard is not doubled): the files are equal.
# The last samples are read from the end of the WAV file (the data chunk is
# last) with od. Prints one line per failure and a summary; exits 1 on any
# failure.
set -u

if [ $# -ne 1 ]; then
  echo "usage: $0 RESINC" >&2
  exit 2
fi
resinc=$1
. "$(dirname "${BASH_SOURCE[0]}")/harness.sh" run-sanitize

cat >"$work/burst.graph" <<'EOF'
# sqrt of a negative number: NaN for the first 10 ms, then 0.
burst = time() < 0.01 ? sqrt(-1 - time()) : 0
tone = osc(freq=220) * 0.3
output tone + burst -> biquad(kind=lowpass, freq=1000)
EOF
sed 's/-> biquad/-> finite() -> biquad/' "$work/burst.graph" >"$work/guarded.graph"

# run NAME ARGS...: resinc run ARGS... -o $work/NAME.wav (0.25 s).
run() {
  local name=$1
  shift
  total=$((total + 1))
  if ! timeout -k 1 60 "$resinc" run "$@" --seconds 0.25 -o "$work/$name.wav" 2>"$work/stderr"; then
    fail "$name: resinc run $*: $(head -n 1 "$work/stderr")"
    return 1
  fi
}
# tail_values NAME: the last 4 samples of a mono float WAV, one a line.
tail_values() {
  tail -c 16 "$work/$1.wav" | od -An -v -t f4 | tr -s ' ' '\n' | sed '/^$/d'
}
nonfinite() {
  grep -Eiq 'nan|inf'
}

if run plain "$work/burst.graph" --engine interp; then
  total=$((total + 1))
  if ! tail_values plain | nonfinite; then
    fail "without --sanitize the biquad recovered: $(tail_values plain | tr '\n' ' ')"
  fi
fi

engines=(interp native)
for engine in jit-scalar jit-f32x4 jit-f32x8 jit-f32x16 jit; do
  if "$resinc" compile "$work/burst.graph" --engine "$engine" >/dev/null 2>&1; then
    engines+=("$engine")
  fi
done
for engine in "${engines[@]}"; do
  run "sanitized-$engine" "$work/burst.graph" --sanitize --engine "$engine" || continue
  total=$((total + 1))
  if tail_values "sanitized-$engine" | nonfinite; then
    fail "--sanitize --engine $engine: still non-finite: $(tail_values "sanitized-$engine" | tr '\n' ' ')"
  fi
  total=$((total + 1))
  if ! cmp -s "$work/sanitized-interp.wav" "$work/sanitized-$engine.wav"; then
    fail "--sanitize: $engine's output differs from interp's"
  fi
done

if run guarded "$work/guarded.graph" --engine interp &&
  run guarded-sanitized "$work/guarded.graph" --sanitize --engine interp; then
  total=$((total + 1))
  cmp -s "$work/guarded.wav" "$work/guarded-sanitized.wav" ||
    fail "--sanitize changed a graph that has its finite() already"
  total=$((total + 1))
  cmp -s "$work/guarded.wav" "$work/sanitized-interp.wav" ||
    fail "--sanitize differs from finite() written before the biquad"
fi

echo "run-sanitize: $total checks (engines: ${engines[*]}), $failed failed"
[ "$failed" -eq 0 ]
