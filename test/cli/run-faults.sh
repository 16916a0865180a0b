#!/usr/bin/env bash
# run-faults.sh RESINC GRAPHS_DIR PART [SEED]
#
# Faults from outside the inputs (docs/reliability.md, "Faults"): a
# file-size limit, a full filesystem, a read-only output directory, an
# address-space limit, SIGINT and SIGTERM at seeded random moments, a
# damaged, truncated or read-only compile cache, and 8 processes sharing one
# cache and one output. For each: the exit status, exactly one line on
# stderr (a pattern), the target byte for byte as it was (cmp against a
# copy saved first) and nothing left behind in its directory (no
# temporaries). The filesystem cases mount a small tmpfs in a private mount
# namespace (unshare), which vanishes with the process; where the machine
# refuses one they are skipped with a message. Prints one line per failure
# and a summary; exits 1 on any failure. PART is one of files (size limit,
# full and read-only filesystems), memory (ulimit -v), signals, cache (the
# compile cache, and 8 processes at once), so that each is one short test.
set -u

if [ $# -lt 3 ] || [ $# -gt 4 ]; then
  echo "usage: $0 RESINC GRAPHS_DIR files|memory|signals|cache [SEED]" >&2
  exit 2
fi
resinc=$1 graphs=$2 part=$3
case $part in
files | memory | signals | cache) ;;
*)
  echo "$0: no part '$part' (files, memory, signals, cache)" >&2
  exit 2
  ;;
esac
RANDOM=${4:-26} # the moments the signals arrive, reproducible
. "$(dirname "${BASH_SOURCE[0]}")/harness.sh" run-faults
# A directory may hold a mount point only while its namespace lives, but a
# read-only mode set here must be undone for the harness's rm -rf.
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT

graph=$graphs/tremolo.graph
field=$graphs/perlin.field
skipped=()

# listing DIR: its entries, hidden ones too, one a line.
listing() { ls -A "$1" 2>&1; }

# verdict NAME STATUS WANT PATTERN STDERR TARGET SAVED DIR BEFORE: the
# common checks of a fault. PATTERN is an extended regular expression that
# the one line of stderr must match; BEFORE is DIR's listing before the fault.
verdict() {
  local name=$1 status=$2 want=$3 pattern=$4 stderr=$5 target=$6 saved=$7 dir=$8 before=$9
  step
  if [ "$status" -ne "$want" ]; then
    fail "$name: exit status $status, expected $want: $(head -n 3 "$stderr")"
    return
  fi
  local lines
  lines=$(wc -l <"$stderr")
  if [ "$lines" -ne 1 ] || ! grep -Eq -- "$pattern" "$stderr"; then
    fail "$name: stderr is not one line matching '$pattern': $(head -n 3 "$stderr")"
    return
  fi
  if ! cmp -s "$target" "$saved"; then
    fail "$name: $target changed"
    return
  fi
  if [ "$(listing "$dir")" != "$before" ]; then
    fail "$name: $dir holds other files than before: $(listing "$dir" | tr '\n' ' ')"
  fi
}

# fault NAME WANT PATTERN TARGET [LIMITS] -- ARGS...: runs resinc ARGS
# under the ulimit options LIMITS (e.g. "-f 64") and checks the verdict,
# TARGET's directory included.
fault() {
  local name=$1 want=$2 pattern=$3 target=$4 limits=$5
  shift 6
  local dir
  dir=$(dirname "$target")
  cp "$target" "$work/saved"
  local before
  before=$(listing "$dir")
  # shellcheck disable=SC2086 # LIMITS is a list of ulimit options
  (ulimit $limits && exec timeout -k 1 20 "$resinc" "$@") >/dev/null 2>"$work/stderr" </dev/null
  verdict "$name" $? "$want" "$pattern" "$work/stderr" "$target" "$work/saved" "$dir" "$before"
}

out=$work/out
mkdir "$out"
# The good outputs that every fault must leave as they are.
"$resinc" run "$graph" -o "$out/good.wav" --seconds 1 --engine native --quiet ||
  fail "setup: run"
