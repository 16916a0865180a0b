#!/usr/bin/env bash
# aot.cli: resinc compile -o. Every --emit kind writes what it says (an ELF
# relocatable object with the NAME_ symbols, assembly, IR that llvm-as
# accepts where available, a header); the kind follows -o's extension;
# --name defaults to the file's stem made a C identifier; bad names and
# misplaced flags exit 1, an unknown --emit exits 2; -o - writes stdout; the
# JSON report says "cache": "off".
#   check-cli.sh RESINC GRAPHS_DIR CC
set -u
resinc=$1 graphs=$2 cc=$3
# $work, `fail` and the failure count, shared with the cli tests.
. "$(dirname "${BASH_SOURCE[0]}")/../cli/harness.sh" aot-cli
expect_exit() { # WANT DESCRIPTION COMMAND...
  local want=$1 what=$2
  shift 2
  "$@" >"$work/out.txt" 2>"$work/err.txt"
  local got=$?
  [ "$got" -eq "$want" ] || { fail "$what: exit $got, want $want"; cat "$work/err.txt"; }
}

# Each kind, explicitly and from the extension.
expect_exit 0 "obj" "$resinc" compile "$graphs/echo.graph" -o "$work/echo.o" --json "$work/echo.json"
file_type=$(od -An -c -N4 "$work/echo.o" | tr -d ' ')
[ "$file_type" = '177ELF' ] || fail "echo.o is not ELF ($file_type)"
nm "$work/echo.o" | grep -q ' T echo_process$' || fail "echo.o lacks echo_process"
nm "$work/echo.o" | grep -q ' T echo_init$' || fail "echo.o lacks echo_init"
nm "$work/echo.o" | grep -q ' T echo_state_size$' || fail "echo.o lacks echo_state_size"
[ "$(nm -g --defined-only "$work/echo.o" | wc -l)" -eq 3 ] ||
  fail "echo.o exports more than the ABI: $(nm -g --defined-only "$work/echo.o")"
grep -q '"cache": "off"' "$work/echo.json" || fail "compile -o --json lacks \"cache\": \"off\""
expect_exit 0 "asm" "$resinc" compile "$graphs/perlin.field" -o "$work/p.txt" --emit asm --name noise
grep -q '^noise_eval:' "$work/p.txt" || fail "--emit asm lacks the label noise_eval:"
grep -q '^noise_row:' "$work/p.txt" || fail "--emit asm lacks the label noise_row:"
expect_exit 0 "llvm" "$resinc" compile "$graphs/tremolo.graph" -o "$work/t.ll"
grep -q 'define .*@tremolo_process(' "$work/t.ll" || fail "t.ll lacks define @tremolo_process"
grep -q 'llvm.x86.sse.ldmxcsr' "$work/t.ll" || fail "t.ll: tremolo_process does not set MXCSR"
if command -v llvm-as-19 >/dev/null; then
  llvm-as-19 "$work/t.ll" -o /dev/null || fail "llvm-as-19 rejects --emit llvm output"
fi
expect_exit 0 "header" "$resinc" compile "$graphs/tremolo.graph" -o "$work/t.h"
grep -q 'extern "C"' "$work/t.h" || fail "t.h lacks extern \"C\""
grep -q 'void tremolo_process(void \*state, const float \*const \*in, float \*const \*out, int64_t len);' \
  "$work/t.h" || fail "t.h lacks the process declaration of the kernel ABI"
expect_exit 0 "unknown extension: obj" "$resinc" compile "$graphs/tremolo.graph" -o "$work/kernel.bin"
[ "$(od -An -c -N4 "$work/kernel.bin" | tr -d ' ')" = '177ELF' ] || fail "-o kernel.bin is not an object"

# Names: from the stem, sanitized; --name; errors.
cp "$graphs/tremolo.graph" "$work/3-band eq.graph"
expect_exit 0 "sanitized stem" "$resinc" compile "$work/3-band eq.graph" -o "$work/s.h"
grep -q '_3_band_eq_process' "$work/s.h" || fail "stem '3-band eq' did not become _3_band_eq"
expect_exit 1 "--name with a dash" "$resinc" compile "$graphs/tremolo.graph" -o "$work/x.o" --name a-b
grep -q "resinc: error: --name: 'a-b' is not a C identifier" "$work/err.txt" ||
  fail "bad --name message: $(cat "$work/err.txt")"
expect_exit 1 "--name starting with a digit" "$resinc" compile "$graphs/tremolo.graph" -o "$work/x.o" --name 9x
expect_exit 1 "--emit without -o" "$resinc" compile "$graphs/tremolo.graph" --emit obj
expect_exit 1 "--name without -o" "$resinc" compile "$graphs/tremolo.graph" --name t
expect_exit 1 "--no-cache with -o" "$resinc" compile "$graphs/tremolo.graph" -o "$work/x.o" --no-cache
expect_exit 1 "--cache-dir with -o" "$resinc" compile "$graphs/tremolo.graph" -o "$work/x.o" --cache-dir "$work/cc"
expect_exit 2 "unknown --emit" "$resinc" compile "$graphs/tremolo.graph" -o "$work/x.o" --emit exe
expect_exit 1 "unwritable -o" "$resinc" compile "$graphs/tremolo.graph" -o "$work/no/such/dir/x.o"
expect_exit 1 "interp is not a compiler" "$resinc" compile "$graphs/tremolo.graph" -o "$work/x.o" --engine interp
expect_exit 1 "bad input" "$resinc" compile "$graphs/../README.md" -o "$work/x.o"

# -o - writes to stdout; stdin input takes the graph's own name.
"$resinc" compile - --format graph -o - --emit header <"$graphs/echo.graph" >"$work/stdout.h" ||
  fail "-o - from stdin"
grep -q 'echo_process' "$work/stdout.h" || fail "stdin header lacks echo_process"

# Two kernels in one C program: distinct names link side by side.
"$resinc" compile "$graphs/tremolo.graph" -o "$work/a.o" --name first &&
  "$resinc" compile "$graphs/tremolo.graph" -o "$work/b.o" --name second ||
  fail "compile first/second"
cat >"$work/two.c" <<'C'
#include <stddef.h>
#include <stdint.h>
size_t first_state_size(void);
size_t second_state_size(void);
int main(void) { return first_state_size() == second_state_size() ? 0 : 1; }
C
"$cc" "$work/two.c" "$work/a.o" "$work/b.o" -o "$work/two" && "$work/two" ||
  fail "two kernels of one graph under two names do not link or run"

echo "aot.cli: $failed failures"
[ "$failed" -eq 0 ]
