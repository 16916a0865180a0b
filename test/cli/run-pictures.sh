#!/usr/bin/env bash
# run-pictures.sh RESINC PNG_INFO DOT GRAPHS_DIR
#
# The pictures end to end (docs/reference/cli.md: draw, dump-ir --stage dot,
# analyze, render --colormap, bench --plot and --plot-from): every graph's
# DOT text is accepted by Graphviz's own `dot`, every SVG diagram names every
# node, PNGs decode (libpng, through png-info) at their documented size,
# analyze's JSON holds the RBJ lowpass's -3.01 dB at f0 and a delay's flat
# magnitude (read with python3), and a colour map's pixels are the map's
# colours. Prints one line per failure and a summary; exits 1 on any failure.
set -u

if [ $# -ne 4 ]; then
  echo "usage: $0 RESINC PNG_INFO DOT GRAPHS_DIR" >&2
  exit 2
fi
resinc=$1 pnginfo=$2 dot=$3 graphs=$4
. "$(dirname "${BASH_SOURCE[0]}")/harness.sh" run-pictures

# run NAME ARGS...: resinc must exit 0; its stdout is in $work/out.
run() {
  local name=$1
  shift
  step
  if ! timeout -k 1 20 "$resinc" "$@" >"$work/out" 2>"$work/err"; then
    fail "$name: resinc $* exited $?: $(head -c 300 "$work/err")"
    return 1
  fi
}
# refuse NAME STATUS PATTERN ARGS...: resinc must exit STATUS with a first
# stderr line matching PATTERN.
refuse() {
  local name=$1 want=$2 pattern=$3
  shift 3
  step
  timeout -k 1 20 "$resinc" "$@" >"$work/out" 2>"$work/err"
  local status=$?
  local first
  first=$(head -n 1 "$work/err")
  if [ $status -ne "$want" ] || ! [[ $first =~ $pattern ]]; then
    fail "$name: exit $status (expected $want), stderr '$first' (expected /$pattern/)"
  fi
}
expect() {
  step
  [ "$2" == "$3" ] || fail "$1: got '$2', expected '$3'"
}

# ---- dump-ir --stage dot over every example at -O0 and -O2, draw at -O2 ----
for file in "$graphs"/*.graph "$graphs"/*.field; do
  base=$(basename "$file")
  for level in -O0 -O2; do
    run "dot $base $level" dump-ir --stage dot "$file" $level || continue
    cp "$work/out" "$work/d.dot"
    step
    "$dot" -Tsvg "$work/d.dot" -o /dev/null 2>"$work/dot-err" ||
      fail "dot rejects the DOT of $base $level: $(head -c 300 "$work/dot-err")"
    [ $level == -O2 ] || continue # one SVG per graph keeps the test short
    run "draw svg $base $level" draw "$file" $level -o "$work/d.svg" || continue
    # Every node's first label line ("#3 lp: biquad"; only node labels
    # start with '#') is text in the SVG.
    grep -o 'label="#[^"\\]*' "$work/d.dot" | sed 's/^label="//' >"$work/labels"
    nodes=$(grep -c '^' "$work/labels")
    expect "nodes in the DOT of $base $level" "$([ "$nodes" -gt 1 ] && echo yes)" yes
    # One grep for all of them: each label (unique by its id) found once.
    sed 's/.*/>&</' "$work/labels" >"$work/patterns"
    found=$(grep -oF -f "$work/patterns" "$work/d.svg" | sort -u | grep -c '^')
    expect "nodes the SVG of $base $level names" "$found" "$nodes"
  done
done

# PNG and PDF diagrams; the DOT file from draw is dump-ir's text.
run draw-png draw "$graphs/echo.graph" -o "$work/echo.png"
read -r w h depth colour < <("$pnginfo" "$work/echo.png")
expect "draw png decodes" "$([ "${w:-0}" -gt 50 ] && [ "${h:-0}" -gt 50 ] && echo ok) $depth" "ok 8"
run draw-pdf draw "$graphs/echo.graph" -o "$work/echo.pdf"
expect "draw pdf" "$(head -c 5 "$work/echo.pdf")" "%PDF-"
run draw-dot draw "$graphs/echo.graph" -o "$work/echo.dot"
run dump-dot dump-ir --stage dot "$graphs/echo.graph"
expect "draw .dot is dump-ir's" "$(cmp -s "$work/out" "$work/echo.dot" && echo same)" same
refuse draw-extension 1 '^resinc: error: -o: .*unknown extension' draw "$graphs/echo.graph" -o "$work/e.gif"
refuse draw-missing-o 2 '' draw "$graphs/echo.graph"
# Too big to lay out quickly: refused as a picture, written as DOT.
awk 'BEGIN { print "input x"; prev = "x"
  for (i = 1; i <= 4001; i++) { printf "s%d = delay(%s, samples=1)\n", i, prev; prev = "s" i }
  print "output s4001 + s1" }' >"$work/big.graph"
