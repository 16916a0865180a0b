#!/usr/bin/env bash
# run-dump-ir.sh RESINC LLVM_AS GRAPHS_DIR
#
# resinc dump-ir over every file in GRAPHS_DIR (.graph, .field, .json) and
# every JIT engine this host runs (jit-scalar, jit-f32x4/x8/x16, jit; a
# width the CPU lacks is skipped with a note):
#   (a) --stage llvm-opt (precise and fast math) is valid LLVM IR: llvm-as
#       assembles it;
#   (b) every call in that IR targets an @llvm. intrinsic or one of the
#       module's own internal math functions (@resin.sin.precise.w1, defined
#       in the same IR): no libm, no resinc function, no indirect call, and
#       nothing but intrinsics is declared;
#   (c) --stage llvm (as lowered, before LLVM's passes) assembles too;
#   (d) --stage parsed and --stage opt print a graph or field that
#       `resinc opt -O0 - --format graph|field` reads back, and reading the
#       parsed stage back prints it unchanged.
# Prints one line per failure and a summary; exits 1 on any failure.
set -u

if [ $# -ne 3 ]; then
  echo "usage: $0 RESINC LLVM_AS GRAPHS_DIR" >&2
  exit 2
fi
resinc=$1 llvmas=$2 graphs=$3
if ! [ -x "$llvmas" ]; then
  echo "run-dump-ir: llvm-as not found ('$llvmas'); install llvm-19 (llvm-as-19)" >&2
  exit 1
fi
. "$(dirname "${BASH_SOURCE[0]}")/harness.sh" run-dump-ir

# dump FILE OUT ARGS...: resinc dump-ir FILE ARGS... > OUT; fails on a
# non-zero exit, a crash or a timeout.
dump() {
  local file=$1 out=$2
  shift 2
  timeout -k 1 60 "$resinc" dump-ir "$file" "$@" >"$out" 2>"$work/stderr"
  local status=$?
  if [ $status -ne 0 ]; then
    fail "$(basename "$file") dump-ir $*: exit status $status: $(head -n 1 "$work/stderr")"
    return 1
  fi
  if [ ! -s "$out" ]; then
    fail "$(basename "$file") dump-ir $*: empty output"
    return 1
  fi
  return 0
}

# The JIT engines this host runs.
engines=()
probes=("$graphs"/*.graph)
probe=${probes[0]}
for engine in jit-scalar jit-f32x4 jit-f32x8 jit-f32x16 jit; do
  if "$resinc" dump-ir "$probe" --stage llvm --engine "$engine" >/dev/null 2>"$work/stderr"; then
    engines+=("$engine")
  elif grep -q -E 'cannot run|lanes' "$work/stderr"; then
    echo "note: $engine skipped: $(head -n 1 "$work/stderr")"
  else
    total=$((total + 1))
    fail "$engine: probe on $(basename "$probe") failed: $(head -n 1 "$work/stderr")"
  fi
done
if [ ${#engines[@]} -eq 0 ]; then
  echo "run-dump-ir: no JIT engine runs on this host" >&2
  exit 1
fi
echo "engines: ${engines[*]}"

files=("$graphs"/*.graph "$graphs"/*.field "$graphs"/*.json)
for file in "${files[@]}"; do
  [ -f "$file" ] || continue
  name=$(basename "$file")
  case $file in
  *.graph) kind=graph ;;
  *.field) kind=field ;;
  *.json)
    if grep -q '"resin-field/' "$file"; then kind=field; else kind=graph; fi
    ;;
  esac

  for engine in "${engines[@]}"; do
    # (a) and (b): the optimized IR, both math modes.
    for math in precise fast; do
      total=$((total + 1))
      ir="$work/opt.ll"
      dump "$file" "$ir" --stage llvm-opt --engine "$engine" --math "$math" || continue
      if ! "$llvmas" -o /dev/null "$ir" 2>"$work/as-err"; then
        fail "$name --engine $engine --math $math: llvm-as rejects --stage llvm-opt: $(head -n 1 "$work/as-err")"
        continue
      fi
      # Calls to the module's own math functions (internal, defined in the
      # same IR: the cost model's calls, and every math use of a stateful
      # kernel's one-lane tail) stay inside the kernel.
      own=$(grep -o -E '^define internal fastcc [^@]*@resin\.[[:alnum:]_.]+' "$ir" |
        sed -E 's/.*@//' | sed 's/\./\\./g' | paste -sd '|')
      bad=$(grep -E '(^|[^[:alnum:]_.])call[[:space:]]' "$ir" | grep -v -E 'call[^@%]*@llvm\.' |
        { if [ -n "$own" ]; then grep -v -E "call fastcc [^@%]*@($own)\("; else cat; fi; } | head -n 3)
      if [ -n "$bad" ]; then
        fail "$name --engine $engine --math $math: a call to something other than an @llvm. intrinsic or the kernel's own math: $bad"
        continue
      fi
      decl=$(grep -E '^declare ' "$ir" | grep -v -E '@llvm\.' | head -n 3)
      if [ -n "$decl" ]; then
        fail "$name --engine $engine --math $math: declares a non-intrinsic function: $decl"
        continue
      fi
      if ! grep -q -E '^define ' "$ir"; then
        fail "$name --engine $engine --math $math: no function defined in --stage llvm-opt"
      fi
    done
    # (c): the IR as lowered.
    total=$((total + 1))
    dump "$file" "$work/raw.ll" --stage llvm --engine "$engine" || continue
    if ! "$llvmas" -o /dev/null "$work/raw.ll" 2>"$work/as-err"; then
      fail "$name --engine $engine: llvm-as rejects --stage llvm: $(head -n 1 "$work/as-err")"
    fi
  done

  # (d): the graph stages read back.
  for stage in parsed opt; do
    total=$((total + 1))
    dump "$file" "$work/$stage.txt" --stage "$stage" || continue
    if ! timeout -k 1 60 "$resinc" opt -O0 - --format "$kind" <"$work/$stage.txt" \
      >"$work/reread.txt" 2>"$work/stderr"; then
      fail "$name --stage $stage: resinc opt -O0 - --format $kind cannot read it back: $(head -n 1 "$work/stderr")"
      continue
    fi
    if [ "$stage" = parsed ] && ! cmp -s "$work/$stage.txt" "$work/reread.txt"; then
      fail "$name --stage parsed: reading it back and printing it changes it: $(diff "$work/$stage.txt" "$work/reread.txt" | head -n 4 | tr '\n' ' ')"
    fi
  done
done

echo "run-dump-ir: $((total - failed)) of $total checks passed (${#files[@]} files, ${#engines[@]} engines)"
[ $failed -eq 0 ]
