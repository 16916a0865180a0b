#!/usr/bin/env bash
# run-io.sh RESINC PNG_INFO SOXI GRAPHS_DIR
#
# resinc run, render and eval end to end (docs/usage.md): the files they
# write are checked with independent readers (soxi for WAV, png-info built on
# libpng for PNG), their outputs agree across block sizes, thread counts and
# formats, and every bad value exits 1 (a bad command line 2) with one
# `resinc: error: ...` line naming the flag or file. Prints one line per
# failure and a summary; exits 1 on any failure.
set -u

if [ $# -ne 4 ]; then
  echo "usage: $0 RESINC PNG_INFO SOXI GRAPHS_DIR" >&2
  exit 2
fi
resinc=$1 pnginfo=$2 soxi=$3 graphs=$4
if ! [ -x "$soxi" ]; then
  echo "run-io: soxi not found ('$soxi'); scripts/setup installs sox" >&2
  exit 1
fi
. "$(dirname "${BASH_SOURCE[0]}")/harness.sh" run-io

# check NAME EXPECTED_STATUS STDERR_PATTERN STDOUT_PATTERN [STDIN_FILE] -- ARGS...
# As in run-usage.sh: patterns are extended regular expressions ('' = anything)
# matched against the first line of stderr and the whole of stdout.
check() {
  local name=$1 want=$2 errpat=$3 outpat=$4 input=/dev/null
  shift 4
  if [ "$1" != -- ]; then
    input=$1
    shift
  fi
  shift # --
  total=$((total + 1))
  timeout -k 1 10 "$resinc" "$@" <"$input" >"$work/stdout" 2>"$work/stderr"
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
  elif [ "$status" != "$want" ]; then
    why="exit status $status, expected $want"
  elif [ -n "$errpat" ] && ! [[ $first =~ $errpat ]]; then
    why="first stderr line does not match /$errpat/"
  elif [ -n "$outpat" ] && ! grep -a -q -E -e "$outpat" "$work/stdout"; then
    why="stdout does not match /$outpat/"
  fi
  if [ -n "$why" ]; then
    fail "$name: $why (resinc $*); stderr: ${first:0:300}"
    return 1
  fi
}

# expect NAME ACTUAL WANTED: one comparison of a checked property.
expect() {
  total=$((total + 1))
  [ "$2" == "$3" ] || fail "$1: got '$2', expected '$3'"
}

err='^resinc: error: '
printf 'sample_rate 48000\ninput x\noutput x * 0.5\n' >"$work/half48k.graph"
printf 'input a, b\noutput a - b\n' >"$work/diff.graph"
printf 'input x\noutput frob(x)\n' >"$work/bad.graph"
printf 'not a sound file\n' >"$work/text.wav"
: >"$work/empty.wav"
printf '0.5 0.5 0 0\n# comment\n\n0.25,0.75,0,0\n' >"$work/points.txt"
printf '0.5 0.5 0 0\n1 2 3 4 5\n' >"$work/bad-points.txt"
printf '0.5 0.5 zero 0\n' >"$work/nan-points.txt"

# ---- run: the WAV is what docs/reference/cli.md says (soxi reads it independently) ----
wav_props() { # FILE -> "ENCODING BITS CHANNELS RATE SAMPLES"
  echo "$("$soxi" -e "$1" 2>/dev/null) $("$soxi" -b "$1" 2>/dev/null)" \
    "$("$soxi" -c "$1" 2>/dev/null) $("$soxi" -r "$1" 2>/dev/null) $("$soxi" -s "$1" 2>/dev/null)"
}
float32='Floating Point PCM 32'
if check run-default 0 '' '' -- run "$graphs/tremolo.graph" -o "$work/t.wav"; then
  expect run-default-wav "$(wav_props "$work/t.wav")" "$float32 1 44100 44100"
fi
if check run-stereo 0 '' '' -- run "$graphs/chorus.graph" -o "$work/stereo.wav" --samples 1000; then
  expect run-stereo-wav "$(wav_props "$work/stereo.wav")" "$float32 2 44100 1000"
fi
check run-no-inputs 0 '' '' -- run "$graphs/synth_voice.graph" -o "$work/mono.wav" --seconds 0.5
expect run-seconds-wav "$(wav_props "$work/mono.wav")" "$float32 1 44100 22050"
# With -i the length is the input's; --samples/--seconds pad with silence or cut.
if check run-input 0 '' '' -- run "$graphs/tremolo.graph" -i "$work/mono.wav" -o "$work/in.wav"; then
  expect run-input-length "$("$soxi" -s "$work/in.wav" 2>/dev/null)" 22050
fi
check run-input-pad 0 '' '' -- run "$graphs/tremolo.graph" -i "$work/mono.wav" -o "$work/pad.wav" --seconds 2
expect run-input-pad-length "$("$soxi" -s "$work/pad.wav" 2>/dev/null)" 88200
check run-input-cut 0 '' '' -- run "$graphs/tremolo.graph" -i "$work/mono.wav" -o "$work/cut.wav" --samples 100
expect run-input-cut-length "$("$soxi" -s "$work/cut.wav" 2>/dev/null)" 100
check run-two-inputs 0 '' '' -- run "$work/diff.graph" -i "$work/stereo.wav" -o "$work/diff.wav"
expect run-two-inputs-wav "$(wav_props "$work/diff.wav")" "$float32 1 44100 1000"
# init() once, then blocks: the block length must not change the samples.
check run-block-1 0 '' '' -- run "$graphs/chorus.graph" -i "$work/mono.wav" -o "$work/b1.wav" --block 1 --samples 3000
check run-block-777 0 '' '' -- run "$graphs/chorus.graph" -i "$work/mono.wav" -o "$work/b777.wav" --block 777 --samples 3000
total=$((total + 1))
cmp -s "$work/b1.wav" "$work/b777.wav" || fail "run-block-invariance: --block 1 and --block 777 differ"
check run-zero-samples 0 '' '' -- run "$graphs/tremolo.graph" -o "$work/zero.wav" --samples 0
expect run-zero-samples-wav "$("$soxi" -s "$work/zero.wav" 2>/dev/null)" 0
check run-stdin 0 '' '' "$graphs/tremolo.graph" -- run - --format graph -o "$work/stdin.wav" --samples 10
check run-json 0 '' '' -- run "$graphs/echo.json" -o "$work/echo.wav" --samples 10 --math fast --no-ftz
# The input's rate differs from the graph's: a warning, and the samples are used as they are.
check run-rate-mismatch 0 '^resinc: warning: .*mono.wav: sample rate 44100 Hz differs from the graph.s 48000' '' \
  -- run "$work/half48k.graph" -i "$work/mono.wav" -o "$work/48k.wav"
expect run-rate-mismatch-wav "$(wav_props "$work/48k.wav")" "$float32 1 48000 22050"

# ---- run: errors ----
check run-seconds-and-samples 2 "$err.*(--seconds|--samples)" '' -- run "$graphs/tremolo.graph" -o "$work/x.wav" --seconds 1 --samples 5
check run-no-output 2 "$err.*-o" '' -- run "$graphs/tremolo.graph"
check run-stdin-input 2 "$err-i: standard input" '' -- run "$graphs/tremolo.graph" -i - -o "$work/x.wav"
check run-bad-math 2 "$err.*--math" '' -- run "$graphs/tremolo.graph" -o "$work/x.wav" --math sloppy
check run-missing-input 1 "${err}$work/missing.wav: " '' -- run "$graphs/tremolo.graph" -i "$work/missing.wav" -o "$work/x.wav"
check run-empty-input 1 "${err}$work/empty.wav: " '' -- run "$graphs/tremolo.graph" -i "$work/empty.wav" -o "$work/x.wav"
check run-text-input 1 "${err}$work/text.wav: " '' -- run "$graphs/tremolo.graph" -i "$work/text.wav" -o "$work/x.wav"
check run-channel-mismatch 1 "${err}$work/stereo.wav: the file has 2 channel\(s\) but the graph 'tremolo' has 1 input" '' \
  -- run "$graphs/tremolo.graph" -i "$work/stereo.wav" -o "$work/x.wav"
check run-input-without-graph-inputs 1 "${err}$work/mono.wav: .*1 channel.*0 input" '' \
  -- run "$graphs/synth_voice.graph" -i "$work/mono.wav" -o "$work/x.wav"
check run-overwrite-input 1 "${err}$work/mono.wav: .*overwrite" '' -- run "$graphs/tremolo.graph" -i "$work/mono.wav" -o "$work/mono.wav"
check run-field 1 "${err}$graphs/terrain.field: .*needs an audio graph" '' -- run "$graphs/terrain.field" -o "$work/x.wav"
check run-malformed 1 "${err}$work/bad.graph:2:8: unknown op 'frob'" '' -- run "$work/bad.graph" -o "$work/x.wav"
check run-unwritable 1 "${err}$work/no/dir/x.wav: " '' -- run "$graphs/tremolo.graph" -o "$work/no/dir/x.wav"
check run-block-zero 1 "$err--block: '0' is out of range" '' -- run "$graphs/tremolo.graph" -o "$work/x.wav" --block 0
check run-block-huge 1 "$err--block: .*out of range" '' -- run "$graphs/tremolo.graph" -o "$work/x.wav" --block 2000000
check run-block-text 1 "$err--block: 'four' is not a whole number" '' -- run "$graphs/tremolo.graph" -o "$work/x.wav" --block four
check run-samples-negative 1 "$err--samples: '-1' is out of range" '' -- run "$graphs/tremolo.graph" -o "$work/x.wav" --samples -1
check run-samples-huge 1 "$err--samples: .*out of range" '' -- run "$graphs/tremolo.graph" -o "$work/x.wav" --samples 3000000000
check run-wav-too-big 1 "${err}$work/x.wav: 2147483648 samples of 1 channel\(s\) are more than a WAV file holds" '' -- run "$graphs/tremolo.graph" -o "$work/x.wav" --samples 2147483648
check run-seconds-text 1 "$err--seconds: 'abc' is not a number" '' -- run "$graphs/tremolo.graph" -o "$work/x.wav" --seconds abc
check run-seconds-negative 1 "$err--seconds: .*out of range" '' -- run "$graphs/tremolo.graph" -o "$work/x.wav" --seconds=-1
check run-seconds-nan 1 "$err--seconds: .*out of range" '' -- run "$graphs/tremolo.graph" -o "$work/x.wav" --seconds nan
check run-seconds-huge 1 "$err--seconds: .*out of range" '' -- run "$graphs/tremolo.graph" -o "$work/x.wav" --seconds 1e6
check run-unknown-engine 1 "$err--engine: unknown engine 'bogus' \(known: interp" '' -- run "$graphs/tremolo.graph" -o "$work/x.wav" --engine bogus
check run-engine-typo 1 "$err--engine: .*did you mean 'interp'" '' -- run "$graphs/tremolo.graph" -o "$work/x.wav" --engine intrp
if [ -w /dev/full ]; then # a write error (disk full) is reported, and /dev/full survives
  ln -s /dev/full "$work/full.wav"
  ln -s /dev/full "$work/full.png"
  ln -s /dev/full "$work/full.f32"
  check run-disk-full 1 "${err}$work/full.wav: " '' -- run "$graphs/tremolo.graph" -o "$work/full.wav"
  check render-disk-full-png 1 "${err}$work/full.png: " '' -- render "$graphs/terrain.field" -o "$work/full.png"
  check render-disk-full-f32 1 "${err}$work/full.f32: " '' -- render "$graphs/terrain.field" -o "$work/full.f32"
  total=$((total + 1))
  [ -c /dev/full ] || fail "run-disk-full: /dev/full is gone"
fi
total=$((total + 1))
[ -e "$work/x.wav" ] && fail "run-errors: a failed run left $work/x.wav behind"

# ---- render: the PNG reads back with libpng: size, 16-bit, gray ----
if check render-png 0 '' '' -- render "$graphs/terrain.field" -o "$work/x.png" --size 64x32; then
  expect render-png-header "$("$pnginfo" "$work/x.png" 2>&1)" "64 32 16 gray"
fi
check render-default-size 0 '' '' -- render "$graphs/perlin.field" -o "$work/d.png"
expect render-default-size-header "$("$pnginfo" "$work/d.png" 2>&1)" "512 512 16 gray"
# PFM and .f32 hold the same floats: .f32 row 0 first, PFM row 0 last.
check render-f32 0 '' '' -- render "$graphs/terrain.field" -o "$work/x.f32" --size 64x32 --threads 1
check render-pfm 0 '' '' -- render "$graphs/terrain.field" -o "$work/x.pfm" --size 64x32 --threads 3
expect render-f32-size "$(stat -c %s "$work/x.f32")" $((64 * 32 * 4))
hex() { od -An -v -tx1 | tr -d ' \n'; }
expect render-pfm-header "$(head -c 14 "$work/x.pfm" | hex)" "$(printf 'Pf\n64 32\n-1.0\n' | hex)"
expect render-pfm-size "$(stat -c %s "$work/x.pfm")" $((14 + 64 * 32 * 4))
total=$((total + 1))
for ((j = 0; j < 32; j++)); do
  f32row=$(dd if="$work/x.f32" bs=256 skip=$j count=1 status=none | hex)
  pfmrow=$(tail -c +15 "$work/x.pfm" | dd bs=256 skip=$((31 - j)) count=1 status=none | hex)
  if [ "$f32row" != "$pfmrow" ]; then
    fail "render-pfm-row-order: image row $j is not PFM row $((31 - j)) (or the threads changed a value)"
    break
  fi
done
# Threads share rows; the image must not depend on how many.
check render-threads-4 0 '' '' -- render "$graphs/sdf_scene.field" -o "$work/t4.f32" --size 37x23 --threads 4
check render-threads-1 0 '' '' -- render "$graphs/sdf_scene.field" -o "$work/t1.f32" --size 37x23 --threads 1
total=$((total + 1))
cmp -s "$work/t1.f32" "$work/t4.f32" || fail "render-thread-invariance: --threads 1 and --threads 4 differ"
# Negative numbers as option values, in both spellings; reversed rects are allowed.
check render-negative-rect 0 '' '' -- render "$graphs/terrain.field" -o "$work/n.f32" --size 8x8 --rect -1,-2,3,0 --z -0.5 --t -2
check render-negative-rect-equals 0 '' '' -- render "$graphs/terrain.field" -o "$work/n2.f32" --size 8x8 --rect=-1,-2,3,0 --z=-0.5 --t=-2
total=$((total + 1))
cmp -s "$work/n.f32" "$work/n2.f32" || fail "render-negative-rect: '--rect X' and '--rect=X' differ"
check render-reversed-rect 0 '' '' -- render "$graphs/terrain.field" -o "$work/r.png" --size 8x8 --rect 1,1,0,0
check render-stdin 0 '' '' "$graphs/perlin.json" -- render - --format json -o "$work/s.png" --size 4x4

# ---- render: errors ----
check render-no-output 2 "$err.*-o" '' -- render "$graphs/terrain.field"
check render-audio 1 "${err}$graphs/tremolo.graph: .*needs a field" '' -- render "$graphs/tremolo.graph" -o "$work/y.png"
check render-extension 1 "$err-o: '$work/y.jpg' has an unknown extension \(allowed: .png, .pfm, .f32\)" '' -- render "$graphs/terrain.field" -o "$work/y.jpg"
check render-unwritable 1 "${err}$work/no/dir/y.png: " '' -- render "$graphs/terrain.field" -o "$work/no/dir/y.png" --size 4x4
check render-unwritable-pfm 1 "${err}$work/no/dir/y.pfm: " '' -- render "$graphs/terrain.field" -o "$work/no/dir/y.pfm" --size 4x4
check render-size-zero 1 "$err--size: width 0 is out of range" '' -- render "$graphs/terrain.field" -o "$work/y.png" --size 0x5
check render-size-text 1 "$err--size: expected WxH" '' -- render "$graphs/terrain.field" -o "$work/y.png" --size abc
check render-size-half 1 "$err--size: expected WxH" '' -- render "$graphs/terrain.field" -o "$work/y.png" --size 5x
check render-size-side 1 "$err--size: height 65537 is out of range" '' -- render "$graphs/terrain.field" -o "$work/y.png" --size 1x65537
check render-size-total 1 "$err--size: '20000x20000' has more than 268435456 pixels" '' -- render "$graphs/terrain.field" -o "$work/y.png" --size 20000x20000
check render-size-negative 1 "$err--size: " '' -- render "$graphs/terrain.field" -o "$work/y.png" --size -4x4
check render-rect-count 1 "$err--rect: expected 4 comma-separated numbers, got 3" '' -- render "$graphs/terrain.field" -o "$work/y.png" --rect 0,0,1
check render-rect-text 1 "$err--rect: 'a' is not a number" '' -- render "$graphs/terrain.field" -o "$work/y.png" --rect 0,0,a,1
check render-rect-inf 1 "$err--rect: .*finite" '' -- render "$graphs/terrain.field" -o "$work/y.png" --rect 0,0,inf,1
check render-rect-huge 1 "$err--rect: .*finite" '' -- render "$graphs/terrain.field" -o "$work/y.png" --rect 0,0,1e39,1
check render-rect-empty 1 "$err--rect: .*empty" '' -- render "$graphs/terrain.field" -o "$work/y.png" --rect 0,0,0,1
check render-z-text 1 "$err--z: " '' -- render "$graphs/terrain.field" -o "$work/y.png" --z zz
check render-threads-zero 1 "$err--threads: '0' is out of range" '' -- render "$graphs/terrain.field" -o "$work/y.png" --threads 0
check render-threads-text 1 "$err--threads: " '' -- render "$graphs/terrain.field" -o "$work/y.png" --threads many
check render-unknown-engine 1 "$err--engine: unknown engine" '' -- render "$graphs/terrain.field" -o "$work/y.png" --engine bogus
total=$((total + 1))
[ -e "$work/y.png" ] && fail "render-errors: a failed render left $work/y.png behind"

# ---- eval ----
num='^-?([0-9.]+(e[-+][0-9]+)?|inf|nan)$'
if check eval-at 0 '' "$num" -- eval "$graphs/perlin.field" --at 0.5,0.5,0,0; then
  expect eval-at-lines "$(wc -l <"$work/stdout")" 1
fi
check eval-at-negative 0 '' "$num" -- eval "$graphs/perlin.field" --at -0.25,-1.5,0,0
check eval-at-short 0 '' '' -- eval "$graphs/perlin.field" --at 0.5,0.5
short=$(cat "$work/stdout")
check eval-at-full 0 '' '' -- eval "$graphs/perlin.field" --at 0.5,0.5,0,0
expect eval-at-short-is-zero-filled "$short" "$(cat "$work/stdout")"
# --at points first, then --points, in order.
check eval-order 0 '' '' -- eval "$graphs/perlin.field" --points "$work/points.txt" --at 0.25,0.75,0,0
mapfile -t lines <"$work/stdout"
expect eval-order-count "${#lines[@]}" 3
expect eval-order-at-first "${lines[0]}" "${lines[2]}"
check eval-points-stdin 0 '' '' "$work/points.txt" -- eval "$graphs/perlin.field" --points -
expect eval-points-stdin-count "$(wc -l <"$work/stdout")" 2
check eval-field-stdin 0 '' "$num" "$graphs/perlin.field" -- eval - --format field --at 0,0,0,0
# One value a line, %.9g: pixel (0, 0) of a 64x32 render of the unit square
# is x = 0.5/64, y = 0.5/32, and the same float as eval there.
check eval-pixel 0 '' "$num" -- eval "$graphs/terrain.field" --at 0.0078125,0.015625,0,0
pixel=$(cat "$work/stdout")
check eval-pixel-render 0 '' '' -- render "$graphs/terrain.field" -o "$work/p.f32" --size 64x32
if command -v python3 >/dev/null; then
  expect eval-matches-render "$pixel" "$(python3 -c 'import struct, sys
print("%.9g" % struct.unpack("<f", open(sys.argv[1], "rb").read(4))[0])' "$work/p.f32")"
fi

# ---- eval: errors ----
check eval-no-points 2 "$err.*--at" '' -- eval "$graphs/perlin.field"
check eval-both-stdin 2 "$err.*standard input" '' -- eval - --format field --points -
check eval-at-count 1 "$err--at: expected 1 to 4 comma-separated numbers, got 5" '' -- eval "$graphs/perlin.field" --at 1,2,3,4,5
check eval-at-text 1 "$err--at: 'x' is not a number" '' -- eval "$graphs/perlin.field" --at x,0,0,0
check eval-points-count 1 "${err}$work/bad-points.txt:2:9: expected 1 to 4 numbers" '' -- eval "$graphs/perlin.field" --points "$work/bad-points.txt"
check eval-points-number 1 "${err}$work/nan-points.txt:1:9: 'zero' is not a number" '' -- eval "$graphs/perlin.field" --points "$work/nan-points.txt"
check eval-points-missing 1 "${err}$work/missing.txt: " '' -- eval "$graphs/perlin.field" --points "$work/missing.txt"
check eval-audio 1 "${err}$graphs/tremolo.graph: .*needs a field" '' -- eval "$graphs/tremolo.graph" --at 0,0,0,0
check eval-unknown-engine 1 "$err--engine: unknown engine" '' -- eval "$graphs/perlin.field" --at 0,0,0,0 --engine bogus

echo "run-io: $total cases, $((total - failed)) passed, $failed failed"
[ $failed -eq 0 ]
