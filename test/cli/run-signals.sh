#!/usr/bin/env bash
# run-signals.sh RESINC PNG_INFO SOX GRAPHS_DIR
#
# A new user's first commands (docs/usage.md): `run`'s test signals (-i
# sine:F, sweep:F0:F1, noise, impulse, silence) checked sample by sample, the
# default signal that makes every effect in graphs/ audible, the summary
# `run` and `render` print on stderr, WAV and PNG on standard output, JSON
# alone on stdout with --json -, standard input without --format, 1 to 4
# numbers a --points line, and what sox says about the WAVs resinc writes.
# Samples are read back with sox (independent of libsndfile's writer) and
# compared with awk. Prints one line per failure and a summary.
set -u

if [ $# -ne 4 ]; then
  echo "usage: $0 RESINC PNG_INFO SOX GRAPHS_DIR" >&2
  exit 2
fi
resinc=$1 pnginfo=$2 sox=$3 graphs=$4
if ! [ -x "$sox" ]; then
  echo "run-signals: SKIPPED: sox not found ('$sox'); scripts/setup installs sox" >&2
  exit 77
fi
. "$(dirname "${BASH_SOURCE[0]}")/harness.sh" run-signals

# check NAME EXPECTED_STATUS STDERR_PATTERN [STDIN_FILE] -- ARGS...
# Runs resinc with stdout in $work/stdout and stderr in $work/stderr; the
# pattern (an extended regular expression, '' = anything) must match some
# line of stderr.
check() {
  local name=$1 want=$2 errpat=$3 input=/dev/null
  shift 3
  if [ "$1" != -- ]; then
    input=$1
    shift
  fi
  shift # --
  total=$((total + 1))
  timeout -k 1 20 "$resinc" "$@" <"$input" >"$work/stdout" 2>"$work/stderr"
  local status=$? why=""
  if [ $status -gt 128 ]; then
    why="killed by signal $((status - 128))"
  elif [ "$status" != "$want" ]; then
    why="exit status $status, expected $want"
  elif [ -n "$errpat" ] && ! grep -a -q -E -e "$errpat" "$work/stderr"; then
    why="no stderr line matches /$errpat/"
  fi
  if [ -n "$why" ]; then
    fail "$name: $why (resinc $*); stderr: $(head -c 400 "$work/stderr")"
    return 1
  fi
}

expect() {
  total=$((total + 1))
  [ "$2" == "$3" ] || fail "$1: got '$2', expected '$3'"
}

# samples WAV: one float a line (the first channel of each frame when
# CHANNEL is not given; else that 1-based channel), as sox decodes them.
samples() {
  "$sox" "$1" -t f32 - remix "${2:-1}" 2>/dev/null | od -An -v -tf4 -w4 | tr -d ' '
}

# near NAME ACTUAL EXPECTED TOLERANCE
near() {
  total=$((total + 1))
  awk -v a="$2" -v b="$3" -v t="$4" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= t) }' ||
    fail "$1: got $2, expected $3 within $4"
}

err='^resinc: error: '
summary='^resinc: .*: [0-9]+ channels?, [0-9]+ samples( each)?, peak (-?[0-9]+\.[0-9]|-inf) dBFS'
printf 'input x\noutput x\n' >"$work/identity.graph"
printf 'input a, b\noutput a, b\n' >"$work/pair.graph"
printf 'input a, b\noutput a - b\n' >"$work/diff.graph"
printf 'input x\noutput x * 4\n' >"$work/loud.graph"
printf 'input x\nq = x / 0\noutput q\n' >"$work/nan.graph"

# ---- test signals, sample by sample ----
if check impulse 0 '' -- run "$work/identity.graph" -i impulse -o "$work/impulse.wav" --samples 100; then
  mapfile -t s < <(samples "$work/impulse.wav")
  expect impulse-count "${#s[@]}" 100
  expect impulse-first "${s[0]}" 1
  expect impulse-rest "$(printf '%s\n' "${s[@]:1}" | sort -u)" 0