"$resinc" render "$field" -o "$out/good.png" --size 128x128 --quiet ||
  fail "setup: render png"
"$resinc" render "$field" -o "$out/good.pfm" --size 128x128 --quiet ||
  fail "setup: render pfm"
"$resinc" compile "$graph" -o "$out/kernel.o" || fail "setup: compile -o"
cp "$out/good.wav" "$work/reference.wav"
cp "$out/good.png" "$work/reference.png"

# ---- a file-size limit (the shape of a full disk) ----------------------------
if [ "$part" = files ]; then
# ulimit -f counts 1024-byte blocks; SIGXFSZ is ignored, so the write fails.
fault fsize-run 1 "good\.wav: writing failed: .*File too large" "$out/good.wav" "-f 64" -- \
  run "$graph" -o "$out/good.wav" --seconds 4 --engine native --quiet
fault fsize-render-png 1 "good\.png: .*File too large" "$out/good.png" "-f 16" -- \
  render "$field" -o "$out/good.png" --size 512x512 --quiet
fault fsize-render-pfm 1 "good\.pfm: writing failed: File too large" "$out/good.pfm" "-f 16" -- \
  render "$field" -o "$out/good.pfm" --size 512x512 --quiet
fault fsize-compile 1 "kernel\.o: writing failed: File too large" "$out/kernel.o" "-f 1" -- \
  compile "$graph" -o "$out/kernel.o"
fi

# ---- a full filesystem and a read-only output directory ---------------------
if [ "$part" = files ]; then
# In a private mount namespace (unshare -rm: root there, so it works as root
# and, where user namespaces are allowed, as any user): a 192 KiB tmpfs
# holding a good WAV, then a run that needs more; then the tmpfs made
# read-only. The script runs inside, with its checks' results in a file.
mnt=$work/mnt
mkdir "$mnt"
if unshare -rm true 2>/dev/null; then
  unshare -rm bash -c '
    resinc=$1 graph=$2 mnt=$3 work=$4
    mount -t tmpfs -o size=192k none "$mnt" || exit 99
    "$resinc" run "$graph" -o "$mnt/good.wav" --seconds 0.5 --engine native --quiet || exit 98
    cp "$mnt/good.wav" "$work/mnt-saved"
    ls -A "$mnt" >"$work/mnt-before"
    timeout -k 1 20 "$resinc" run "$graph" -o "$mnt/good.wav" --seconds 4 --engine native \
      --quiet 2>"$work/full-stderr"
    echo $? >"$work/full-status"
    ls -A "$mnt" >"$work/full-after"
    cmp -s "$mnt/good.wav" "$work/mnt-saved" && echo same >"$work/full-cmp"
    # A bind mount of itself made read-only: remounting the tmpfs itself
    # read-only is refused in a user namespace.
    mount --bind "$mnt" "$mnt" && mount -o remount,bind,ro "$mnt" || exit 97
    timeout -k 1 20 "$resinc" run "$graph" -o "$mnt/good.wav" --seconds 0.25 --engine native \
      --quiet 2>"$work/ro-stderr"
    echo $? >"$work/ro-status"
    ls -A "$mnt" >"$work/ro-after"
    cmp -s "$mnt/good.wav" "$work/mnt-saved" && echo same >"$work/ro-cmp"
    exit 0
  ' sh "$resinc" "$graph" "$mnt" "$work"
  setup=$?
  if [ "$setup" -ne 0 ]; then
    skipped+=("full filesystem and read-only directory (tmpfs setup failed: $setup)")
  else
    for case in full ro; do
      step
      pattern="good\.wav: writing failed: .*No space left on device"
      [ $case = ro ] && pattern="good\.wav: cannot write the output file: Read-only file system"
      status=$(cat "$work/$case-status")
      if [ "$status" -ne 1 ]; then
        fail "$case: exit status $status, expected 1: $(head -n 3 "$work/$case-stderr")"
      elif [ "$(wc -l <"$work/$case-stderr")" -ne 1 ] ||
        ! grep -Eq -- "$pattern" "$work/$case-stderr"; then
        fail "$case: stderr is not one line matching '$pattern': $(head -n 3 "$work/$case-stderr")"
      elif ! [ -f "$work/$case-cmp" ]; then
        fail "$case: the target changed"
      elif ! cmp -s "$work/mnt-before" "$work/$case-after"; then
        fail "$case: the directory holds other files: $(tr '\n' ' ' <"$work/$case-after")"
      fi
    done
  fi
