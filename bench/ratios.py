#!/usr/bin/env python3
"""Ratio tables for docs/performance.md from resin_engine_bench's JSON.

Reads Google Benchmark's JSON (--benchmark_out=FILE --benchmark_out_format=json,
or --benchmark_format=json on stdout), takes each benchmark's median over its
repetitions (--benchmark_repetitions=N; keep the individual runs in the file,
i.e. use --benchmark_display_aggregates_only rather than
--benchmark_report_aggregates_only, so the spread can be shown), and prints
Markdown:

  - per workload (FILE_STEM), every row's median ns per item, the spread of
    its repetitions (min..max as a % of the median), and its ratio to each
    row of the same run that is not a resin engine (hand-written, peers,
    memcpy); a workload with no such rows of its own (affine_chain-O0,
    sin-fast) is compared with its base workload's (affine_chain, sin);
  - the JIT compile rows (total_ms);
  - one line per target of issue 7: target, measured, met or missed by how
    much.

Optionally, --compile-json FILE... adds the medians of `resinc compile --json`
reports (one process per file), grouped by input file, for the compile-time
targets.

Usage: bench/ratios.py run.json [more.json...] [--compile-json aff_*.json c50_*.json]
(several benchmark files are merged, e.g. a throughput run and a compile run)
"""

import argparse
import json
import os
import statistics
import sys

ENGINES = ["interp", "native", "jit-scalar", "jit-f32x4", "jit-f32x8", "jit-f32x16", "jit"]
JIT_ENGINES = [e for e in ENGINES if e.startswith("jit")]


def load_runs(path):
    """name -> list of per-repetition values, in the file's order.

    Throughput rows give ns_per_item, compile rows total_ms. Aggregate
    entries are used only when a benchmark has no individual runs.
    """
    with open(path) as f:
        doc = json.load(f)
    runs, medians, errors = {}, {}, {}
    for b in doc["benchmarks"]:
        name = b.get("run_name", b["name"])
        if b.get("error_occurred"):
            errors[name] = b.get("error_message", "error")
            continue
        key = "total_ms" if "/compile-" in name else "ns_per_item"
        if key not in b:
            continue
        if b.get("run_type") == "aggregate":
            if b.get("aggregate_name") == "median":
                medians[name] = b[key]
        else:
            runs.setdefault(name, []).append(b[key])
    for name, value in medians.items():
        runs.setdefault(name, [value])
    return doc.get("context", {}), runs, errors


class Stat:
    def __init__(self, values):
        self.median = statistics.median(values)
        self.lo, self.hi, self.n = min(values), max(values), len(values)

    def rel_spread(self):
        return (self.hi - self.lo) / self.median if self.n > 1 and self.median else 0.0

    def spread(self):
        if self.n < 2 or self.median == 0:
            return "-"
        return "%.0f%%" % (100.0 * self.rel_spread())


def fmt(x):
    if x >= 100:
        return "%.0f" % x
    if x >= 10:
        return "%.1f" % x
    if x >= 1:
        return "%.2f" % x
    return "%.3f" % x


def split(name):
    group, _, row = name.rpartition("/")
    return group, row


def workload_tables(stats):
    groups = {}
    for name, st in stats.items():
        group, row = split(name)
        if row.startswith("compile-"):
            continue
        groups.setdefault(group, {})[row] = st

    def refs_of(group):
        own = [r for r in groups[group] if r not in ENGINES]
        if own:
            return group, own
        base = group.split("-")[0]
        if base in groups:
            return base, [r for r in groups[base] if r not in ENGINES]
        return group, []

    out = []
    for group, rows in groups.items():
        ref_group, refs = refs_of(group)
        unit = "ns/point" if group in ("perlin2", "fbm2") else "ns/sample"
        head = ["benchmark", unit, "spread"] + ["÷ " + r for r in refs]
        out.append("### `%s`%s\n" % (group, "" if ref_group == group else
                                       " (ratios to `%s`'s rows)" % ref_group))
        out.append("| " + " | ".join(head) + " |")
        out.append("|---|" + "---:|" * (len(head) - 1))
        shown = list(rows.items())
        if ref_group != group:
            shown += [(r, groups[ref_group][r]) for r in refs]
        for row, st in shown:
            g = group if row in rows else ref_group
            cells = ["`%s/%s`" % (g, row), fmt(st.median), st.spread()]
            for r in refs:
                cells.append(fmt(st.median / groups[ref_group][r].median))
            out.append("| " + " | ".join(cells) + " |")
        out.append("")
    return out, groups


def compile_table(stats):
    if not any("/compile-" in name for name in stats):
        return []
    out = ["### JIT compile in process (`FILE_STEM/compile-ENGINE`, total_ms)\n",
           "| benchmark | total ms | spread |", "|---|---:|---:|"]
    for name, st in stats.items():
        if "/compile-" in name:
            out.append("| `%s` | %s | %s |" % (name, fmt(st.median), st.spread()))
    out.append("")
    return out


def resinc_compile(paths):
    groups = {}
    for path in paths:
        with open(path) as f:
            r = json.load(f)
        stem = os.path.splitext(os.path.basename(r["file"]))[0]
        key = (stem, r["nodes_before"], r["nodes_after"])
        groups.setdefault(key, []).append(r["total_ms"])
    return {k: Stat(v) for k, v in groups.items()}


