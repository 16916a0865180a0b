#!/usr/bin/env bash
# run-limits.sh RESINC
#
# Resource limits through the real binary (docs/reliability.md, "Resource
# limits"): each limit just under (exit 0) and just over (exit 1, one
# `resinc: error: FILE:LINE:COL: ...` line that names the limit and the
# RESIN_LIMIT_* variable that raises it), and each raised by its variable.
# Small limits are set through the variables so the inputs stay small.
# Prints one line per failure and a summary; exits 1 on any failure.
set -u

if [ $# -ne 1 ]; then
  echo "usage: $0 RESINC" >&2
  exit 2
fi
resinc=$1
. "$(dirname "${BASH_SOURCE[0]}")/harness.sh" run-limits


# check NAME STATUS PATTERN -- [VAR=VALUE...] ARGS...: runs resinc with the
# variables set (stdin from $work/stdin when it exists), expects STATUS and,
# for a non-zero one, PATTERN (an extended regular expression) on the one
# line of stderr.
check() {
  local name=$1 want=$2 pattern=$3
  shift 4
  local vars=()
  while [[ $# -gt 0 && $1 == *=* && $1 != -* ]]; do
    vars+=("$1")
    shift
  done
  total=$((total + 1))
  local input=/dev/null
  [ -f "$work/stdin" ] && input=$work/stdin
  env "${vars[@]}" timeout -k 1 20 "$resinc" "$@" <"$input" >/dev/null 2>"$work/stderr"
  local status=$?
  rm -f "$work/stdin"
  if [ "$status" -ne "$want" ]; then
    failed=$((failed + 1))
    echo "FAIL $name: exit status $status, expected $want: $(head -n 2 "$work/stderr")"
    return
  fi
  if [ "$want" -ne 0 ]; then
    local lines
    lines=$(wc -l <"$work/stderr")
    if [ "$lines" -ne 1 ] || ! grep -Eq -- "$pattern" "$work/stderr"; then
      failed=$((failed + 1))
      echo "FAIL $name: stderr does not match '$pattern': $(head -n 2 "$work/stderr")"
    fi
  fi
}

# graph_of NODES: input, a chain of gains, output: exactly NODES nodes.
graph_of() {
  local n=$1 i
  echo "input x"
  echo "a0 = gain(x, 0.5)"
  for ((i = 1; i < n - 2; ++i)); do
    echo "a$i = gain(a$((i - 1)), 0.5)"
  done
  echo "output a$((n - 3))"
}
# nested DEPTH: a field DEPTH levels deep (x and DEPTH-1 calls).
nested() {
  local i s=x
  for ((i = 1; i < $1; ++i)); do
    s="sin($s)"
  done
  echo "$s"
}
# json_nested DEPTH: the root object and DEPTH-1 Neg objects.
json_nested() {
  local i s='"X"'
  for ((i = 1; i < $1; ++i)); do
    s="{\"Neg\": $s}"
  done
  echo "{\"format\": \"resin-field/1\", \"expr\": $s}"
}
# padded BYTES: a graph of exactly BYTES bytes (a comment pads it).
padded() {
  local head=$'input x\noutput x\n#'
  printf '%s' "$head"
  head -c $(($1 - ${#head})) /dev/zero | tr '\0' c
}

loc='resinc: error: [^:]+:[0-9]+:[0-9]+: '

# --- Nodes. ---------------------------------------------------------------
graph_of 50 >"$work/n50.graph"
graph_of 51 >"$work/n51.graph"
check "nodes 50 of 50" 0 '' -- RESIN_LIMIT_NODES=50 opt "$work/n50.graph"
check "nodes 51 of 50" 1 "${loc}graph has 51 nodes; the limit is 50 nodes; raise it with RESIN_LIMIT_NODES=51 \(docs/reliability.md\)$" \
  -- RESIN_LIMIT_NODES=50 opt "$work/n51.graph"
check "nodes 51 raised" 0 '' -- RESIN_LIMIT_NODES=51 opt "$work/n51.graph"
check "nodes malformed" 1 "${loc}.*the limit cannot be read: RESIN_LIMIT_NODES='lots' is not a whole number from 1 to 16777216" \
  -- RESIN_LIMIT_NODES=lots opt "$work/n50.graph"
check "nodes over the ceiling" 1 "RESIN_LIMIT_NODES='16777217' is not a whole number" \
  -- RESIN_LIMIT_NODES=16777217 opt "$work/n50.graph"
# Reading stops at the statement past the limit, however long the file.
graph_of 3000 >"$work/n3000.graph"
check "statements over" 1 "${loc}too many statements; the limit is 50 nodes; raise it with RESIN_LIMIT_NODES" \
  -- RESIN_LIMIT_NODES=50 opt "$work/n3000.graph"

# --- Input size. -------------------------------------------------------------
padded 100 >"$work/b100.graph"
padded 101 >"$work/b101.graph"
check "input 100 of 100" 0 '' -- RESIN_LIMIT_INPUT_BYTES=100 opt "$work/b100.graph"
check "input 101 of 100" 1 "${loc}input is 101 bytes; the limit is 100 bytes; raise it with RESIN_LIMIT_INPUT_BYTES=101" \
  -- RESIN_LIMIT_INPUT_BYTES=100 opt "$work/b101.graph"
cp "$work/b101.graph" "$work/stdin"
check "stdin 101 of 100" 1 "resinc: error: <stdin>:1:1: input is at least 101 bytes; the limit is 100 bytes" \
  -- RESIN_LIMIT_INPUT_BYTES=100 opt - --format graph
check "input raised" 0 '' -- RESIN_LIMIT_INPUT_BYTES=101 opt "$work/b101.graph"

# --- Expression depth. -------------------------------------------------------
nested 1000 >"$work/d1000.field"
nested 1001 >"$work/d1001.field"
check "depth 1000 of 1000" 0 '' -- eval "$work/d1000.field" --engine interp --at 0.5,0,0,0
check "depth 1001 of 1000" 1 "${loc}expression nested too deeply \(the limit is 1000 levels\); raise it with RESIN_LIMIT_EXPR_DEPTH \(at most 2000; docs/reliability.md\)$" \
  -- eval "$work/d1001.field" --engine interp --at 0.5,0,0,0
check "depth raised" 0 '' -- RESIN_LIMIT_EXPR_DEPTH=1001 eval "$work/d1001.field" --engine interp --at 0.5,0,0,0

# --- JSON depth. ---------------------------------------------------------------
json_nested 512 >"$work/j512.json"
json_nested 513 >"$work/j513.json"
check "json 512 of 512" 0 '' -- opt "$work/j512.json"
check "json 513 of 512" 1 "${loc}JSON nested too deeply \(the limit is 512 levels\); raise it with RESIN_LIMIT_JSON_DEPTH" \
  -- opt "$work/j513.json"
check "json raised" 0 '' -- RESIN_LIMIT_JSON_DEPTH=513 opt "$work/j513.json"

# --- Delay memory (a vdelay keeps max + 1 samples). ---------------------------
printf 'input x\noutput delay(x, 600) + vdelay(x, 3, max=399)\n' >"$work/m1000.graph"
printf 'input x\noutput delay(x, 600) + vdelay(x, 3, max=400)\n' >"$work/m1001.graph"
check "delay 1000 of 1000" 0 '' -- RESIN_LIMIT_DELAY_SAMPLES=1000 opt "$work/m1000.graph"
check "delay 1001 of 1000" 1 "${loc}delay lines need 1001 samples in all; the limit is 1000 samples; raise it with RESIN_LIMIT_DELAY_SAMPLES=1001" \
  -- RESIN_LIMIT_DELAY_SAMPLES=1000 opt "$work/m1001.graph"
check "delay raised" 0 '' -- RESIN_LIMIT_DELAY_SAMPLES=1001 opt "$work/m1001.graph"
printf 'input x\noutput delay(x, 16777216) + delay(x, 16777216) + delay(x, 16777216) + delay(x, 16777216) + delay(x, 1)\n' \
  >"$work/mdefault.graph"
check "delay over the default" 1 "${loc}delay lines need 67108865 samples in all; the limit is 67108864 samples" \
  -- opt "$work/mdefault.graph"

# --- Render size. ----------------------------------------------------------------
printf 'x * y\n' >"$work/f.field"
check "pixels 100 of 100" 0 '' -- RESIN_LIMIT_RENDER_PIXELS=100 render "$work/f.field" -o "$work/o.f32" --size 10x10 --engine interp
check "pixels 110 of 100" 1 "^resinc: error: --size: '10x11' has more than 100 pixels \(110\); the limit is 100 pixels; raise it with RESIN_LIMIT_RENDER_PIXELS=110" \
  -- RESIN_LIMIT_RENDER_PIXELS=100 render "$work/f.field" -o "$work/o.f32" --size 10x11 --engine interp
check "pixels raised" 0 '' -- RESIN_LIMIT_RENDER_PIXELS=110 render "$work/f.field" -o "$work/o.f32" --size 10x11 --engine interp
check "pixels over the default" 1 "the limit is 268435456 pixels" \
  -- render "$work/f.field" -o "$work/o.f32" --size 16385x16384 --engine interp

# --- fbm octaves: 0..128 (docs/reference/field-language.md), not a knob. -------------
printf 'fbm2(x, y, octaves=0)\n' >"$work/o0.field"
printf 'fbm2(x, y, octaves=128)\n' >"$work/o128.field"
printf 'fbm2(x, y, octaves=129)\n' >"$work/o129.field"
printf 'fbm2(x, y, octaves=-1)\n' >"$work/om1.field"
check "octaves 0" 0 '' -- eval "$work/o0.field" --engine interp --at 0.5,0.5,0,0
check "octaves 128" 0 '' -- eval "$work/o128.field" --engine interp --at 0.5,0.5,0,0
check "octaves 129" 1 "${loc}.*octaves.*is 129, outside \[0, 128\]" -- eval "$work/o129.field" --engine interp --at 0.5,0.5,0,0
check "octaves -1" 1 "${loc}.*octaves.*is -1, outside \[0, 128\]" -- eval "$work/om1.field" --engine interp --at 0.5,0.5,0,0
# 0 octaves is resin's 0/0: NaN.
total=$((total + 1))
value=$("$resinc" eval "$work/o0.field" --engine interp --at 0.5,0.5,0,0 2>&1)
if ! [[ $value =~ ^-?nan$ ]]; then
  failed=$((failed + 1))
  echo "FAIL octaves 0 value: '$value', expected nan"
fi

echo "run-limits: $total checks, $failed failed"
[ "$failed" -eq 0 ]
