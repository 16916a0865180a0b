#!/usr/bin/env bash
# run-images.sh RESINC GRAPHS_DIR
#
# Images as fields end to end (docs/reference/field-language.md, "Images"):
# graphs/images/tiles.png is still what resinc renders from tiles.field;
# rendering `sample(src, x, y, 0)` at an image's size gives the 16-bit PNG
# back byte for byte; interp and native agree on the example pipeline; a PFM
# reads back as render wrote it; and every bad image, binding or engine
# exits 1 with one `resinc: error:` line naming the file (at FILE:LINE:COL
# where the field is at fault). Prints one line per failure and a summary.
set -u

if [ $# -ne 2 ]; then
  echo "usage: $0 RESINC GRAPHS_DIR" >&2
  exit 2
fi
resinc=$1 graphs=$2
. "$(dirname "${BASH_SOURCE[0]}")/harness.sh" run-images

# check NAME EXPECTED_STATUS STDERR_PATTERN STDOUT_PATTERN -- ARGS...
# Patterns are extended regular expressions ('' = anything), matched against
# the first `resinc: error` line of stderr (else its first line) and stdout.
check() {
  local name=$1 want=$2 errpat=$3 outpat=$4
  shift 5
  step
  timeout -k 1 10 "$resinc" "$@" </dev/null >"$work/stdout" 2>"$work/stderr"
  local status=$? first why=""
  first=$(grep -m 1 '^resinc: error' "$work/stderr" || head -n 1 "$work/stderr")
  if [ $status -gt 128 ] || grep -a -q -E 'terminate|Aborted|Segmentation|Sanitizer' "$work/stderr"; then
    why="crashed (status $status)"
  elif [ "$status" != "$want" ]; then
    why="exit status $status, expected $want"
  elif [ -n "$errpat" ] && ! [[ $first =~ $errpat ]]; then
    why="stderr does not match /$errpat/"
  elif [ -n "$outpat" ] && ! grep -a -q -E -e "$outpat" "$work/stdout"; then
    why="stdout does not match /$outpat/: $(head -c 200 "$work/stdout")"
  fi
  [ -z "$why" ] || fail "$name: $why (resinc $*); stderr: ${first:0:300}"
}

# same NAME FILE_A FILE_B: the two files are byte for byte the same.
same() {
  step
  cmp -s "$2" "$3" || fail "$1: $2 and $3 differ"
}

err='^resinc: error: '
images=$graphs/images
printf 'image src;\nsample(src, x, y, 0)\n' >"$work/identity.field"
printf 'image src;\nsample(src, x, y, 1)\n' >"$work/green.field"
printf 'image src;\nsrc * 2\n' >"$work/arith.field"
printf 'floor(x * 7) / 6 * 0.5 + floor(y * 5) / 4 * 0.5\n' >"$work/steps.field"

# ---- the example's picture is resinc's own ----
check tiles-render 0 '' '' -- render "$images/tiles.field" -o "$work/tiles.png" --size 64x64 --quiet
same tiles-png-is-rendered "$work/tiles.png" "$images/tiles.png"

# ---- identity: a 16-bit PNG rendered back through sample() at its size ----
for engine in native interp; do
  check "identity-$engine" 0 '' '' -- render "$work/identity.field" --image "src=$images/tiles.png" \
    -o "$work/identity-$engine.png" --size 64x64 --engine $engine --quiet
  same "identity-$engine" "$work/identity-$engine.png" "$images/tiles.png"
done
# A size whose texel centres are not exact in binary (7x5, steps of 1/6 and 1/4).
check steps-render 0 '' '' -- render "$work/steps.field" -o "$work/steps.png" --size 7x5 --quiet
check steps-identity 0 '' '' -- render "$work/identity.field" --image "src=$work/steps.png" \
  -o "$work/steps-back.png" --size 7x5 --quiet
same steps-identity "$work/steps-back.png" "$work/steps.png"

# ---- the example pipeline: interp and native alike; tiered falls back to native ----
check warp-interp 0 '' '' -- render "$images/warp.field" --image "src=$images/tiles.png" \
  -o "$work/warp-interp.f32" --size 96x64 --engine interp --quiet
check warp-native 0 '' '' -- render "$images/warp.field" --image "src=$images/tiles.png" \
  -o "$work/warp-native.f32" --size 96x64 --engine native --threads 3 --quiet
same warp-interp-native "$work/warp-interp.f32" "$work/warp-native.f32"
check warp-tiered 0 '^resinc: note: .*warp.field reads images or has a colour result.*using the native engine' '' -- \
  render "$images/warp.field" --image "src=$images/tiles.png" -o "$work/warp-tiered.f32" \
  --size 96x64 --quiet
same warp-tiered-native "$work/warp-tiered.f32" "$work/warp-native.f32"
check warp-json 0 '' '' -- render "$images/warp.json" --image "src=$images/tiles.png" \
  -o "$work/warp-json.f32" --size 96x64 --engine native --quiet
same warp-json-text "$work/warp-json.f32" "$work/warp-native.f32"
check warp-verify 0 'note: engine .* skipped: it does not evaluate images or colour results yet' 'PASS' -- \
  verify "$images/warp.field" --image "src=$images/tiles.png" --seeds 1

check warp-verify-random 0 "^resinc: note: $images/warp.field: image 'src' is not given; verify samples a random" \
  'PASS' -- verify "$images/warp.field" --seeds 2
check identity-verify-random 0 '' 'PASS' -- verify "$work/identity.field" --seeds 2 -O0
check warp-bench 0 '^resinc: note: .*skipped jit: the compiled engines do not evaluate images' \
  '^  native ' -- bench "$images/warp.field" --image "src=$images/tiles.png" --engines native,jit \
  --min-time 0.001

# ---- PFM: a render read back; bilinear between two texels ----
printf 'x < 0.5 ? 1 : 3\n' >"$work/two.field"
check pfm-write 0 '' '' -- render "$work/two.field" -o "$work/two.pfm" --size 2x1 --quiet
check pfm-midpoint 0 '' '^2$' -- eval "$work/identity.field" --image "src=$work/two.pfm" --at 0.5,0.5
check pfm-quarter 0 '' '^1\.5$' -- eval "$work/identity.field" --image "src=$work/two.pfm" --at 0.375,0.5
check pfm-clamped 0 '' '^3$' -- eval "$work/identity.field" --image "src=$work/two.pfm" --at 9,-9

# ---- colour output: RGB and RGBA PNGs and an RGB PFM sampled back channel by channel ----
printf 'let r = fract(x * 3);\noutput r, y, 0.25 + 0.5 * (x > y)\n' >"$work/rgb.field"
printf 'output x, 1 - y, 0.5, x * y\n' >"$work/rgba.field"
printf 'image src;\noutput sample(src, x, y, 0), sample(src, x, y, 1), sample(src, x, y, 2)\n' \
  >"$work/rgb-back.field"
printf 'image src;\noutput sample(src, x, y, 0), sample(src, x, y, 1), sample(src, x, y, 2), sample(src, x, y, 3)\n' \
  >"$work/rgba-back.field"
check rgb-eval 0 '' '^0\.5 0\.25 0\.75$' -- eval "$work/rgb.field" --at 0.5,0.25 --engine interp
check rgb-png 0 '' '' -- render "$work/rgb.field" -o "$work/rgb.png" --size 24x16 --quiet
check rgb-png-back 0 '' '' -- render "$work/rgb-back.field" --image "src=$work/rgb.png" \
  -o "$work/rgb-back.png" --size 24x16 --quiet
same rgb-png-round-trip "$work/rgb-back.png" "$work/rgb.png"
# Floats come back exact where the pixel centres are the texel centres exactly
# (sides that are powers of two), and through sample_nearest at any size.
check rgb-pfm 0 '' '' -- render "$work/rgb.field" -o "$work/rgb.pfm" --size 32x16 --quiet
check rgb-pfm-back 0 '' '' -- render "$work/rgb-back.field" --image "src=$work/rgb.pfm" \
  -o "$work/rgb-back.pfm" --size 32x16 --quiet
same rgb-pfm-round-trip "$work/rgb-back.pfm" "$work/rgb.pfm"
sed 's/sample(/sample_nearest(/g' "$work/rgb-back.field" >"$work/rgb-nearest.field"
check rgb-pfm-odd 0 '' '' -- render "$work/rgb.field" -o "$work/rgb-odd.pfm" --size 24x13 --quiet
check rgb-pfm-odd-back 0 '' '' -- render "$work/rgb-nearest.field" --image "src=$work/rgb-odd.pfm" \
  -o "$work/rgb-odd-back.pfm" --size 24x13 --quiet
same rgb-pfm-nearest-round-trip "$work/rgb-odd-back.pfm" "$work/rgb-odd.pfm"
check rgba-png 0 '' '' -- render "$work/rgba.field" -o "$work/rgba.png" --size 24x16 --quiet
check rgba-png-back 0 '' '' -- render "$work/rgba-back.field" --image "src=$work/rgba.png" \
  -o "$work/rgba-back.png" --size 24x16 --quiet
same rgba-png-round-trip "$work/rgba-back.png" "$work/rgba.png"
check rgba-f32 0 '' '' -- render "$work/rgba.field" -o "$work/rgba.f32" --size 24x16 --quiet
step
[ "$(stat -c %s "$work/rgba.f32")" = $((24 * 16 * 4 * 4)) ] || fail "rgba-f32: not 24x16x4 floats"
check rgba-pfm 1 "${err}-o: PFM has no alpha channel" '' -- \
  render "$work/rgba.field" -o "$work/rgba.pfm" --size 24x16
check rgb-colormap 1 "${err}--colormap: a colour map needs a field of one value" '' -- \
  render "$work/rgb.field" -o "$work/map.png" --colormap viridis
check rgb-jit 1 "${err}$work/rgb.field:2:8: engine 'jit' cannot evaluate a colour field" '' -- \
  eval "$work/rgb.field" --at 0,0 --engine jit
check rgb-verify 0 'note: engine .* skipped' 'PASS' -- verify "$work/rgb.field" --seeds 1

# ---- errors: exit 1, the file named, the field's errors located ----
check unbound 1 "${err}$work/identity.field:1:7: image 'src' is not bound \(--image src=FILE\)" '' -- \
  eval "$work/identity.field" --at 0,0
check missing-file 1 "${err}$work/none.png: cannot open" '' -- \
  eval "$work/identity.field" --image "src=$work/none.png" --at 0,0
printf 'P5\n1 1\n255\n\0' >"$work/grey.pgm"
check not-an-image 1 "${err}$work/grey.pgm: not an image resinc reads" '' -- \
  eval "$work/identity.field" --image "src=$work/grey.pgm" --at 0,0
head -c 200 "$images/tiles.png" >"$work/truncated.png"
check truncated-png 1 "${err}$work/truncated.png: truncated or corrupt PNG" '' -- \
  eval "$work/identity.field" --image "src=$work/truncated.png" --at 0,0
head -c 14 "$work/two.pfm" >"$work/truncated.pfm"
check truncated-pfm 1 "${err}$work/truncated.pfm: truncated PFM" '' -- \
  eval "$work/identity.field" --image "src=$work/truncated.pfm" --at 0,0
printf 'Pf\n100000 2\n-1.0\n' >"$work/wide.pfm"
check too-wide 1 "${err}$work/wide.pfm: the image is 100000x2; each side may be at most 65536" '' -- \
  eval "$work/identity.field" --image "src=$work/wide.pfm" --at 0,0
RESIN_LIMIT_IMAGE_PIXELS=4000 check pixel-limit 1 "${err}$images/tiles.png: the image is 64x64 \(4096 pixels\); the limit is 4000 pixels; raise it with RESIN_LIMIT_IMAGE_PIXELS=4096" '' -- \
  eval "$work/identity.field" --image "src=$images/tiles.png" --at 0,0
check missing-channel 1 "${err}$work/green.field:2:1: 'sample' reads channel 1 of image 'src', which has 1 channel" '' -- \
  eval "$work/green.field" --image "src=$images/tiles.png" --at 0,0
check arithmetic 1 "${err}$work/arith.field:2:5: image 'src' is not a number" '' -- \
  eval "$work/arith.field" --image "src=$images/tiles.png" --at 0,0
check bad-flag 1 "${err}--image: expected NAME=FILE" '' -- \
  eval "$work/identity.field" --image "$images/tiles.png" --at 0,0
check compiled-engine 1 "${err}$work/identity.field:1:7: engine 'jit' cannot evaluate a field that reads images" '' -- \
  eval "$work/identity.field" --image "src=$images/tiles.png" --at 0,0 --engine jit
check unused-name 0 "^resinc: warning: .*--image names no image of this input: other" '^0$' -- \
  eval "$work/steps.field" --image "other=$images/tiles.png" --at 0,0

echo "run-images: $total cases, $((total - failed)) passed, $failed failed"
[ $failed -eq 0 ]