else
  skipped+=("full filesystem and read-only directory (no private mount namespace here)")
fi
# Without root, a directory's mode is enough to make it read-only.
if [ "$(id -u)" -ne 0 ]; then
  mkdir "$work/ro"
  cp "$out/good.wav" "$work/ro/good.wav"
  chmod 555 "$work/ro"
  fault ro-mode 1 "good\.wav: cannot write the output file: Permission denied" \
    "$work/ro/good.wav" "" -- run "$graph" -o "$work/ro/good.wav" --seconds 0.25 --quiet
  chmod 755 "$work/ro"
fi
fi

# ---- an address-space limit --------------------------------------------------
# ulimit -v from the smallest address space in which resinc starts at all
# (--version, found to 256 KiB) upward in STEP KiB over SPAN KiB: every
# allocation on the way (LLVM's, the JIT's memory, the engines', threads')
# fails in turn. At each step the command either succeeds (its output the
# reference, byte for byte; a warning may say the optimizing tier could not
# start) or fails with exit 1 and one line, the target as it was; never a
# crash, a core dump or a stack trace. Sanitized builds reserve terabytes of
# shadow memory before main, so they skip this part.
startup=
# startup_limit: the least ulimit -v (KiB) under which resinc --version runs.
startup_limit() {
  local low=32768 high=4194304 mid
  (ulimit -v $high && exec "$resinc" --version) >/dev/null 2>&1 || return 1
  while [ $((high - low)) -gt 256 ]; do
    mid=$(((low + high) / 2))
    if (ulimit -v $mid && exec "$resinc" --version) >/dev/null 2>&1; then
      high=$mid
    else
      low=$mid
    fi
  done
  echo $high
}
# vm_sweep NAME STEP SPAN TARGET REFERENCE -- ARGS...
vm_sweep() {
  local name=$1 stride=$2 span=$3 target=$4 reference=$5
  shift 6
  local limit status failures=0
  for ((limit = startup; limit < startup + span; limit += stride)); do
    cp "$target" "$work/saved"
    local before
    before=$(listing "$(dirname "$target")")
    (ulimit -v $limit && exec timeout -k 1 20 "$resinc" "$@") >/dev/null 2>"$work/stderr" </dev/null
    status=$?
    if [ $status -eq 0 ]; then
      step
      cmp -s "$target" "$reference" || fail "$name at $limit KiB: wrong output"
      continue
    fi
    failures=$((failures + 1))
    verdict "$name at $limit KiB" $status 1 \
      "^resinc: error: .*(out of memory|not enough memory|insufficient memory|out of system resources)" \
      "$work/stderr" "$target" "$work/saved" "$(dirname "$target")" "$before"
  done
  step
  [ $failures -ge 1 ] || fail "$name: no limit from $startup KiB on failed; the sweep tested nothing"
}
if [ "$part" = memory ]; then
  if nm "$resinc" 2>/dev/null | grep -q __asan_init; then
    skipped+=("ulimit -v (a sanitized build)")
  else
    if ! startup=$(startup_limit); then
      step
      fail "resinc does not start under 4 GiB of address space"
    else
      vm_sweep vm-compile 256 2048 "$out/kernel.o" "$out/kernel.o" -- \
        compile "$graph" --engine jit --no-cache
      vm_sweep vm-render 3072 24576 "$out/good.png" "$work/reference.png" -- \
        render "$field" -o "$out/good.png" --size 128x128 --quiet
      vm_sweep vm-run 3072 24576 "$out/good.wav" "$work/reference.wav" -- \
        run "$graph" -o "$out/good.wav" --seconds 1 --quiet
    fi
    # Where a buffer sized from a flag does not fit, the message names the flag.
    fault vm-render-size 1 "^resinc: error: --size: not enough memory for a 16000x16000 image$" \
      "$out/good.png" "-v $((startup + 262144))" -- \
      render "$field" -o "$out/good.png" --size 16000x16000
    echo previous >"$out/report.json"
    fault vm-bench-samples 1 "^resinc: error: --samples: not enough memory for 67108864 samples$" \
      "$out/report.json" "-v $((startup + 131072))" -- \
      bench "$graph" --samples 67108864 --engines native --json "$out/report.json"
  fi