fi
if check sine 0 '' -- run "$work/identity.graph" -i sine:1000 -o "$work/sine.wav" --samples 441; then
  mapfile -t s < <(samples "$work/sine.wav")
  for n in 0 1 11 100 440; do
    near "sine-sample-$n" "${s[$n]}" "$(awk -v n=$n 'BEGIN { printf "%.9g", 0.5 * sin(2 * 3.14159265358979 * 1000 * n / 44100) }')" 1e-6
  done
  expect sine-summary "$(grep -c 'peak -6.0 dBFS, 0 clipped, 0 non-finite' "$work/stderr")" 1
fi
# A logarithmic sweep from 100 Hz to 10 kHz over 1 s has f0 T / ln(f1/f0) *
# (f1/f0 - 1) = 2149.8 cycles: about 4300 zero crossings (a linear one
# would have 5050 cycles), 25 of them in the first 0.1 s and about 1600 in
# the last.
crossings() { awk 'NR > 1 && ($1 < 0) != (p < 0) { c++ } { p = $1 } END { print c + 0 }'; }
if check sweep 0 '' -- run "$work/identity.graph" -i sweep:100:10000 -o "$work/sweep.wav"; then
  samples "$work/sweep.wav" >"$work/sweep.txt"
  near sweep-crossings "$(crossings <"$work/sweep.txt")" 4300 3
  near sweep-start "$(head -n 4410 "$work/sweep.txt" | crossings)" 25 2
  near sweep-end "$(tail -n 4410 "$work/sweep.txt" | crossings)" 1602 3
  near sweep-peak "$(sort -g "$work/sweep.txt" | tail -n 1)" 0.5 1e-4
fi
# Noise: uniform in [-0.5, 0.5), the same on every run, another sequence on
# each input channel, independent of the block length.
if check noise 0 '' -- run "$work/pair.graph" -i noise -i noise -o "$work/noise.wav" --samples 20000 --block 777; then
  samples "$work/noise.wav" 1 >"$work/left.txt"
  samples "$work/noise.wav" 2 >"$work/right.txt"
  expect noise-range "$(awk '$1 < -0.5 || $1 >= 0.5 { bad++ } END { print bad + 0 }' "$work/left.txt")" 0
  near noise-mean "$(awk '{ s += $1 } END { print s / NR }' "$work/left.txt")" 0 0.01
  # The variance of uniform noise in [-0.5, 0.5) is 1/12.
  near noise-variance "$(awk '{ s += $1 * $1 } END { print s / NR }' "$work/left.txt")" 0.0833 0.003
  total=$((total + 1))
  cmp -s "$work/left.txt" "$work/right.txt" && fail "noise-channels: both channels carry the same noise"
fi
check noise-again 0 '' -- run "$work/pair.graph" -i noise -i noise -o "$work/noise2.wav" --samples 20000 --block 4096
total=$((total + 1))
cmp -s "$work/noise.wav" "$work/noise2.wav" || fail "noise-deterministic: two runs (blocks 777 and 4096) differ"
check sweep-blocks 0 '' -- run "$work/identity.graph" -i sweep:20:20000 -o "$work/sw1.wav" --samples 3000 --block 1
check sweep-blocks-777 0 '' -- run "$work/identity.graph" -i sweep:20:20000 -o "$work/sw2.wav" --samples 3000 --block 777
total=$((total + 1))
cmp -s "$work/sw1.wav" "$work/sw2.wav" || fail "sweep-block-invariance: --block 1 and --block 777 differ"

# ---- -i repeated: one channel each, in order; missing inputs are silent ----
check same-signal-twice 0 'peak -inf dBFS' -- run "$work/diff.graph" -i sine:440 -i sine:440 -o "$work/d.wav"
check signal-and-silence 0 'peak -6.0 dBFS' -- run "$work/diff.graph" -i sine:440 -i silence -o "$work/d.wav"
check fewer-inputs 0 "^resinc: note: -i gives 1 channel\(s\) for the 2 inputs of 'diff': input 'b' is silent" \
  -- run "$work/diff.graph" -i noise -o "$work/d.wav"
