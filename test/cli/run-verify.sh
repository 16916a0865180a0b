#!/usr/bin/env bash
# run-verify.sh RESINC GRAPHS_DIR
#
# `resinc verify` end to end (docs/reference/cli.md, issue 6), and the CI gate: every file in
# graphs/ must verify on every engine the host runs.
#   (a) resinc verify GRAPHS_DIR/*.* exits 0 and its --json says "pass": true
#       for every file and overall
#   (b) mutation: RESIN_TEST_MUTATE=mul:W (W = the widest host width, from
#       `resinc compile --json`) on tremolo.graph exits 3 and names
#       jit-f32xW and jit as mismatching, first_mismatch.engine = jit-f32xW
#   (c) the same for a field (perlin2:W on perlin.field)
#   (d) bad inputs exit 1, unknown flags exit 2
#   (e) timings: affine_chain.graph under 10 s, all of graphs/ under 120 s
# Prints one line per failure and a summary; exits 1 on any failure.
set -u

if [ $# -ne 2 ]; then
  echo "usage: $0 RESINC GRAPHS_DIR" >&2
  exit 2
fi
resinc=$1
graphs=$2
. "$(dirname "${BASH_SOURCE[0]}")/harness.sh" run-verify

# json_get FILE PYTHON_EXPR: evaluates EXPR with `d` the parsed JSON.
json_get() {
  python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"
}

now() { date +%s.%N; }
elapsed() { python3 -c "import sys; print('%.2f' % (float(sys.argv[2]) - float(sys.argv[1])))" "$1" "$2"; }

# (a) + (e): every file in graphs/ (graphs/images/, whose fields need
# --image, is run-images.sh's), timed.
step
start=$(now)
"$resinc" verify "$graphs"/*.* --json "$work/all.json" >"$work/all.txt" 2>"$work/all.err"
status=$?
all_s=$(elapsed "$start" "$(now)")
if [ $status -ne 0 ]; then
  fail "resinc verify $graphs/*.* exited $status (want 0)"
  cat "$work/all.txt" "$work/all.err"
fi
step
nfiles=$(ls "$graphs"/*.* | wc -l)
if [ "$(json_get "$work/all.json" "d['pass'] and all(f['pass'] for f in d['files']) and len(d['files'])")" != "$nfiles" ]; then
  fail "--json of graphs/ does not say pass for all $nfiles files"
fi
step
if [ -s "$work/all.err" ]; then
  fail "verify wrote to stderr without a terminal (no progress line expected):"
  head -3 "$work/all.err"
fi

step
start=$(now)
"$resinc" verify "$graphs/affine_chain.graph" >/dev/null 2>&1
status=$?
affine_s=$(elapsed "$start" "$(now)")
[ $status -eq 0 ] || fail "verify affine_chain.graph exited $status"
echo "timing: verify affine_chain.graph ${affine_s} s (limit 10 s); all of graphs/ ($nfiles files) ${all_s} s (limit 120 s)"
step
python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) < 10 else 1)" "$affine_s" ||
  fail "verify affine_chain.graph took ${affine_s} s, over the 10 s limit"
step
python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) < 120 else 1)" "$all_s" ||
  fail "verify of all of graphs/ took ${all_s} s, over the 120 s limit"

# (b) mutation of the widest width, audio.
width=$("$resinc" compile "$graphs/tremolo.graph" --engine jit --json - 2>/dev/null |
  python3 -c "import json,sys; t=sys.stdin.read(); print(json.loads(t[t.index('{'):])['width'])")
# compile prints its summary before the JSON on stdout, hence the index.
wide="jit-f32x$width"
if [ "$width" = 1 ]; then
  wide=jit-scalar
fi
mutation() { # NAME OP FILE
  local name=$1 op=$2 file=$3
  step
  RESIN_TEST_MUTATE="$op:$width" "$resinc" verify "$file" --json "$work/$name.json" \
    >"$work/$name.txt" 2>&1
  local status=$?
  if [ $status -ne 3 ]; then
    fail "$name: RESIN_TEST_MUTATE=$op:$width resinc verify $file exited $status (want 3)"
    cat "$work/$name.txt"
    return
  fi
  step
  local got
  got=$(json_get "$work/$name.json" "' '.join(e['engine'] for e in d['files'][0]['engines'] if e['mismatches'] > 0)")
  # `tiered` runs the mutated jit too once its worker is done, which
  # depends on timing: it may or may not be among them.
  got=${got/tiered /}
  local want="$wide jit"
  [ "$wide" = jit-scalar ] && want="jit-scalar jit"
  [ "$got" = "$want" ] || fail "$name: mismatching engines '$got', want '$want'"
  step
  got=$(json_get "$work/$name.json" "[e for e in d['files'][0]['engines'] if e['engine'] == '$wide'][0]['first_mismatch']['engine']")
  [ "$got" = "$wide" ] || fail "$name: first_mismatch.engine is '$got', want '$wide'"
  step
  got=$(json_get "$work/$name.json" "[e for e in d['files'][0]['engines'] if e['engine'] == '$wide'][0]['max_ulp'] >= 1 and not d['pass']")
  [ "$got" = True ] || fail "$name: max_ulp/pass do not show the mismatch"
  step
  grep -q "reproduce: RESIN_TEST_MUTATE=$op:$width resinc verify" "$work/$name.txt" ||
    fail "$name: no reproducing command in the report"
}
mutation audio-mutation mul "$graphs/tremolo.graph"
mutation field-mutation perlin2 "$graphs/perlin.field"

# (c) --set binds a field's free variables as in run, render and eval: no
# note about unbound variables, and the reproducing command carries it.
printf 'var k;\nperlin2(x * k, y)\n' >"$work/var.field"
step
"$resinc" verify "$work/var.field" --engines native --seeds 1 --set k=3 >"$work/set.txt" 2>&1 ||
  fail "verify --set k=3 exited $? (want 0): $(head -2 "$work/set.txt")"
step
! grep -q "unbound variables" "$work/set.txt" || fail "verify --set k=3 still notes k as unbound"
step
"$resinc" verify "$work/var.field" --engines native --seeds 1 >"$work/noset.txt" 2>&1
grep -q "resinc: note: .*var.field: unbound variables are 0: k" "$work/noset.txt" ||
  fail "verify without --set does not note the unbound k: $(head -2 "$work/noset.txt")"
step
RESIN_TEST_MUTATE="perlin2:$width" "$resinc" verify "$work/var.field" --seeds 1 --set k=3 \
  >"$work/setmut.txt" 2>&1
grep -q "reproduce: RESIN_TEST_MUTATE=perlin2:$width resinc verify .*var.field .*--set k=3" \
  "$work/setmut.txt" || fail "the reproducing command lacks --set k=3: $(grep reproduce "$work/setmut.txt" | head -1)"

# (d) exit codes.
code() { # WANT ARGS...
  local want=$1
  shift
  step
  timeout -k 1 60 "$resinc" verify "$@" >"$work/out" 2>"$work/err"
  local status=$?
  [ $status -eq "$want" ] || fail "resinc verify $* exited $status (want $want): $(head -1 "$work/err")"
}
printf 'input x\noutput frob(x)\n' >"$work/bad.graph"
printf 'input x\noutput x * 0.5\n' >"$work/ok.graph"
code 1 "$work/missing.graph"
code 1 "$work/bad.graph"
code 1 "$work/ok.graph" "$work/bad.graph"
code 1 "$work/ok.graph" --engines frob
code 1 "$work/ok.graph" --seeds -3
code 1 "$work/ok.graph" --tolerance abc
code 1 "$work/ok.graph" --passes frob
code 2 "$work/ok.graph" --frobnicate
code 2
code 2 "$work/ok.graph" --seeds
code 0 "$work/ok.graph" --engines native,jit-scalar --seeds 1
code 0 "$work/ok.graph" -O0 --math fast --no-ftz --seeds 1
code 1 "$work/var.field" --set k=abc
code 1 "$work/var.field" --set k

echo "cli.verify: $((total - failed)) of $total checks passed"
[ $failed -eq 0 ]
