#!/usr/bin/env bash
# run-bench.sh RESINC GRAPHS_DIR
#
# `resinc bench` end to end (docs/reference/cli.md, issue 7), with a tiny --min-time so it
# takes seconds; timings themselves are not judged, only what is reported:
#   (a) an audio graph and a field: exit 0; the JSON (Google Benchmark's)
#       names FILE_STEM/ENGINE, FILE_STEM/ENGINE/all-threads (fields) and
#       FILE_STEM/compile-ENGINE (JIT engines only), with medians; every
#       throughput run has ns_per_item = its cpu_time / --samples (audio) or
#       / 512*512 (field); compile times are in ms; the table has a row per
#       engine and thread count
#   (b) --baseline made from the same run with a huge --max-regression:
#       exit 0, every one-thread ratio compared (all-threads renders are
#       not checked); with --json - stdout is the JSON alone
#   (c) a doctored baseline (native's and interp's ns_per_item inflated, so
#       every ratio there is far smaller): exit 3 and a table naming them
#   (d) a malformed baseline: exit 1 with FILE:LINE:COL, before any run
#   (e) bad flag values exit 1 naming the flag, unknown flags exit 2
# Prints one line per failure and a summary; exits 1 on any failure.
set -u

if [ $# -ne 2 ]; then
  echo "usage: $0 RESINC GRAPHS_DIR" >&2
  exit 2
fi
resinc=$1
graphs=$2
. "$(dirname "${BASH_SOURCE[0]}")/harness.sh" run-bench

# check_json FILE PYTHON_EXPR MESSAGE: EXPR (with `d` the parsed JSON and
# `med` the ns_per_item medians by name) must be true.
check_json() {
  step
  python3 - "$1" "$2" <<'EOF' || fail "$3"
import json, sys
d = json.load(open(sys.argv[1]))
med = {b["run_name"]: b.get("ns_per_item") for b in d["benchmarks"]
       if b["run_type"] == "aggregate" and b["aggregate_name"] == "median"}
sys.exit(0 if eval(sys.argv[2]) else 1)
EOF
}

samples=10000
audio="$graphs/affine_chain.graph"
field="$graphs/perlin.field"
engines=interp,native,jit-scalar,jit

# (a)
step
"$resinc" bench "$audio" "$field" --engines $engines --samples $samples --min-time 0.01 \
  --json "$work/a.json" >"$work/a.txt" 2>"$work/a.err"
status=$?
if [ $status -ne 0 ]; then
  fail "bench $audio $field exited $status (want 0)"
  cat "$work/a.err"
fi
names="['affine_chain/' + e for e in ['interp', 'native', 'jit-scalar', 'jit', 'compile-jit-scalar', 'compile-jit']]"
names+=" + ['perlin/' + e for e in ['interp', 'native', 'jit-scalar', 'jit', 'compile-jit-scalar', 'compile-jit']]"
names+=" + ['perlin/' + e + '/all-threads' for e in ['interp', 'native', 'jit-scalar', 'jit']]"
check_json "$work/a.json" "sorted({b['run_name'] for b in d['benchmarks']}) == sorted($names)" \
  "JSON run names differ from the expected set"
check_json "$work/a.json" "all(b['repetitions'] == 5 for b in d['benchmarks']) and \
len([b for b in d['benchmarks'] if b['run_type'] == 'iteration']) == 5 * len($names)" \
  "each benchmark should have 5 repetitions"
check_json "$work/a.json" "all(v and v > 0 for k, v in med.items() if 'compile' not in k)" \
  "a throughput median lacks ns_per_item > 0"
check_json "$work/a.json" "all(abs(b['cpu_time'] / ($samples if b['name'].startswith('affine') else 512 * 512) \
  / b['ns_per_item'] - 1) < 0.05 for b in d['benchmarks'] if b['run_type'] == 'iteration' and \
  b['time_unit'] == 'ns' and 'all-threads' not in b['name'])" \
  "ns_per_item is not cpu_time per sample (--samples $samples) or per point of a 512x512 render"
# Wall time: a preemption between Google Benchmark's timer and ours counts in one only.
check_json "$work/a.json" "all(abs(b['real_time'] / (512 * 512) / b['ns_per_item'] - 1) < 0.25 \
  for b in d['benchmarks'] if b['run_type'] == 'iteration' and 'all-threads' in b['name'])" \
  "all-threads ns_per_item is not wall time per point"
check_json "$work/a.json" "all(b['time_unit'] == 'ms' and 'ns_per_item' not in b and b['width'] >= 1 \
  for b in d['benchmarks'] if 'compile-' in b['name'] and b['run_type'] == 'iteration')" \
  "compile benchmarks should be in ms, with a width and no ns_per_item"
check_json "$work/a.json" "'context' in d and d['context']['num_cpus'] >= 1" \
  "the JSON has no Google Benchmark context"
step
rows=$(grep -cE '^  (interp|native|jit-scalar|jit) ' "$work/a.txt")
[ "$rows" = 12 ] || fail "the table has $rows engine rows, want 12 (4 audio, 4 + 4 field)"
step
grep -qE '^  jit +1 .* [0-9.]+ ms +([0-9]+|never)$' "$work/a.txt" ||
  fail "the jit row has no compile time and break-even length"

# break-even = ceil(compile_ns / (native ns per sample - jit's)), recomputed
# from the printed (rounded) numbers of affine_chain's table.
step
python3 - "$work/a.txt" <<'EOF' || fail "affine_chain's jit break-even does not follow compile / (native - jit)"
import sys
rows = {}
for line in open(sys.argv[1]):
    if not line.strip() and rows:
        break  # only the first table, affine_chain's
    cells = line.split()
    if len(cells) >= 9 and cells[1] == "1":
        rows[cells[0]] = cells
native, jit = float(rows["native"][4]), float(rows["jit"][4])
unit = {"ns": 1, "us": 1e3, "ms": 1e6, "s": 1e9}[rows["jit"][-2]]
compile_ns = float(rows["jit"][-3]) * unit
shown = rows["jit"][-1]
if native <= jit:
    sys.exit(0 if shown == "never" else 1)
want = compile_ns / (native - jit)
sys.exit(0 if shown != "never" and abs(float(shown) / want - 1) < 0.02 else 1)
EOF

# (b) against its own JSON, with a limit no noise reaches.
step
"$resinc" bench "$audio" "$field" --engines native,jit --min-time 0.01 \
  --baseline "$work/a.json" --max-regression 1e6 --json - >"$work/b.json" 2>"$work/b.err"
status=$?
[ $status -eq 0 ] || fail "bench --baseline (same run, --max-regression 1e6) exited $status (want 0)"
check_json "$work/b.json" "len(d['benchmarks']) > 0" "--json - did not write the JSON alone to stdout"
step
grep -q "ratios compared, 0 grew more than 1e+06%" "$work/b.err" ||
  fail "no summary of the comparison: $(grep baseline "$work/b.err")"
step
grep -q "baseline .*: 3 ratios compared" "$work/b.err" ||
  fail "want 3 ratios (affine_chain/jit, perlin/native, perlin/jit; one thread only): $(grep baseline "$work/b.err")"

# bench_against OUT BASELINE WANT_STATUS WHAT: the small run against BASELINE
# (stdout in $work/OUT.txt, stderr in $work/OUT.err) must exit WANT_STATUS.
bench_against() {
  step
  "$resinc" bench "$audio" "$field" --engines native,jit --min-time 0.01 \
    --baseline "$2" >"$work/$1.txt" 2>"$work/$1.err"
  local status=$?
  [ $status -eq "$3" ] || fail "bench against $4 exited $status (want $3)"
}

# (c) a baseline in which the references were much slower: every ratio grew.
python3 - "$work/a.json" "$work/doctored.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
for b in d["benchmarks"]:
    if b["run_name"].split("/")[1] in ("native", "interp") and "ns_per_item" in b:
        b["ns_per_item"] *= 1000
json.dump(d, open(sys.argv[2], "w"), indent=2)
EOF
bench_against c "$work/doctored.json" 3 "a doctored baseline"
step
grep -qE '^  affine_chain/jit +affine_chain/native +[0-9.]+ +[0-9.]+ +\+[0-9.]+%$' "$work/c.txt" ||
  fail "the regression table does not list affine_chain/jit against native"
step
grep -qE '^  perlin/jit +perlin/interp ' "$work/c.txt" ||
  fail "the regression table does not list perlin/jit against interp"
step
grep -q 'all-threads' "$work/c.txt" && grep -A20 '^  regressed' "$work/c.txt" | grep -q all-threads &&
  fail "all-threads renders are not checked, but the regression table lists one"

# (c2) a baseline that shares no benchmark with the run (other stems) checked
# nothing: exit 1 with a message, never a silent pass.
python3 - "$work/a.json" "$work/renamed.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
for b in d["benchmarks"]:
    for key in ("name", "run_name"):
        b[key] = "other_" + b[key]
json.dump(d, open(sys.argv[2], "w"), indent=2)
EOF
bench_against r "$work/renamed.json" 1 "a baseline with no common benchmark"
step
grep -q "nothing was compared" "$work/r.err" ||
  fail "no message for a baseline with no common benchmark: $(head -c 300 "$work/r.err")"

# (d) malformed baselines: located errors, exit 1, at once.
malformed() { # NAME CONTENT PATTERN
  printf "$2" >"$work/$1"
  step
  timeout -k 1 5 "$resinc" bench "$audio" --baseline "$work/$1" >"$work/out" 2>"$work/err"
  local status=$?
  [ $status -eq 1 ] || fail "baseline $1 exited $status (want 1)"
  step
  grep -qE "^resinc: error: $work/$1:$3" "$work/err" ||
    fail "baseline $1: want 'FILE:$3', got: $(head -1 "$work/err")"
}
malformed syntax.json '{"benchmarks": [\n  {"name": "x/jit", \n' '3:1: '
malformed counter.json '{"benchmarks": [\n  {"name": "x/jit", "ns_per_item": "fast"}\n]}\n' \
  '2:36: "ns_per_item" must be a number'
malformed missing.json '{"benchmarks": [\n  {"name": "x/jit", "cpu_time": 1}\n]}\n' \
  '2:3: benchmark .x/jit. has no "ns_per_item"'
malformed shape.json '{"benchmarks": {}}\n' '1:16: "benchmarks" must be an array'
malformed empty.json '' '1:1: '

# (e) command-line and value errors.
code() { # WANT PATTERN ARGS...
  local want=$1 pattern=$2
  shift 2
  step
  timeout -k 1 30 "$resinc" bench "$@" >"$work/out" 2>"$work/err"
  local status=$?
  [ $status -eq "$want" ] || fail "resinc bench $* exited $status (want $want): $(head -1 "$work/err")"
  step
  grep -qE "$pattern" "$work/err" || fail "resinc bench $*: stderr lacks '$pattern': $(head -1 "$work/err")"
}
code 2 "unknown flag '--frobnicate' for 'resinc bench'" "$audio" --frobnicate
code 2 "unknown flag '--engine' for 'resinc bench'; did you mean '--engines'\?" "$audio" --engine jit
code 2 'required' --min-time 0.01
code 1 'error: --samples: ' "$audio" --samples 0
code 1 'error: --min-time: ' "$audio" --min-time abc
code 1 'error: --min-time: ' "$audio" --min-time 0
code 1 'error: --max-regression: ' "$audio" --max-regression -5
code 1 "error: --engines: unknown engine 'nativ'.*did you mean 'native'" "$audio" --engines nativ
code 1 'error: .*missing.graph' "$work/missing.graph"
code 1 "would be named 'affine_chain/" "$audio" "$graphs/affine_chain.json"

echo "cli.bench: $((total - failed)) of $total checks passed"
[ $failed -eq 0 ]