check file-and-signal 0 '' -- run "$work/diff.graph" -i "$work/sine.wav" -i sine:1000 -o "$work/fs.wav"
expect file-and-signal-length "$(samples "$work/fs.wav" | wc -l)" 441
expect file-and-signal-silent "$(grep -c 'peak -inf dBFS' "$work/stderr")" 1
check too-many-inputs 1 "${err}-i: the inputs give 2 channels \(sine:1: 1, noise: 1\) but the graph 'identity' has 1 input" \
  -- run "$work/identity.graph" -i sine:1 -i noise -o "$work/x.wav"
check nyquist 0 '^resinc: warning: -i sine:30000: 30000 Hz is not below half' \
  -- run "$work/identity.graph" -i sine:30000 -o "$work/n.wav" --samples 10
check unknown-signal-word 1 '^resinc: note: -i takes a sound file or a test signal: sine:FREQ' \
  -- run "$work/identity.graph" -i saw:440 -o "$work/x.wav"

# ---- bad specs are usage errors naming the accepted forms ----
forms='sine:FREQ, sweep:F0:F1, noise, impulse or silence'
check bad-sine-text 2 "${err}-i: 'sine:abc' is not a valid input: the frequency 'abc' is not a number; .*$forms" \
  -- run "$work/identity.graph" -i sine:abc -o "$work/x.wav"
check bad-sweep-one 2 "${err}-i: 'sweep:100' is not a valid input: sweep is written sweep:F0:F1" \
  -- run "$work/identity.graph" -i sweep:100 -o "$work/x.wav"
check bad-sine-negative 2 "${err}-i: 'sine:-5' .*must be above 0 Hz" -- run "$work/identity.graph" -i sine:-5 -o "$work/x.wav"
check bad-sine-zero 2 "${err}-i: 'sine:0' .*must be above 0 Hz" -- run "$work/identity.graph" -i sine:0 -o "$work/x.wav"
check bad-sine-bare 2 "${err}-i: 'sine' .*sine is written sine:FREQ" -- run "$work/identity.graph" -i sine -o "$work/x.wav"
check bad-noise-arg 2 "${err}-i: 'noise:3' .*noise is written noise" -- run "$work/identity.graph" -i noise:3 -o "$work/x.wav"
check bad-sweep-inf 2 "${err}-i: 'sweep:1:inf' .*finite" -- run "$work/identity.graph" -i sweep:1:inf -o "$work/x.wav"
total=$((total + 1))
[ -e "$work/x.wav" ] && fail "bad-specs: a failed run left $work/x.wav behind"

# ---- without -i an effect gets sine:220 and is audible (README's command) ----
for effect in tremolo echo chorus eq distortion; do
  if check "default-$effect" 0 "^resinc: note: no -i given: the input of '$effect' gets the test signal sine:220" \
    -- run "$graphs/$effect.graph" -o "$work/$effect.wav"; then
    peak=$(sed -n 's/.* peak \(-\{0,1\}[0-9.]*\) dBFS.*/\1/p' "$work/stderr")
    total=$((total + 1))
    awk -v p="${peak:--999}" 'BEGIN { exit !(p > -20) }' || fail "default-$effect: peak '$peak' dBFS, expected above -20"
  fi
done
check default-quiet 0 '' -- run "$graphs/tremolo.graph" -o "$work/q.wav" --quiet
expect default-quiet-stderr "$(cat "$work/stderr")" ""
total=$((total + 1))
cmp -s "$work/q.wav" "$work/tremolo.wav" || fail "default-quiet: --quiet changed the samples"
check default-no-inputs 0 "$summary" -- run "$graphs/synth_voice.graph" -o "$work/v.wav"
total=$((total + 1))
grep -q 'note: no -i' "$work/stderr" && fail "default-no-inputs: a graph without inputs got the default-signal note"