refuse draw-too-big 1 "^resinc: error: $work/big.svg: the graph has 400[0-9] nodes, more than the 4000" \
  draw "$work/big.graph" -O0 -o "$work/big.svg"
run draw-big-dot draw "$work/big.graph" -O0 -o "$work/big.dot"

# ---- analyze ----
printf 'name lp\nsample_rate 48000\ninput x\ny = biquad(x, kind=lowpass, freq=3000, q=0.70710678)\noutput y\n' >"$work/lp.graph"
printf 'name dl\nsample_rate 48000\ninput x\ny = delay(x, samples=441)\noutput y\n' >"$work/dl.graph"
run analyze-lp analyze "$work/lp.graph" --json "$work/lp.json" -o "$work/lp.png"
step
grep -q 'linear and time-invariant' "$work/out" || fail "analyze-lp summary: $(cat "$work/out")"
step
grep -q -- '-3 dB points.*: 30[0-9][0-9]\.[0-9] Hz' "$work/out" || fail "analyze-lp -3 dB point: $(cat "$work/out")"
# f0 = 3000 Hz is bin 512 of 8192 at 48 kHz.
expect "lowpass -3.01 dB at f0, 0 dB at DC" "$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
k = d["frequency_hz"].index(3000.0)
print(abs(d["magnitude_db"][k] + 3.0103) < 0.05, abs(d["magnitude_db"][0]) < 0.01, d["linear"], d["time_invariant"])
' "$work/lp.json")" "True True True True"
read -r w h depth colour < <("$pnginfo" "$work/lp.png")
expect "analyze png size" "$w $h" "960 900"
run analyze-delay analyze "$work/dl.graph" --json - --length 4096
expect "delay flat within 0.001 dB" "$(python3 -c '
import json, sys
d = json.load(sys.stdin)
m = d["magnitude_db"]
print(len(m), max(abs(v) for v in m) < 0.001)
' <"$work/out")" "2049 True"
run analyze-svg analyze "$graphs/distortion.graph" -o "$work/dist.svg"
step
grep -q 'not linear: .*softclip' "$work/out" || fail "distortion is not named nonlinear: $(cat "$work/out")"
step
grep -q '<svg' "$work/dist.svg" || fail "analyze -o .svg wrote no SVG"
run analyze-tremolo analyze "$graphs/tremolo.graph"
step
grep -q 'not time-invariant: .*osc' "$work/out" || fail "tremolo is not named time-varying: $(cat "$work/out")"
refuse analyze-field 1 "^resinc: error: .*needs an audio graph" analyze "$graphs/perlin.field"
refuse analyze-from 1 '^resinc: error: .*no input channel 3' analyze "$work/lp.graph" --from 3
refuse analyze-to 1 '^resinc: error: .*no output channel 1' analyze "$work/lp.graph" --to 1
refuse analyze-length 1 '^resinc: error: --length: ' analyze "$work/lp.graph" --length 8
refuse analyze-extension 1 '^resinc: error: -o: ' analyze "$work/lp.graph" -o "$work/x.gif"