def verdict(measured, limit, spread=0.0):
    """spread: the relative spread of the measurement's repetitions; a
    result closer to the limit than that is flagged as too close to call."""
    if measured <= limit:
        text = "met (%.1f%% under)" % (100.0 * (1 - measured / limit))
    else:
        text = "missed by %.1f%%" % (100.0 * (measured / limit - 1))
    if abs(measured / limit - 1) < spread:
        text += ", closer than the repetitions' spread (%.1f%%)" % (100.0 * spread)
    return text


def targets(groups, compiles):
    lines = []

    def get(group, row):
        return groups.get(group, {}).get(row)

    def ratio_target(label, num, den, limit):
        a, b = get(*num), get(*den)
        if a is None or b is None:
            lines.append("- %s: target %.2fx, not measured" % (label, limit))
            return
        m = a.median / b.median
        lines.append("- %s: target %.2fx, measured %.3fx (%s / %s ns), %s" %
                     (label, limit, m, fmt(a.median), fmt(b.median),
                      verdict(m, limit, a.rel_spread() + b.rel_spread())))

    def ns_target(label, num, limit, unit):
        a = get(*num)
        if a is None:
            lines.append("- %s: target %.2f %s, not measured" % (label, limit, unit))
            return
        lines.append("- %s: target %.2f %s, measured %s, %s" %
                     (label, limit, unit, fmt(a.median), verdict(a.median, limit, a.rel_spread())))

    ratio_target("affine chain, `jit` vs memcpy", ("affine_chain", "jit"),
                 ("affine_chain", "memcpy"), 1.05)
    ratio_target("affine chain, `jit-f32x4` vs memcpy", ("affine_chain", "jit-f32x4"),
                 ("affine_chain", "memcpy"), 1.10)
    ratio_target("50-op chain, `jit` vs hand-written", ("chain50", "jit"),
                 ("chain50", "hand-written"), 0.90)
    for e in JIT_ENGINES:
        ratio_target("one-pole, `%s` vs hand-written" % e, ("onepole", e),
                     ("onepole", "hand-written"), 1.0)
    for e in JIT_ENGINES:
        ratio_target("biquad, `%s` vs Faust -vec" % e, ("biquad", e), ("biquad", "faust-vec"), 1.0)
    ns_target("sin precise, `jit`", ("sin", "jit"), 0.50, "ns/sample")
    ns_target("sin fast, `jit`", ("sin-fast", "jit"), 0.25, "ns/sample")
    ns_target("perlin2 512x512 one thread, `jit`", ("perlin2", "jit"), 2.0, "ns/point")
    f, h = get("fbm2", "jit"), get("fbm2", "hand-written")
    if f is not None and h is not None:
        lines.append("- fbm2 6 octaves 512x512 one thread, `jit`: no target in issue 7, "
                     "measured %s ns/point, %.3fx hand-written" % (fmt(f.median), f.median / h.median))
    for (stem, before, after), st in compiles.items():
        limit = {"affine_chain": 1.5, "chain50": 3.0}.get(stem)
        label = "`resinc compile` total_ms, %s (%d -> %d nodes, %d processes)" % (
            stem, before, after, st.n)
        if limit is None:
            lines.append("- %s: no target, measured %s ms" % (label, fmt(st.median)))
        else:
            lines.append("- %s: target %.1f ms, measured %s ms (min %s, max %s), %s" %
                         (label, limit, fmt(st.median), fmt(st.lo), fmt(st.hi),
                          verdict(st.median, limit, st.rel_spread())))
    return lines


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("json", nargs="+",
                    help="resin_engine_bench JSON output (several runs are merged)")
    ap.add_argument("--compile-json", nargs="*", default=[],
                    help="`resinc compile --json` reports, one per process")
    args = ap.parse_args()

    contexts, runs, errors = [], {}, {}
    for path in args.json:
        c, r, e = load_runs(path)
        contexts.append((path, c))
        for name, values in r.items():
            runs.setdefault(name, []).extend(values)
        errors.update(e)
    stats = {name: Stat(values) for name, values in runs.items()}
    reps = max((s.n for s in stats.values()), default=0)
    for path, c in contexts:
        load = c.get("load_avg")
        print("- `%s`: run %s on %s, %d CPUs at %s MHz, load average at start %s" %
              (path, c.get("date", "?"), c.get("host_name", "?"), c.get("num_cpus", 0),
               c.get("mhz_per_cpu", "?"), ", ".join("%.2f" % x for x in load) if load else "?"))
    print("\nMedians of %d repetitions; spread = (max - min) / median over them.\n" % reps)
    if errors:
        print("**Rows that failed (no time reported):**\n")
        for name, message in errors.items():
            print("- `%s`: %s" % (name, message))
        print()
    tables, groups = workload_tables(stats)
    print("\n".join(tables))
    print("\n".join(compile_table(stats)))
    print("### Targets of issue 7\n")
    print("\n".join(targets(groups, resinc_compile(args.compile_json))))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