# ---- the summary: stderr only; a warning for clipped or non-finite samples ----
if check summary 0 "^resinc: $work/t.wav: 1 channel, 44100 samples, peak -[0-9]\.[0-9] dBFS, 0 clipped, 0 non-finite$" \
  -- run "$graphs/tremolo.graph" -i sine:440 -o "$work/t.wav"; then
  expect summary-stdout-empty "$(wc -c <"$work/stdout")" 0
fi
check summary-stereo 0 "^resinc: $work/c.wav: 2 channels, 1000 samples each, peak " -- run "$graphs/chorus.graph" -o "$work/c.wav" --samples 1000
check clipped 0 "^resinc: warning: $work/l.wav: 1 sample\(s\) beyond full scale.* and 0 non-finite" \
  -- run "$work/loud.graph" -i impulse -o "$work/l.wav" --samples 100
check clipped-sine 0 'peak 6.0 dBFS, [0-9]+ clipped, 0 non-finite' -- run "$work/loud.graph" -i sine:100 -o "$work/l.wav"
expect clipped-warning "$(grep -c '^resinc: warning: .*beyond full scale' "$work/stderr")" 1
check clipped-quiet 0 '^resinc: warning: .*beyond full scale' -- run "$work/loud.graph" -i sine:100 -o "$work/l.wav" --quiet
expect clipped-quiet-lines "$(wc -l <"$work/stderr")" 1
check non-finite 0 '^resinc: warning: .* and 44100 non-finite' -- run "$work/nan.graph" -i sine:100 -o "$work/nan.wav"
check render-summary 0 "^resinc: $work/p.png: 64x32, values [-0-9.e]+ to [-0-9.e]+, 0 non-finite, [0-9]+ outside \[0, 1\] \(clamped in the PNG\)$" \
  -- render "$graphs/terrain.field" -o "$work/p.png" --size 64x32
expect render-summary-stdout "$(wc -c <"$work/stdout")" 0
check render-summary-f32 0 "^resinc: $work/p.f32: 8x8, values [-0-9.e]+ to [-0-9.e]+, 0 non-finite$" \
  -- render "$graphs/terrain.field" -o "$work/p.f32" --size 8x8
printf 'sqrt(x - 0.5)\n' >"$work/half-nan.field"
check render-non-finite 0 "^resinc: warning: $work/h.png: 32 non-finite value\(s\)" -- render "$work/half-nan.field" -o "$work/h.png" --size 8x8
check render-quiet 0 '' -- render "$graphs/terrain.field" -o "$work/p.png" --size 8x8 --quiet
expect render-quiet-stderr "$(cat "$work/stderr")" ""

# ---- standard output: WAV and PNG, the same bytes as a file ----
check run-file 0 '' -- run "$graphs/echo.graph" -i noise -o "$work/echo-file.wav" --samples 5000
total=$((total + 1))
if timeout 20 "$resinc" run "$graphs/echo.graph" -i noise -o - --samples 5000 2>"$work/stderr" | cat >"$work/echo-pipe.wav"; then
  cmp -s "$work/echo-file.wav" "$work/echo-pipe.wav" || fail "run-stdout-pipe: the WAV on a pipe differs from the file"
  grep -q '^resinc: <stdout>: 1 channel, 5000 samples' "$work/stderr" || fail "run-stdout-pipe: no summary naming <stdout>"
else
  fail "run-stdout-pipe: resinc failed: $(head -c 300 "$work/stderr")"
