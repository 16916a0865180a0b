#!/usr/bin/env bash
# run-units.sh RESINC
#
# cli.units: units and constant expressions in graph text
# (docs/reference/graph-format.md, "Units and constant expressions"). Each
# case is a graph written with a unit or an expression and the same graph
# with the plain number it must fold to; `resinc opt -O0` must print both
# identically, and reading that print back must print it again (the printer
# writes the folded number). Prints one line per failure and a summary;
# exits 1 on any failure.
set -u

if [ $# -ne 1 ]; then
  echo "usage: $0 RESINC" >&2
  exit 2
fi
resinc=$1
. "$(dirname "${BASH_SOURCE[0]}")/harness.sh" run-units

# same NAME 'GRAPH WITH UNITS' 'GRAPH WITH PLAIN NUMBERS'
same() {
  local name=$1
  step
  printf '%s\n' "$2" >"$work/$name-units.graph"
  printf '%s\n' "$3" >"$work/$name-plain.graph"
  if ! "$resinc" opt -O0 "$work/$name-units.graph" >"$work/$name-units.out" 2>"$work/$name.err"; then
    fail "$name: opt exits $?: $(head -n1 "$work/$name.err")"
    return
  fi
  if ! "$resinc" opt -O0 "$work/$name-plain.graph" >"$work/$name-plain.out" 2>"$work/$name.err"; then
    fail "$name: opt of the plain graph exits $?: $(head -n1 "$work/$name.err")"
    return
  fi
  # The graphs' names come from the file names; compare the rest.
  sed -i '/^name /d' "$work/$name-units.out" "$work/$name-plain.out"
  cmp -s "$work/$name-units.out" "$work/$name-plain.out" ||
    fail "$name: '$2' prints differently from '$3': $(diff "$work/$name-units.out" "$work/$name-plain.out" | tr '\n' '|')"
  step
  cp "$work/$name-units.out" "$work/$name-again.graph"
  "$resinc" opt -O0 "$work/$name-again.graph" 2>&1 | sed '/^name /d' >"$work/$name-again.out"
  cmp -s "$work/$name-units.out" "$work/$name-again.out" ||
    fail "$name: the printed graph does not read back as itself: $(diff "$work/$name-units.out" "$work/$name-again.out" | tr '\n' '|')"
}

same delay-ms $'sample_rate 44100\ninput x\noutput delay(x, 300ms)' \
  $'sample_rate 44100\ninput x\noutput delay(x, 13230)'
# The default rate is 44100, and a sample_rate line after the use applies.
same default-rate $'input x\noutput delay(x, 300ms)' $'input x\noutput delay(x, 13230)'
same later-rate $'input x\noutput delay(x, 300ms)\nsample_rate 48000' \
  $'input x\noutput delay(x, 14400)\nsample_rate 48000'
same biquad-khz $'input x\noutput biquad(x, lowpass, freq=2k)' \
  $'input x\noutput biquad(x, lowpass, freq=2000)'
same release-seconds $'input x\noutput envelope(x, attack=5ms, release=1.5s)' \
  $'input x\noutput envelope(x, attack=0.005, release=1.5)'
same product $'input x\noutput delay(x, 0.3 * 48000)' $'input x\noutput delay(x, 14400)'
same sample-rate-name $'sample_rate 48000\ninput x\noutput delay(x, 0.3 * sample_rate)' \
  $'sample_rate 48000\ninput x\noutput delay(x, 14400)'
# 1.5ms at 44100 is 66.15 samples; 2.5ms at 1000 is 2.5, halfway, rounded away
# from zero (to 3, where rounding to even would give 2).
same round-nearest $'input x\noutput delay(x, 1.5ms)' $'input x\noutput delay(x, 66)'
same round-half-away $'sample_rate 1000\ninput x\noutput delay(x, 2.5ms)' \
  $'sample_rate 1000\ninput x\noutput delay(x, 3)'
same osc-and-onepole $'output osc(freq=440Hz) -> onepole(highpass, sample_rate / 441)' \
  $'output osc(freq=440) -> onepole(highpass, 100)'

echo "run-units: $total cases, $((total - failed)) passed, $failed failed"
[ $failed -eq 0 ]
