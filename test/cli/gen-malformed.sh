#!/usr/bin/env bash
# gen-malformed.sh OUTDIR
#
# Writes the malformed inputs that are too big (or too binary) to commit into
# OUTDIR, with OUTDIR/EXPECTED in the format run-malformed.sh reads:
# FILE<TAB>SUBSTRING[<TAB>SUBSTRING...], @LINE[:COL] for a location.
# Everything is deterministic (fixed byte patterns, no /dev/urandom), so a
# failure reproduces byte for byte. Needs only bash and coreutils (head, tr,
# yes, seq, awk).
#
# What the big cases check, besides the error itself: resinc must answer in
# under 2 s (docs/reference/cli.md: never crash, hang or take more than 2 s) for any input up
# to the 32 MiB size limit, and must never run out of stack.
set -eu

if [ $# -ne 1 ]; then
  echo "usage: $0 OUTDIR" >&2
  exit 2
fi
out=${1%/}
mkdir -p "$out"
rm -f "$out"/* "$out"/.[!.]* 2>/dev/null || true
cd "$out"

MiB=$((1 << 20))
limit=$((32 * MiB)) # kMaxInputBytes

: >EXPECTED
expect() { # expect FILE SUBSTRING...
  local IFS=$'\t'
  printf '%s\n' "$*" >>EXPECTED
}
# repeat COUNT STRING: STRING written COUNT times, no separator.
repeat() {
  yes -- "$2" | head -n "$1" | tr -d '\n'
}
# fill BYTES CHAR: CHAR written BYTES times.
fill() {
  head -c "$1" /dev/zero | tr '\0' "$2"
}

# --- Binary garbage: a fixed permutation of all 256 byte values, 64 KiB. -----
block=""
for ((i = 0; i < 256; i++)); do
  block+=$(printf '\\%03o' $(((i * 73 + 137) % 256)))
done
printf "$block" >garbage.bin
for ((i = 0; i < 8; i++)); do # 256 B -> 64 KiB
  cat garbage.bin garbage.bin >garbage.tmp
  mv garbage.tmp garbage.bin
done
cp garbage.bin garbage.graph
cp garbage.bin garbage.field
cp garbage.bin garbage.json
rm garbage.bin
# The first byte is 0x89 (as in a PNG file).
expect garbage.graph @1:1 "unexpected character '\\x89'"
expect garbage.field @1:1 "unexpected character '\\x89'"
expect garbage.json @1:1 "invalid JSON"

# Garbage after a valid start: the error is where the garbage begins.
{
  printf 'input x\noutput x\n'
  head -c 4096 garbage.graph
} >garbage_tail.graph
expect garbage_tail.graph @3:1 "unexpected character"
{
  printf '{"format": "resin-field/1", "expr": "X"}\n'
  head -c 4096 garbage.graph
} >garbage_tail.json
expect garbage_tail.json @2 "invalid JSON"

# --- NUL bytes in the middle of text files. -------------------------------
{
  printf 'input x\n'
  yes -- '# a comment line' | head -n 1000
  printf 'y = x\0 + 1\noutput y\n'
} >nul_middle.graph
expect nul_middle.graph @1002:6 "unexpected character '\\x00'"
{
  printf 'let a = x * 2;\nlet b = a\0 + 1;\nb\n'
} >nul_middle.field
expect nul_middle.field @2:10 "unexpected character '\\x00'"
printf '{"format": "resin-field/1",\n "expr": "X\0"}\n' >nul_middle.json
expect nul_middle.json @2 "invalid JSON"

# --- Deep nesting: 10 MiB of it, far past every limit. ---------------------
fill $((10 * MiB)) '[' >nested_10mib.json
expect nested_10mib.json @1:513 "JSON nested too deeply (the limit is 512 levels)"
repeat $((10 * MiB / 5)) '{"a":' >nested_objects_10mib.json
expect nested_objects_10mib.json "JSON nested too deeply"
fill $((10 * MiB)) '(' >parens_10mib.field
expect parens_10mib.field "expression nested too deeply"
{
  printf 'input x\noutput '
  fill $((10 * MiB)) '('
  printf 'x\n'
} >parens_10mib.graph
expect parens_10mib.graph @2 "expression nested too deeply"
repeat $((10 * MiB / 4)) 'sin(' >calls_10mib.field
expect calls_10mib.field "expression nested too deeply"

# Unary minus chains: '-' repeated, then the operand.
{
  fill $((10 * MiB)) '-'
  printf 'x\n'
} >unary_10mib.field
expect unary_10mib.field "expression nested too deeply"
{
  printf 'input x\nout = '
  fill $((10 * MiB)) '-'
  printf 'x\noutput out\n'
} >unary_10mib.graph
expect unary_10mib.graph @2 "expression nested too deeply"
{
  repeat 200000 '-('
  printf 'x'
  fill 200000 ')'
  printf '\n'
} >unary_parens.field
expect unary_parens.field "expression nested too deeply"

# Long operator chains: each is a deep tree (docs/formats.md, Limits).
{
  printf 'x'
  repeat 100000 '+1'
  printf '\n'
} >sum_100k.field
expect sum_100k.field "the limit is"
{
  printf 'x'
  repeat 1000 '+1'
  printf '\n'
} >sum_1000.field
expect sum_1000.field "expression nested too deeply"
{
  repeat 100000 'x^'
  printf 'x\n'
} >pow_100k.field
expect pow_100k.field "expression nested too deeply"
{
  printf 'x'
  repeat 100000 ' < x'
  printf '\n'
} >compare_100k.field
expect compare_100k.field "expression nested too deeply"
{
  repeat 100000 'x > 0.5 ? x : '
  printf 'y\n'
} >select_100k.field
expect select_100k.field "expression nested too deeply"
{
  printf 'input x\noutput x'
  repeat 100000 ' -> neg'
  printf '\n'
} >pipe_100k.graph
expect pipe_100k.graph @2 "expression nested too deeply"

# JSON nesting just over the limit (512 levels): the root object plus 512 Neg.
{
  printf '{"format": "resin-field/1", "expr": '
  repeat 512 '{"Neg": '
  printf '"X"'
  fill 512 '}'
  printf '}\n'
} >json_depth_513.json
expect json_depth_513.json "JSON nested too deeply (the limit is 512 levels)"

# --- Size limit. --------------------------------------------------------------
{
  printf '# '
  fill $((limit - 2 + 1)) 'x'
} >over_32mib.graph
expect over_32mib.graph @1:1 "the limit is 33554432 bytes"
{
  printf '{"format": "resin-graph/1", "name": "'
  fill $((limit)) 'n'
  printf '", "nodes": []}\n'
} >over_32mib.json
expect over_32mib.json @1:1 "the limit is 33554432 bytes"

# --- Many nodes (kMaxNodes = 100000). ------------------------------------------
{
  printf '{"format": "resin-graph/1", "nodes": [{"id": "i", "type": "input"}'
  seq 0 100000 | awk '{printf ", {\"id\": \"g%d\", \"type\": \"neg\"}", $1}'
  printf ', {"id": "o", "type": "output"}]}\n'
} >nodes_100k.json
expect nodes_100k.json "the limit is 100000"
{
  printf 'let a0 = x;\n'
  seq 0 299999 | awk '{printf "let a%d = a%d + 1;\n", $1 + 1, $1}'
  printf 'a300000\n'
} >let_chain_300k.field
expect let_chain_300k.field "the limit is 100000"
{
  printf 'input x\n'
  seq 0 1799999 | awk '{printf "a%d=x+%d\n", $1, $1}'
  printf 'output a0\n'
} >statements_1800k.graph
expect statements_1800k.graph "the limit is 100000"
{
  printf '{"format": "resin-graph/1", "nodes": [{"id": "i", "type": "input"}, {"id": "o", "type": "output"}], "edges": [["i", "o"]'
  repeat 300000 ', ["i", "o"]'
  printf ']}\n'
} >edges_300k.json
expect edges_300k.json "the limit is 100000"

# --- Long alias chains in graph text (a0 = a1, a1 = a2, ...). ----------------
{
  seq 0 49999 | awk '{printf "a%d = a%d\n", $1, $1 + 1}'
  printf 'a50000 = a0\noutput a0\n'
} >alias_cycle_50k.graph
expect alias_cycle_50k.graph "alias cycle"
{
  seq 0 49999 | awk '{printf "a%d = a%d\n", $1, $1 + 1}'
  printf 'a50000 = nowhere\noutput a0\n'
} >alias_chain_unknown_50k.graph
expect alias_chain_unknown_50k.graph @50001 "unknown name 'nowhere'"

# --- Big documents whose error is found only after reading all of them. -----
# Values: 4 million is past kMaxJsonValues (1000000); 990000 long strings
# (30 MiB) are within it and must still be read in time.
{
  printf '{"format": "resin-graph/1", "junk": [0'
  repeat 3999999 ',0'
  printf ']}\n'
} >json_array_4m.json
expect json_array_4m.json "more than 1000000 values"
{
  printf '{"format": "resin-field/1", "expr": {"Add": ["X", {"Constant": 1}]}, "junk": ['
  repeat 989999 '"ssssssssssssssssssssssssssss",'
  printf '"s"]}\n'
} >json_strings_990k.json
expect json_strings_990k.json "unknown key 'junk'"
{
  printf '{"format": "resin-graph/1", "junk": [0'
  repeat 989999 ',0'
  printf ']}\n'
} >json_numbers_990k.json
expect json_numbers_990k.json "unknown key 'junk'"
# A huge identifier and a mistyped use of it (the "did you mean" search).
{
  fill $((limit - 200)) 'v'
  printf ' = osc()\noutput '
  fill 60 'v'
  printf 'q\n'
} >long_identifier.graph
expect long_identifier.graph @2 "unknown name"
{
  printf '{"format": "resin-graph/1", "nodes": [{"id": "o", "type": "output"}'
  for ((i = 0; i < 30; i++)); do
    printf ', {"id": "'
    fill $MiB 'n'
    printf '%d", "type": "neg"}' $i
  done
  printf '], "edges": [["'
  fill 60 'n'
  printf 'q", "o"]]}\n'
} >long_ids.json
expect long_ids.json "edge names unknown node"
# Parentheses up to the size limit: tokenizing all of it takes time and memory.
fill $((limit - 100)) '(' >parens_32mib.field
expect parens_32mib.field "expression nested too deeply"

# --- Positions far into a file. ---------------------------------------------
{
  fill 1000000 $'\n'
  printf 'frob(x)\n'
} >line_1m.field
expect line_1m.field @1000001:1 "unknown op 'frob'"
{
  printf '{"format": "resin-graph/1", "name": "'
  fill $((20 * MiB)) 'n'
  printf '", "nodes": [{"id": "i", "type": "input", "params": {"channel": 0.5}}]}\n'
} >column_20m.json
expect column_20m.json @1:$((20 * MiB + 102)) "must be an integer"

echo "gen-malformed: $(grep -c . EXPECTED) cases in $out"