fi
check run-stdout-redirect 0 '' -- run "$graphs/echo.graph" -i noise -o - --samples 5000
total=$((total + 1))
cmp -s "$work/echo-file.wav" "$work/stdout" || fail "run-stdout-redirect: the WAV on stdout differs from the file"
total=$((total + 1))
timeout 20 "$resinc" run "$graphs/chorus.graph" -o - --samples 0 --quiet 2>/dev/null | cat >"$work/empty.wav"
expect run-stdout-empty "$("$sox" --i -s "$work/empty.wav" 2>/dev/null) $("$sox" --i -c "$work/empty.wav" 2>/dev/null)" "0 2"
check render-stdout 0 '' -- render "$graphs/terrain.field" -o - --size 16x8
cp "$work/stdout" "$work/stdout.png"
expect render-stdout-png "$("$pnginfo" "$work/stdout.png" 2>&1)" "16 8 16 gray"
check render-file 0 '' -- render "$graphs/terrain.field" -o "$work/file.png" --size 16x8
total=$((total + 1))
cmp -s "$work/file.png" "$work/stdout.png" || fail "render-stdout: the PNG on stdout differs from the file"

# Binary output to a terminal is refused (script gives resinc a terminal).
if command -v script >/dev/null; then
  for sub in "run $graphs/tremolo.graph" "render $graphs/terrain.field"; do
    total=$((total + 1))
    script -qec "$resinc $sub -o - --quiet" /dev/null >"$work/tty.txt" 2>&1
    status=$?
    if [ $status != 2 ] || ! grep -q '^resinc: error: -o -: standard output is a terminal' "$work/tty.txt"; then
      fail "${sub%% *}-stdout-terminal: exit $status, expected 2 and a message: $(head -c 200 "$work/tty.txt")"
    fi
  done
fi

# ---- standard input needs no --format where only one kind is taken ----
check render-stdin-text 0 '' "$graphs/perlin.field" -- render - -o "$work/s1.png" --size 8x8
check render-stdin-json 0 '' "$graphs/perlin.json" -- render - -o "$work/s2.png" --size 8x8
total=$((total + 1))
cmp -s "$work/s1.png" "$work/s2.png" || fail "render-stdin: the text and JSON forms render differently"
check render-stdin-graph 1 "${err}<stdin>: .*needs a field" "$graphs/tremolo.json" -- render - -o "$work/s3.png"
check eval-stdin 0 '' "$graphs/perlin.field" -- eval - --at 0.5,0.5
check run-stdin 0 '' "$graphs/tremolo.graph" -- run - -o "$work/s.wav" --samples 10

# ---- --points: 1 to 4 numbers a line, like --at ----
printf '0.25\n0.25 0.5\n0.25,0.5,0\n0.25 0.5 0 0\n' >"$work/points.txt"
if check points-short 0 '' -- eval "$graphs/animated.field" --points "$work/points.txt" --at 0.25 --at 0.25,0.5; then
  mapfile -t v <"$work/stdout"
  expect points-count "${#v[@]}" 6
  expect points-one-number "${v[2]}" "${v[0]}"
  expect points-two-numbers "${v[3]}" "${v[1]}"
  expect points-three-numbers "${v[4]}" "${v[1]}"
  expect points-four-numbers "${v[5]}" "${v[1]}"
fi
printf '1 2 3 4 5\n' >"$work/five.txt"
check points-five 1 "${err}$work/five.txt:1:9: expected 1 to 4 numbers \(x y z t\), found a fifth" -- eval "$graphs/perlin.field" --points "$work/five.txt"