fi

# ---- SIGINT and SIGTERM --------------------------------------------------------
# handler_ready PID: waits until PID runs resinc (the shell's child has
# exec'd it: until then it is a copy of bash, which catches SIGINT too) and
# catches SIGINT (bit 2 of SigCgt in /proc), so that a signal lands after
# resinc's handler is in place.
resinc_exe=$(readlink -f "$resinc")
handler_ready() {
  local pid=$1 i mask
  for ((i = 0; i < 2000; ++i)); do
    [ -e "/proc/$pid" ] || return 1
    if [ "$(readlink "/proc/$pid/exe" 2>/dev/null)" = "$resinc_exe" ]; then
      mask=$(sed -n 's/^SigCgt:[[:space:]]*//p' "/proc/$pid/status" 2>/dev/null)
      [ -n "$mask" ] && (((16#$mask & 2) != 0)) && return 0
    fi
    sleep 0.005
  done
  return 1
}

# interrupt NAME SIGNALS WANT TARGET -- ARGS...: starts resinc ARGS, waits
# for its handler and a random 0 to 249 ms, sends SIGNALS (e.g. "INT" or
# "INT INT"), and checks the verdict; resinc must be gone within 5 s.
interrupt() {
  local name=$1 signals=$2 want=$3 target=$4
  shift 5
  local dir
  dir=$(dirname "$target")
  cp "$target" "$work/saved"
  local before
  before=$(listing "$dir")
  # Job control on: a background command would otherwise start with SIGINT
  # ignored, which resinc keeps (as a program started with nohup).
  set -m
  "$resinc" "$@" >/dev/null 2>"$work/stderr" </dev/null &
  local pid=$!
  set +m
  local delay
  delay=$(printf '0.%03d' $((RANDOM % 250)))
  if ! handler_ready $pid; then
    kill -KILL $pid 2>/dev/null
    wait $pid
    step
    fail "$name: resinc never installed its SIGINT handler (or ended first): $(head -n 2 "$work/stderr")"
    return
  fi
  sleep "$delay"
  local sig
  for sig in $signals; do
    kill -"$sig" $pid
  done
  local i
  for ((i = 0; i < 500; ++i)); do
    kill -0 $pid 2>/dev/null || break
    sleep 0.01
  done
  if kill -0 $pid 2>/dev/null; then
    kill -KILL $pid
    wait $pid
    step
    fail "$name: still running 5 s after SIG$signals (sent after $delay s)"
    return
  fi
  wait $pid
  verdict "$name (after $delay s)" $? "$want" \
    "^resinc: stopped by SIG${signals%% *}; no output file was changed$" "$work/stderr" \
    "$target" "$work/saved" "$dir" "$before"
}

if [ "$part" = signals ]; then
# Long enough that no signal comes too late: hours of audio, a big image.
long_run=(run "$graph" -o "$out/good.wav" --seconds 20000 --quiet)
long_render=(render "$graphs/terrain.field" -o "$out/good.png" --size 6000x6000 --threads 2
  --quiet)
for k in 1 2; do
  interrupt "sigint-run-$k" INT 130 "$out/good.wav" -- "${long_run[@]}" --engine native
done
interrupt sigint-run-jit INT 130 "$out/good.wav" -- "${long_run[@]}" --engine tiered
for k in 1 2; do
  interrupt "sigint-render-$k" INT 130 "$out/good.png" -- "${long_render[@]}"
done
interrupt sigterm-run TERM 143 "$out/good.wav" -- "${long_run[@]}" --engine native
interrupt sigterm-render TERM 143 "$out/good.png" -- "${long_render[@]}"
# A second signal ends resinc at once, from the handler.
interrupt sigint-twice-run "INT INT" 130 "$out/good.wav" -- "${long_run[@]}" --engine native
interrupt sigint-twice-render "INT INT" 130 "$out/good.png" -- "${long_render[@]}"
# verify and bench stop too, and write no JSON report.
echo previous >"$out/report.json"
interrupt sigint-verify INT 130 "$out/report.json" -- verify "$graphs"/*.graph \
  --json "$out/report.json"
interrupt sigint-bench INT 130 "$out/report.json" -- bench "$graph" --json "$out/report.json"
fi

# ---- the compile cache ---------------------------------------------------------
# Both compiled tiers keep their code in the cache, so each case runs once
# with the LLVM tier (jit) and once with the baseline tier (jit-baseline).
# cache_compile CACHE: compiles the graph with $engine through CACHE; stderr
# in $work/stderr, the cache's verdict ("hit", "miss") on stdout.
cache_compile() {
  "$resinc" compile "$graph" --engine "$engine" --cache-dir "$1" --json "$work/c.json" \
    >/dev/null 2>"$work/stderr"
  local status=$?
  [ $status -ne 0 ] && echo "status $status"
  grep -Eo '"cache": "[a-z]+"' "$work/c.json" | grep -Eo '[a-z]+"$' | tr -d '"'
}

# damage NAME HOW: damages the entry with HOW (a command reading the entry
# on stdin and writing the damaged one), then expects a miss with one
# warning, the entry replaced by a good one (its size; two compiles' images
# differ in a few addresses, so not its bytes), and a quiet hit after it.
damage() {
  local name="$engine $1" how=$2
  $how <"$work/entry" >"$entry"
  local got
  got=$(cache_compile "$cache")
  step
  if [ "$got" != miss ] || [ "$(wc -l <"$work/stderr")" -ne 1 ] ||
    ! grep -Eq "^resinc: warning: the compile cache entry .*$(basename "$entry") could not be used" \
      "$work/stderr"; then
    fail "$name: '$got', stderr: $(head -n 2 "$work/stderr")"
  elif [ "$(wc -c <"$entry")" -ne "$(wc -c <"$work/entry")" ]; then
    fail "$name: the entry was not replaced by a good one"
  elif [ "$(listing "$cache")" != "$cache_listing" ]; then
    fail "$name: the cache holds other files: $(listing "$cache" | tr '\n' ' ')"
  elif got=$(cache_compile "$cache") && [ "$got" != hit ] || [ -s "$work/stderr" ]; then
    fail "$name: the next compile is '$got', not a quiet hit"
  fi
}
flip() { python3 -c 'import sys; b = bytearray(sys.stdin.buffer.read()); b[len(b) // 2] ^= 0x10; sys.stdout.buffer.write(b)'; }

# eight_at_once LABEL COMMAND...: runs COMMAND 8 times at once (stdout
# discarded, stderr to $work/LABEL-K.err); each must exit 0 and say nothing.
eight_at_once() {
  local label=$1 k status
  shift
  local pids=()
  for k in 1 2 3 4 5 6 7 8; do
    "$@" >/dev/null 2>"$work/$label-$k.err" &
    pids+=($!)
  done
  for k in 1 2 3 4 5 6 7 8; do
    wait "${pids[$((k - 1))]}"
    status=$?
    step
    [ $status -eq 0 ] && [ ! -s "$work/$label-$k.err" ] ||
      fail "$label $k: exit status $status: $(head -n 2 "$work/$label-$k.err")"
  done
}

# cache_faults: every cache case with $engine, in directories of its own.
cache_faults() {
  cache=$work/cache-$engine
  got=$(cache_compile "$cache")
  step
  [ "$got" = miss ] && [ ! -s "$work/stderr" ] || fail "$engine cache-first: '$got' $(head -n 2 "$work/stderr")"
  entry=$(ls "$cache"/*.resinobj)
  cp "$entry" "$work/entry"
  cache_listing=$(listing "$cache")

  damage cache-corrupted flip
  damage cache-truncated "head -c 100"
  damage cache-empty "head -c 0"

  # A read-only cache holding a truncated entry: the compile succeeds, says
  # once that it could not store, and changes nothing.
  local rocache=$work/rocache-$engine
  mkdir "$rocache"
  if unshare -rm true 2>/dev/null; then
    head -c 100 "$work/entry" >"$work/truncated"
    unshare -rm bash -c '
      rocache=$1 truncated=$2 entryname=$3
      shift 3
      mount -t tmpfs -o size=1m none "$rocache" || exit 99
      cp "$truncated" "$rocache/$entryname"
      chmod 700 "$rocache"
      mount --bind "$rocache" "$rocache" && mount -o remount,bind,ro "$rocache" || exit 97
      "$@"
      echo $? >"$rocache.status"
      ls -A "$rocache" >"$rocache.after"
      cmp -s "$rocache/$entryname" "$truncated" && echo same >"$rocache.cmp"
      exit 0
    ' sh "$rocache" "$work/truncated" "$(basename "$entry")" \
      "$resinc" compile "$graph" --engine "$engine" --cache-dir "$rocache" 2>"$work/stderr" >/dev/null
    local setup=$?
    step
    if [ $setup -ne 0 ]; then
      skipped+=("$engine read-only cache (tmpfs setup failed: $setup)")
    elif [ "$(cat "$rocache.status")" -ne 0 ]; then
      fail "$engine cache-read-only: exit status $(cat "$rocache.status"): $(head -n 2 "$work/stderr")"
    elif [ "$(wc -l <"$work/stderr")" -ne 1 ] ||
      ! grep -Eq "^resinc: warning: cannot store in the compile cache: .*Read-only file system" \
        "$work/stderr"; then
      fail "$engine cache-read-only: stderr: $(head -n 3 "$work/stderr")"
    elif ! [ -f "$rocache.cmp" ] || [ "$(cat "$rocache.after")" != "$(basename "$entry")" ]; then
      fail "$engine cache-read-only: the cache changed: $(tr '\n' ' ' <"$rocache.after")"
    fi
  else
    skipped+=("$engine read-only cache (no private mount namespace here)")
  fi

  # One empty cache directory, 8 compiles: each succeeds silently, and the
  # cache ends with one good entry (the size a lone compile's has; the next
  # compile is a quiet hit).
  local shared=$work/shared-$engine
  eight_at_once "$engine-shared-cache" "$resinc" compile "$graph" --engine "$engine" --cache-dir "$shared"
  step
  [ "$(listing "$shared")" = "$cache_listing" ] &&
    [ "$(wc -c <"$shared/$(basename "$entry")")" -eq "$(wc -c <"$work/entry")" ] ||
    fail "$engine shared-cache: the directory holds $(listing "$shared" | tr '\n' ' '), not the one entry"
  got=$(cache_compile "$shared")
  step
  [ "$got" = hit ] && [ ! -s "$work/stderr" ] || fail "$engine shared-cache: then '$got' $(head -n 2 "$work/stderr")"
}

if [ "$part" = cache ]; then
for engine in jit jit-baseline; do
  cache_faults
done

# ---- 8 processes at once ------------------------------------------------------
# 8 renders of the same image to one target: each succeeds, the target is
# the image, and no temporary is left.
out_listing=$(listing "$out")
eight_at_once same-target "$resinc" render "$field" -o "$out/good.png" --size 128x128 --quiet
step
cmp -s "$out/good.png" "$work/reference.png" && [ "$(listing "$out")" = "$out_listing" ] ||
  fail "same-target: $(listing "$out" | tr '\n' ' ')"

fi

for why in "${skipped[@]}"; do
  echo "run-faults: skipped: $why"
done
echo "run-faults: $((total - failed))/$total passed"
[ "$failed" -eq 0 ]