# ---- render --colormap: x from -1 to 3 across 4 pixels ----
printf 'x * 4 - 1\n' >"$work/ramp.field"
run colormap render "$work/ramp.field" -o "$work/ramp.png" --size 5x1 --rect 0,0,1.25,1 --colormap viridis
step
grep -q 'colour map viridis from -0.5 .* to 3.5 ' "$work/err" || fail "colormap range not printed: $(cat "$work/err")"
read -r w h depth colour < <("$pnginfo" "$work/ramp.png")
expect "colormap png" "$w $h $depth $colour" "5 1 8 rgb"
# Pixel centres x = 0.125, 0.375, ...: values -0.5, 0.5, 1.5, 2.5, 3.5, so
# t = 0, 1/4, 1/2, 3/4, 1: viridis's stops 0, 2, 4, 6 and 8.
expect "colormap pixels" "$("$pnginfo" "$work/ramp.png" --samples | tail -n +2 | tr '\n' ' ')" \
  "68 1 84 59 82 139 33 145 140 94 201 98 253 231 37 "
run colormap-grey render "$work/ramp.field" -o "$work/grey.png" --size 5x1 --rect 0,0,1.25,1 --colormap grey --quiet
expect "grey pixels" "$("$pnginfo" "$work/grey.png" --samples | tail -n +2 | tr '\n' ' ')" \
  "0 0 0 64 64 64 128 128 128 191 191 191 255 255 255 "
refuse colormap-name 1 '^resinc: error: --colormap: unknown colour map' render "$work/ramp.field" -o "$work/r.png" --colormap jet
refuse colormap-format 1 '^resinc: error: --colormap: .*\.png' render "$work/ramp.field" -o "$work/r.pfm" --colormap magma

# ---- bench --plot and --plot-from (a short run) ----
run bench-plot bench "$work/lp.graph" --engines native,interp,jit-baseline --samples 256 \
  --min-time 0.005 --json "$work/run.json" --plot "$work/bench.png"
read -r w h depth colour < <("$pnginfo" "$work/bench.png")
# 960 wide; two panels of 80 + 26 per engine row (3 engines) high.
expect "bench png size" "$w $h" "960 316"
run plot-from bench --plot-from "$work/run.json" --plot "$work/from.svg"
step
grep -q '<svg' "$work/from.svg" || fail "--plot-from wrote no SVG"
# A JSON of bench/'s resin_engine_bench (--benchmark_out) has peers too:
# rows that are no engine of resinc (faust here) are drawn as rows.
cat >"$work/peers.json" <<'EOF'
{"benchmarks": [
 {"name": "eq/native", "run_type": "iteration", "cpu_time": 1e5, "time_unit": "ns", "ns_per_item": 5},
 {"name": "eq/faust", "run_type": "iteration", "cpu_time": 6e4, "time_unit": "ns", "ns_per_item": 3},
 {"name": "eq/jit", "run_type": "iteration", "cpu_time": 2e4, "time_unit": "ns", "ns_per_item": 1},
 {"name": "eq/compile-jit", "run_type": "iteration", "cpu_time": 2, "time_unit": "ms"}
]}
EOF
run plot-peers bench --plot-from "$work/peers.json" --plot "$work/peers.png"
read -r w h depth colour < <("$pnginfo" "$work/peers.png")
expect "peers are rows" "$w $h" "960 316"
refuse plot-from-no-plot 1 '^resinc: error: --plot-from: needs --plot' bench --plot-from "$work/run.json"
refuse plot-from-bad 1 "^resinc: error: $work/lp.graph:" bench --plot-from "$work/lp.graph" --plot "$work/x.png"
refuse bench-no-file 2 '^resinc: error: bench: FILE is required' bench

echo "run-pictures: $total checks, $((total - failed)) passed, $failed failed"
[ $failed -eq 0 ]