# ---- --json -: the JSON alone on stdout, the text report on stderr ----
json_ok() { python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$1" 2>/dev/null; }
if check compile-json-stdout 0 '^file: ' -- compile "$graphs/tremolo.graph" --json - --no-cache; then
  total=$((total + 1))
  json_ok "$work/stdout" || fail "compile-json-stdout: stdout is not JSON alone: $(head -c 200 "$work/stdout")"
fi
check compile-both-stdout 2 "${err}-o - and --json -" -- compile "$graphs/tremolo.graph" -o - --json -
if check verify-json-stdout 0 '' -- verify "$graphs/tremolo.graph" --engines interp,native --seeds 1 --json -; then
  total=$((total + 1))
  json_ok "$work/stdout" || fail "verify-json-stdout: stdout is not JSON alone: $(head -c 200 "$work/stdout")"
fi

# ---- sox reads every WAV resinc writes ----
# libsndfile writes WAVE_FORMAT_IEEE_FLOAT with the 16-byte fmt chunk (and
# WAVE_FORMAT_EXTENSIBLE with the 40-byte one); sox 14.4 prints "wave header
# missing extended part of fmt chunk" for both, as for every float WAV it
# reads (its check runs after it has consumed the extensible part). That
# one line is tolerated; any other message fails.
sox_messages() { # FILE: what sox prints on stderr reading it, less the known line
  # (stat prints its table on stderr too; an empty file has no table to check.)
  { "$sox" --i "$1" >/dev/null; [ "$("$sox" --i -s "$1" 2>/dev/null)" == 0 ] || "$sox" "$1" -n stat; } 2>&1 >/dev/null |
    grep -v -E '^(\S*/)?sox WARN wav: wave header missing extended part of fmt chunk$' |
    grep -v -E '^(Samples read|Length|Scaled|Maximum|Minimum|Midline|Mean|RMS|Rough|Volume|Delta|Frequency|$)'
}
for wav in "$work/tremolo.wav" "$work/c.wav" "$work/echo-pipe.wav" "$work/empty.wav"; do
  expect "sox-$(basename "$wav")" "$(sox_messages "$wav")" ""
done
expect sox-encoding "$("$sox" --i -e "$work/tremolo.wav" 2>/dev/null)" "Floating Point PCM"
near sox-max-amplitude "$("$sox" "$work/sine.wav" -n stat 2>&1 | sed -n 's/^Maximum amplitude: *//p')" 0.5 1e-4

# ---- --encoding pcm24|pcm16: integer WAVs, which sox reads without a word ----
raw_sox_messages() { "$sox" "$1" -n stat 2>&1 >/dev/null | grep -v -E '^(Samples read|Length|Scaled|Maximum|Minimum|Midline|Mean|RMS|Rough|Volume|Delta|Frequency|$)'; }
printf 'input x\noutput x * 3\n' >"$work/loud.graph"
for encoding in pcm24 pcm16; do
  "$resinc" run "$graphs/tremolo.graph" --encoding $encoding -o "$work/t-$encoding.wav" --quiet 2>/dev/null
  expect "$encoding-no-sox-message" "$(raw_sox_messages "$work/t-$encoding.wav")" ""
  expect "$encoding-sox-encoding" "$("$sox" --i -e "$work/t-$encoding.wav" 2>/dev/null)" "Signed Integer PCM"
  near "$encoding-max-amplitude" "$("$sox" "$work/t-$encoding.wav" -n stat 2>&1 | sed -n 's/^Maximum amplitude: *//p')" 0.5 1e-3
  # Beyond full scale: clipped (saturated), never wrapped around.
  "$resinc" run "$work/loud.graph" -i sine:100 --encoding $encoding -o "$work/l-$encoding.wav" --quiet 2>/dev/null
  near "$encoding-clipped" "$("$sox" "$work/l-$encoding.wav" -n stat 2>&1 | sed -n 's/^Maximum amplitude: *//p')" 1.0 1e-3
  "$resinc" run "$graphs/tremolo.graph" --encoding $encoding -o - --quiet >"$work/s-$encoding.wav" 2>/dev/null
  total=$((total + 1))
  cmp -s "$work/s-$encoding.wav" "$work/t-$encoding.wav" || fail "$encoding: -o - differs from the file"
done
check encoding-unknown 2 "${err}--encoding: pcm8 not in" -- run "$graphs/tremolo.graph" --encoding pcm8 -o "$work/x.wav"

echo "run-signals: $total cases, $((total - failed)) passed, $failed failed"
[ $failed -eq 0 ]
