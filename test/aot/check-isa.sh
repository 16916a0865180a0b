#!/usr/bin/env bash
# aot.isa: the ISA of ahead-of-time objects follows --target-cpu. x86-64-v2
# objects hold no AVX instruction (no ymm/zmm register, no VEX/EVEX
# v-prefixed mnemonic); x86-64-v4 objects use zmm (the default width there
# is 16 lanes). Checked on an audio graph and a field.
#   check-isa.sh RESINC LLVM_OBJDUMP GRAPHS_DIR
set -u
resinc=$1 objdump=$2 graphs=$3
# $work, `fail` and the failure count, shared with the cli tests.
. "$(dirname "${BASH_SOURCE[0]}")/../cli/harness.sh" aot-isa
# Instructions of llvm-objdump -d, one a line: mnemonic, tab, operands.
mnemonics() { "$objdump" -d --no-show-raw-insn "$1" | sed -nE 's/^ *[0-9a-f]+:[[:space:]]*//p'; }

for source in tremolo.graph synth_voice.graph terrain.field; do
  stem=${source%.*}
  for cpu in x86-64-v2 x86-64-v4; do
    "$resinc" compile "$graphs/$source" -o "$work/$stem-$cpu.o" --target-cpu "$cpu" --json "$work/$stem-$cpu.json" ||
      { fail "resinc compile $source --target-cpu $cpu"; continue; }
    mnemonics "$work/$stem-$cpu.o" >"$work/$stem-$cpu.txt"
    count=$(wc -l <"$work/$stem-$cpu.txt")
    [ "$count" -gt 10 ] || fail "$stem $cpu: only $count instructions disassembled"
  done
  avx=$(grep -cE '(^v[a-z])|ymm|zmm' "$work/$stem-x86-64-v2.txt")
  [ "$avx" -eq 0 ] || fail "$stem x86-64-v2: $avx AVX instructions, e.g. $(grep -m1 -E '(^v[a-z])|ymm|zmm' "$work/$stem-x86-64-v2.txt")"
  xmm=$(grep -c 'xmm' "$work/$stem-x86-64-v2.txt")
  [ "$xmm" -gt 0 ] || fail "$stem x86-64-v2: no SSE code at all"
  zmm=$(grep -c 'zmm' "$work/$stem-x86-64-v4.txt")
  [ "$zmm" -gt 0 ] || fail "$stem x86-64-v4: no zmm instruction"
  grep -q '"width": 4' "$work/$stem-x86-64-v2.json" || fail "$stem x86-64-v2: width is not 4"
  grep -q '"width": 16' "$work/$stem-x86-64-v4.json" || fail "$stem x86-64-v4: width is not 16"
  echo "$stem: x86-64-v2 $(wc -l <"$work/$stem-x86-64-v2.txt") instructions, $avx AVX;" \
    "x86-64-v4 $zmm zmm instructions"
done
echo "aot.isa: $failed failures"
[ "$failed" -eq 0 ]
